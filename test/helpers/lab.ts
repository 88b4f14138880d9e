/**
 * Test helpers for the lab twins: whether lab-backed tests can run here, and a
 * loud skip reason when they cannot.
 */
import { existsSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** Project root. */
export const ROOT = join(import.meta.dirname, '..', '..');

/** Where the suite's global setup records how the lab start went (test/global-setup.ts). */
export const LAB_READY_FILE = join(ROOT, '.lab', 'suite-start.json');

/** How the suite's lab start went: starting (in the background), up, failed or off (with the reason). */
export interface LabStart {
	/** Current state of the start. */
	state: 'starting' | 'up' | 'failed' | 'off';
	/** Why the lab is not available (failed, off). */
	reason?: string;
}

/** The recorded lab start, or undefined when no suite started the lab (a test file run by hand). */
export function labStart(): LabStart | undefined {
	try {
		return JSON.parse(readFileSync(LAB_READY_FILE, 'utf8')) as LabStart;
	} catch {
		return undefined;
	}
}

/**
 * Waits until the suite's background lab start has finished. With CI=true a failed start throws (every
 * lab-backed file fails, loudly); otherwise the reason is printed and the lab-backed tests skip.
 */
export async function waitForLab(timeoutMs = 20 * 60_000): Promise<void> {
	const until = Date.now() + timeoutMs;
	let s = labStart();
	while (s?.state === 'starting' && Date.now() < until) {
		await new Promise((r) => setTimeout(r, 500));
		s = labStart();
	}
	const ci = process.env.CI === 'true' || process.env.CI === '1';
	if (s?.state === 'starting') throw new Error(`the lab did not finish starting within ${timeoutMs / 60_000} min (see the lab output above)`);
	if (s?.state === 'failed' && ci) throw new Error(`CI=true and the lab failed to start: ${s.reason}`);
	if (s?.state === 'failed') console.warn(`\n⚠ the lab failed to start (${s.reason}): lab-backed tests will be skipped\n`);
}

/** Why lab-backed tests cannot run here, or `undefined` when they can. */
export function labUnavailableReason(): string | undefined {
	if (process.getuid?.() !== 0) return 'the lab needs root (network namespaces); run the tests as root';
	const start = labStart();
	if (start?.state === 'failed' || start?.state === 'off') return `the lab is not available: ${start.reason}`;
	if (!existsSync(join(ROOT, '.lab', 'inventory.yaml'))) return 'the lab is not up (.lab/inventory.yaml missing); `npm run lab -- up` failed or was not run';
	return undefined;
}

/** Prints a loud skip notice naming `suite` and `reason` when `reason` is set (the suite is skipped). */
export function labSkipNotice(suite: string, reason: string | undefined): void {
	if (reason) console.warn(`\n⚠ SKIPPED ${suite}: ${reason}\n`);
}

/** Runs `npm run lab -- <args>` equivalent (node lab/cli.ts) and returns stdout. */
export function lab(...args: string[]): string {
	return execFileSync(process.execPath, [join(ROOT, 'lab', 'cli.ts'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 240_000 });
}

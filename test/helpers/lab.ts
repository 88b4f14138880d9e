/**
 * Test helpers for the lab twins: whether lab-backed tests can run here, and a
 * loud skip reason when they cannot.
 */
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** Project root. */
export const ROOT = join(import.meta.dirname, '..', '..');

/** Why lab-backed tests cannot run here, or `undefined` when they can. */
export function labUnavailableReason(): string | undefined {
	if (process.getuid?.() !== 0) return 'the lab needs root (network namespaces); run the tests as root';
	if (!existsSync(join(ROOT, '.lab', 'inventory.yaml'))) return 'the lab is not up (.lab/inventory.yaml missing); `npm run lab -- up` failed or was not run';
	return undefined;
}

/** Prints a loud skip notice naming `suite` and `reason` when `reason` is set (the suite is skipped). */
export function labSkipNotice(suite: string, reason: string | undefined): void {
	if (reason) console.warn(`\n⚠ SKIPPED ${suite}: ${reason}\n`);
}

/** Prints a loud skip notice and returns true when lab tests must be skipped. */
export function skipWithoutLab(suite: string): boolean {
	const reason = labUnavailableReason();
	if (reason) console.warn(`\n⚠ SKIPPED ${suite}: ${reason}\n`);
	return reason !== undefined;
}

/** Runs `npm run lab -- <args>` equivalent (node lab/cli.mjs) and returns stdout. */
export function lab(...args: string[]): string {
	return execFileSync(process.execPath, [join(ROOT, 'lab', 'cli.mjs'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 240_000 });
}

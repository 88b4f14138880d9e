/**
 * Starts the lab twins for the suite, in the background (the unit tests run meanwhile); the serial
 * project's files wait for it (test/helpers/lab-ready.ts). Takes the lab down afterwards when this run
 * started it (unless LAB_KEEP=1).
 *
 * Honest by design: with CI=true a lab that cannot start fails the run (no root, or `lab up` failing);
 * only outside CI do the lab-backed tests skip, each saying why. LAB=off disables the lab (never in CI).
 */
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LAB_READY_FILE, ROOT, type LabStart } from './helpers/lab.ts';

const CLI = join(ROOT, 'lab', 'cli.ts');

/** Records how the lab start went (read by test/helpers/lab-ready.ts). */
function record(state: LabStart): void {
	mkdirSync(join(ROOT, '.lab'), { recursive: true });
	writeFileSync(LAB_READY_FILE, `${JSON.stringify(state)}\n`);
}

export default function setup() {
	process.env.VERIFY_ALLOWED_NETWORKS ??= '127.0.0.0/8,10.231.0.0/16';
	const ci = process.env.CI === 'true' || process.env.CI === '1';
	const off = process.getuid?.() !== 0 ? 'the lab needs root (network namespaces, mounts, routes); run the tests as root' : process.env.LAB === 'off' ? 'LAB=off' : undefined;
	if (off) {
		if (ci) throw new Error(`CI=true but the lab cannot start: ${off}. Lab-backed tests must run in CI.`);
		console.warn(`\n⚠ The lab twins are not started (${off}): lab-backed tests will be skipped.\n`);
		record({ state: 'off', reason: off });
		return;
	}
	const wasUp = existsSync(join(ROOT, '.lab', 'inventory.yaml'));
	record({ state: 'starting' });
	const child = spawn(process.execPath, [CLI, 'up'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
	const done = new Promise<void>((resolve) => {
		child.on('exit', (code, signal) => {
			if (code === 0) record({ state: 'up' });
			else record({ state: 'failed', reason: `npm run lab -- up exited ${code ?? signal}` });
			resolve();
		});
		child.on('error', (e) => {
			record({ state: 'failed', reason: `could not run the lab CLI: ${e.message}` });
			resolve();
		});
	});
	return async () => {
		await done;
		if (!wasUp && process.env.LAB_KEEP !== '1') {
			execFileSync(process.execPath, [CLI, 'down'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'], timeout: 300_000 });
		}
	};
}

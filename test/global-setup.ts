/**
 * Brings the lab twins up once before the suite (when running as root) and takes
 * them down afterwards if this run started them. Tests that need the lab skip
 * loudly when it is unavailable.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';

const ROOT = join(import.meta.dirname, '..');

export default function setup() {
	process.env.VERIFY_ALLOWED_NETWORKS ??= '127.0.0.0/8,10.231.0.0/16';
	const cli = join(ROOT, 'lab', 'cli.mjs');
	if (process.getuid?.() !== 0 || !existsSync(cli) || process.env.LAB === 'off') {
		console.warn('\n⚠ The lab twins are not started (needs root and lab/cli.mjs; LAB=off disables): lab-backed tests will be skipped.\n');
		return;
	}
	const wasUp = existsSync(join(ROOT, '.lab', 'inventory.yaml'));
	try {
		execFileSync(process.execPath, [cli, 'up'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'], timeout: 600_000 });
	} catch (error) {
		console.warn(`\n⚠ npm run lab -- up failed: lab-backed tests will be skipped. ${(error as Error).message}\n`);
		return;
	}
	return () => {
		if (!wasUp && process.env.LAB_KEEP !== '1') {
			execFileSync(process.execPath, [cli, 'down'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'], timeout: 300_000 });
		}
	};
}

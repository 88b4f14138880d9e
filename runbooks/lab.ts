/**
 * The lab operations the runner needs around destructive runbooks: reset a twin, wait until it is
 * ready, verify its facts again. Each spawns the project's own CLIs (I/O at the edge).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The lab CLI (lab/cli.ts; lab/cli.mjs in older checkouts). */
function labCli(root: string): string {
	return existsSync(join(root, 'lab/cli.ts')) ? 'lab/cli.ts' : 'lab/cli.mjs';
}

/** Result of a spawned command. */
export interface Spawned {
	/** Exit code (null when killed). */
	code: number | null;
	/** Combined output (tail). */
	output: string;
	/** Wall time. */
	durationMs: number;
}

/**
 * Runs the project's Node 24 with a script.
 * @param root
 *   Project root.
 * @param args
 *   Script and arguments.
 * @param timeoutMs
 *   Kill after this long.
 */
export function runNode(root: string, args: string[], timeoutMs: number): Promise<Spawned> {
	const t0 = Date.now();
	return new Promise((resolve) => {
		const child = spawn('sh', [join(root, 'scripts/node24.sh'), 'node', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
		let out = '';
		const keep = (b: Buffer) => {
			out = (out + b.toString()).slice(-8000);
		};
		child.stdout.on('data', keep);
		child.stderr.on('data', keep);
		const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
		// 'exit', not 'close': a twin started by the lab CLI may keep the pipes open
		child.on('exit', (code) => {
			clearTimeout(timer);
			child.stdout.destroy();
			child.stderr.destroy();
			resolve({ code, output: out, durationMs: Date.now() - t0 });
		});
	});
}

/** Readiness command per twin (run as root through `lab exec`): exit 0 when the twin serves what its facts declare. */
export const READINESS: Record<string, string> = {
	'gm-vserver':
		'systemctl is-system-running --wait >/dev/null 2>&1; for i in $(seq 1 120); do n=$(docker ps -a --format "{{.Names}} {{.Status}}" | grep -cv -E " Up .*\\(healthy\\)| Up [0-9a-zA-Z ]+$" || true); [ "$n" = 0 ] && docker ps --format "{{.Status}}" | grep -q . && exit 0; sleep 0.5; done; docker ps -a --format "{{.Names}} {{.Status}}"; exit 1',
	'nb-vps': 'for i in $(seq 1 120); do systemctl is-active -q nordabiznes nginx postgresql@14-main ssh && curl -fsS -o /dev/null http://127.0.0.1:5000/health && exit 0; sleep 0.5; done; systemctl --no-pager --failed; exit 1',
	'nb-revproxy': 'for i in $(seq 1 120); do docker ps --format "{{.Names}}" | grep -q nginx-proxy-manager_app_1 && exit 0; sleep 0.5; done; exit 1',
	'nb-staging': 'for i in $(seq 1 120); do (exec 3<>/dev/tcp/127.0.0.1/5000) 2>/dev/null && exit 0; sleep 0.5; done; exit 1',
};

/**
 * Resets a twin (`npm run lab -- reset <host>`).
 * @param root
 *   Project root.
 * @param host
 *   Twin id.
 */
export function resetTwin(root: string, host: string): Promise<Spawned> {
	return runNode(root, [labCli(root), 'reset', host], 900_000);
}

/**
 * Waits until a twin is ready (services up, containers healthy).
 * @param root
 *   Project root.
 * @param host
 *   Twin id.
 */
export function readiness(root: string, host: string): Promise<Spawned> {
	return runNode(root, [labCli(root), 'exec', host, '--', 'bash', '-c', READINESS[host] ?? 'true'], 120_000);
}

/**
 * The suite's lab hooks on the real lab: reset, readiness, verify again (errors name the host).
 * @param root
 *   Project root.
 */
export function labHooks(root: string): { reset(h: string): Promise<number>; ready(h: string): Promise<void>; reverify(h: string): Promise<string | undefined> } {
	return {
		reset: async (h) => {
			const r = await resetTwin(root, h);
			if (r.code !== 0) throw new Error(`lab reset ${h} failed: ${r.output.split('\n').slice(-3).join(' ')}`);
			return r.durationMs;
		},
		ready: async (h) => {
			const r = await readiness(root, h);
			if (r.code !== 0) throw new Error(`${h} not ready: ${r.output.split('\n').slice(-5).join(' ')}`);
		},
		reverify: async (h) => {
			const r = await reverify(root, h);
			return r.code === 0 ? undefined : `verifier exit ${r.code}: ${r.output.split('\n').filter((l) => /drift|unverified|✗/.test(l)).slice(0, 5).join(' | ')}`;
		},
	};
}

/**
 * Verifies one host's facts again (`npm run verify -- --host <host>`); exit 0 = every fact verified.
 * @param root
 *   Project root.
 * @param host
 *   Twin id.
 */
export function reverify(root: string, host: string): Promise<Spawned> {
	return runNode(root, ['verifiers/cli.ts', '--target', 'lab', '--host', host, '--no-save', '--reporter', 'terminal'], 180_000);
}

/**
 * Runs the WAN proxy (`proxy.ts`) as a child process, so its timers never share an event
 * loop with the benchmark's timing, and stops it again.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProxyJob, Route } from './proxy.ts';

const PROXY = fileURLToPath(new URL('./proxy.ts', import.meta.url));

/** A running proxy. */
export interface RunningProxy {
	/** Stops it. */
	stop(): Promise<void>;
}

/**
 * Starts the proxy and waits until every route listens.
 *
 * @param routes
 *   Routes.
 * @param rttMs
 *   Added round-trip time.
 * @param work
 *   Work directory (for the job file).
 * @returns
 *   The running proxy.
 */
export function startWanProxy(routes: Route[], rttMs: number, work: string): Promise<RunningProxy> {
	const job: ProxyJob = { rttMs, maxConnections: Math.min(8192, Math.max(64, routes.length * 4)), routes };
	const file = join(work, `wan-proxy-${rttMs}.json`);
	writeFileSync(file, JSON.stringify(job));
	const child = spawn(process.execPath, [PROXY, file], { stdio: ['ignore', 'pipe', 'pipe'] });
	return new Promise((resolve, reject) => {
		let out = '';
		let err = '';
		const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`the WAN proxy did not start within 30 s: ${err.trim()}`)); }, 30_000);
		child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
		child.stdout.on('data', (d: Buffer) => {
			out += d.toString();
			if (!out.includes('ready')) return;
			clearTimeout(timer);
			resolve({
				stop: () => new Promise<void>((done) => {
					if (child.exitCode !== null) return done();
					child.once('exit', () => done());
					child.kill('SIGTERM');
				}),
			});
		});
		child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`the WAN proxy exited (${code}): ${err.trim()}`)); });
	});
}

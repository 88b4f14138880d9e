/**
 * What every benchmarked tool shares: the fleet it runs against, a child-process
 * runner with a timeout and bounded output, and the result shape.
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { accessSync, constants, statSync } from 'node:fs';
import type { BenchHost } from '../lib.ts';

/** The lab fleet, read from .lab/fleet-inventory.yaml. */
export interface Fleet {
	/** Absolute path of the inventory. */
	inventoryPath: string;
	/** Login user. */
	user: string;
	/** Absolute path of the private key. */
	identityFile: string;
	/** Absolute path of the known_hosts file. */
	knownHosts: string;
	/** Hosts, sorted by id. */
	hosts: BenchHost[];
	/** Kernel release the hosts report (they share this machine's kernel). */
	kernel: string;
}

/** Outcome of one timed tool run. */
export interface RunResult {
	/** Wall time of the whole run, ms. */
	ms: number;
	/** Facts that passed (out of 5 × hosts). */
	passed: number;
	/** Facts expected to pass. */
	expected: number;
	/** What went wrong when `passed < expected`. */
	detail?: string | undefined;
	/** Peak RSS of the tool's process, KiB (when measured). */
	rssKb?: number;
	/** Time from process start to the first connection, ms (when the tool reports it). */
	firstConnectMs?: number;
}

/** A benchmarked tool. */
export interface Tool {
	id: string;
	/** Why the tool cannot run here (missing binary …), or undefined. */
	unavailable(): string | undefined;
	/** Prepares files for a host subset (not timed). */
	prepare?(hosts: BenchHost[], work: string): Promise<void> | void;
	/** One timed run over the hosts. */
	run(hosts: BenchHost[], work: string, timeoutMs: number): Promise<RunResult>;
	/** Cleans up after a run (not timed): e.g. closes SSH control masters. */
	after?(hosts: BenchHost[], work: string): Promise<void> | void;
}

/** Result of a child process. */
export interface ProcessResult {
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
	ms: number;
	timedOut: boolean;
}

const MAX_OUTPUT = 8 * 1024 * 1024;

/**
 * Runs a command (no shell), timing it from spawn to exit.
 */
export function run(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; input?: string } = {}): Promise<ProcessResult> {
	return new Promise((resolve) => {
		const started = performance.now();
		const child = spawn(command, args, {
			cwd: options.cwd,
			env: options.env ?? process.env,
			stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
			detached: true, // own process group, so a timeout kills the whole tree
		});
		let stdout = '';
		let stderr = '';
		child.stdout!.on('data', (d: Buffer) => { if (stdout.length < MAX_OUTPUT) stdout += d.toString(); });
		child.stderr!.on('data', (d: Buffer) => { if (stderr.length < MAX_OUTPUT) stderr += d.toString(); });
		if (options.input !== undefined) child.stdin!.end(options.input);
		let timedOut = false;
		const timer = options.timeoutMs
			? setTimeout(() => {
				timedOut = true;
				try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* already gone */ }
			}, options.timeoutMs)
			: undefined;
		child.on('error', (error) => {
			if (timer) clearTimeout(timer);
			resolve({ code: null, signal: null, stdout, stderr: `${stderr}${error.message}`, ms: performance.now() - started, timedOut });
		});
		child.on('close', (code, signal) => {
			if (timer) clearTimeout(timer);
			resolve({ code, signal, stdout, stderr, ms: performance.now() - started, timedOut });
		});
	});
}

/** The last lines of some output, for error details. */
export function tail(text: string, lines = 6): string {
	return text.trim().split('\n').slice(-lines).join('\n');
}

/** Whether an executable exists (absolute path or on PATH); returns its path. */
export function which(name: string): string | undefined {
	const dirs = name.includes('/') ? [''] : (process.env.PATH ?? '').split(':');
	for (const dir of dirs) {
		const full = dir ? `${dir}/${name}` : name;
		try {
			if (!statSync(full).isFile()) continue;
			accessSync(full, constants.X_OK);
			return full;
		} catch { /* next */ }
	}
	return undefined;
}

/**
 * The session engine: runs commands over an open connection with a timeout (remote
 * KILL, then close) and a byte cap per stream, and fails running commands at once when
 * the connection is lost.
 */
import type { ClientChannel } from 'ssh2';
import { TransportError } from './errors.ts';
import { closeClients, trackSession, type SshClient } from './registry.ts';
import { killRemote } from './ssh2-internals.ts';
import type { ExecOptions, ExecResult, HostKeyInfo, Session } from './types.ts';

/** Collects at most `max` bytes, counting the rest. */
export class CappedBuffer {
	/** Kept chunks. */
	chunks: Buffer[] = [];
	/** Bytes kept. */
	size = 0;
	/** True once something was discarded. */
	truncated = false;
	/** Byte cap. */
	max: number;

	/**
	 * @param max
	 *   Byte cap.
	 */
	constructor(max: number) {
		this.max = max;
	}

	/**
	 * Adds a chunk, keeping only what fits.
	 *
	 * @param chunk
	 *   Data.
	 */
	push(chunk: Buffer): void {
		const room = this.max - this.size;
		if (chunk.length > room) this.truncated = true;
		if (room <= 0) return;
		const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
		this.chunks.push(Buffer.from(kept));
		this.size += kept.length;
	}

	/** @returns The kept data as UTF-8. */
	text(): string {
		return Buffer.concat(this.chunks).toString('utf8');
	}
}

/**
 * Checks exec options and the session state; the error to reject with, if any.
 *
 * @param where
 *   `host (address)` for messages.
 * @param ids
 *   Host id and address.
 * @param options
 *   Exec options.
 * @param state
 *   Closed flag and why the connection was lost.
 * @returns
 *   The error, or undefined.
 */
function refusal(where: string, ids: { host: string; address: string }, options: ExecOptions, state: { closed: boolean; lost: string | undefined }): TransportError | undefined {
	const { timeoutMs, maxBytes } = options;
	if (!(timeoutMs > 0) || !(maxBytes > 0)) {
		return new TransportError('config', `exec on ${ids.host}: timeoutMs and maxBytes must be positive numbers (got ${timeoutMs}, ${maxBytes}).`, {
			...ids,
			hint: 'Pass { timeoutMs, maxBytes } greater than 0.',
		});
	}
	if (state.closed || state.lost !== undefined) {
		return new TransportError('unreachable', `Session to ${where} is ${state.closed ? 'closed' : `lost: ${state.lost}`}.`, { ...ids, hint: 'Connect again.' });
	}
	return undefined;
}

/**
 * Runs one command on an open channel until it closes, times out or the connection is lost.
 *
 * @param channel
 *   The exec channel.
 * @param options
 *   Timeout, byte cap, stdin.
 * @param context
 *   Messages, the lost-connection state and the set of running finishers.
 * @returns
 *   The result.
 */
function runOnChannel(
	channel: ClientChannel,
	options: ExecOptions,
	context: { where: string; ids: { host: string; address: string }; lost: () => string | undefined; running: Set<() => void>; started: number }
): Promise<ExecResult> {
	return new Promise((resolve, reject) => {
		const out = new CappedBuffer(options.maxBytes);
		const err = new CappedBuffer(options.maxBytes);
		let code: number | null = null;
		let signal: string | null = null;
		let timedOut = false;
		let done = false;
		let grace: NodeJS.Timeout | undefined;
		const finish = () => {
			if (done) return;
			done = true;
			context.running.delete(finish);
			clearTimeout(timer);
			clearTimeout(grace);
			const lost = context.lost();
			if (lost !== undefined && !timedOut && code === null && signal === null) {
				reject(new TransportError('unreachable', `Connection to ${context.where} was lost while running a command: ${lost}.`, {
					...context.ids,
					hint: 'Check the host and the network; the command result is unknown.',
				}));
				return;
			}
			resolve({
				code: timedOut ? null : code,
				signal,
				stdout: out.text(),
				stderr: err.text(),
				truncated: out.truncated || err.truncated,
				timedOut,
				durationMs: Math.round(performance.now() - context.started),
			});
		};
		const timer = setTimeout(() => {
			timedOut = true;
			killRemote(channel);
			channel.close();
			// sshd answers the close only once the remote process is gone; don't wait for that
			grace = setTimeout(finish, 200);
		}, options.timeoutMs);
		// keep reading past the cap (and discard), so the channel can finish
		channel.on('data', (chunk: Buffer) => out.push(chunk));
		channel.stderr.on('data', (chunk: Buffer) => err.push(chunk));
		channel.on('exit', (exitCode: number | null, exitSignal?: string) => {
			code = typeof exitCode === 'number' ? exitCode : null;
			signal = exitSignal ? exitSignal.replace(/^SIG/, '') : null;
		});
		channel.on('close', finish);
		context.running.add(finish);
		if (options.stdin === undefined) channel.end();
		else channel.end(options.stdin);
	});
}

/**
 * Builds a Session over connected clients (the last one is the host).
 *
 * @param hostId
 *   Inventory host id.
 * @param address
 *   Address of the host.
 * @param clients
 *   Connected clients, outermost first.
 * @param hostKeys
 *   Verified keys per hop.
 * @param droppedHandshakes
 *   Connections sshd dropped before the handshake while connecting (retried).
 * @returns
 *   The session.
 */
export function createSession(hostId: string, address: string, clients: SshClient[], hostKeys: HostKeyInfo[], droppedHandshakes = 0): Session {
	const final = clients[clients.length - 1] as SshClient;
	const ids = { host: hostId, address };
	const where = `${hostId} (${address})`;
	const state: { closed: boolean; lost: string | undefined } = { closed: false, lost: undefined };
	/** Finishers of running commands, called when the connection goes away. */
	const running = new Set<() => void>();
	const onLost = (why: string) => {
		if (!state.closed && state.lost === undefined) state.lost = why;
		for (const finishCommand of running) setTimeout(finishCommand, 0);
	};
	for (const client of clients) {
		client.on('close', () => onLost('connection closed'));
		client.on('error', (error: Error) => onLost(error.message));
	}
	let untrack: () => void = () => undefined;
	const session: Session = {
		hostId,
		address,
		hostKeys,
		droppedHandshakes,
		exec(command: string, options: ExecOptions): Promise<ExecResult> {
			const refused = refusal(where, ids, options, state);
			if (refused) return Promise.reject(refused);
			return new Promise((resolve, reject) => {
				const started = performance.now();
				final.exec(command, (error: Error | undefined, channel: ClientChannel) => {
					if (error) {
						reject(new TransportError('unreachable', `Cannot start a command on ${where}: ${error.message}.`, {
							...ids,
							cause: error,
							hint: 'Check sshd limits (MaxSessions) and that the connection is still up.',
						}));
						return;
					}
					runOnChannel(channel, options, { where, ids, lost: () => state.lost, running, started }).then(resolve, reject);
				});
			});
		},
		async close(): Promise<void> {
			if (state.closed) return;
			state.closed = true;
			untrack();
			await closeClients(clients);
		},
	};
	untrack = trackSession(session);
	return session;
}

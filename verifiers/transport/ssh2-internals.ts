/**
 * The one place that reaches into ssh2's private internals. ssh2's public
 * `channel.signal()` silently does nothing once stdin has been ended — which `exec`
 * always does — so the KILL request is sent through the channel's protocol object.
 * Checked against ssh2 `SSH2_INTERNALS_VERSION`; `test/verifiers/transport/ssh2-internals.test.ts`
 * fails when another ssh2 version is installed, so an upgrade re-checks this file.
 */
import type { ClientChannel } from 'ssh2';

/** The ssh2 version whose internals `killRemote` was written against. */
export const SSH2_INTERNALS_VERSION = '1.17.0';

/** The private fields of an ssh2 1.17 client channel that `killRemote` uses. */
interface ChannelInternals {
	/** `session` for exec channels. */
	type?: string;
	/** Our end of the channel: the remote id and its state. */
	outgoing?: { id?: number; state?: string };
	/** The owning client and its protocol object. */
	_client?: { _protocol?: { signal?: (id: number, signal: string) => void } };
}

/**
 * Whether the channel exposes the internals `killRemote` needs (for the version test).
 *
 * @param channel
 *   An open exec channel.
 * @returns
 *   True when the private protocol path is usable.
 */
export function hasSignalInternals(channel: ClientChannel): boolean {
	const internals = channel as unknown as ChannelInternals;
	return internals.type === 'session' && typeof internals._client?._protocol?.signal === 'function' && typeof internals.outgoing?.id === 'number';
}

/**
 * Asks sshd to SIGKILL the remote command (OpenSSH ≥ 7.9 honours "signal" requests; it
 * signals the command's shell only, so children of the shell may linger until they
 * write to the closed channel). Falls back to the public `channel.signal()`.
 *
 * @param channel
 *   The exec channel.
 */
export function killRemote(channel: ClientChannel): void {
	const internals = channel as unknown as ChannelInternals;
	try {
		const protocol = internals._client?._protocol;
		const id = internals.outgoing?.id;
		const state = internals.outgoing?.state;
		if (internals.type === 'session' && (state === 'open' || state === 'eof') && protocol?.signal && id !== undefined) {
			protocol.signal(id, 'KILL');
		} else channel.signal('KILL');
	} catch {
		// the server may not support signals; closing the channel still ends our side
	}
}

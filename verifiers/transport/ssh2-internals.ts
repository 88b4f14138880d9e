/**
 * The one place that reaches into ssh2's private internals, for two things its public API cannot do:
 * - `killRemote`: ssh2's public `channel.signal()` silently does nothing once stdin has been ended —
 *   which `exec` always does — so the KILL request is sent through the channel's protocol object;
 * - `signPublickeyAtOnce`: ssh2 asks the server whether it would take the key before it signs (a round
 *   trip); with a key file the signature is offered in the first request.
 * Checked against ssh2 `SSH2_INTERNALS_VERSION`; `test/verifiers/transport/ssh2-internals.test.ts`
 * fails when another ssh2 version is installed, so an upgrade re-checks this file.
 */
import type { Client, ClientChannel } from 'ssh2';

/** The ssh2 version whose internals `killRemote` and `signPublickeyAtOnce` were written against. */
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

/** Signs the data ssh2's protocol hands over and passes the signature on. */
type SignCallback = (data: Buffer, done: (signature: Buffer) => void) => void;

/** `Protocol.authPK` of ssh2 1.17: without `cbSign` it sends the query (no signature), with it the signed request. */
type AuthPK = (username: string, key: unknown, keyAlgo?: string | SignCallback, cbSign?: SignCallback) => void;

/** The private field of an ssh2 1.17 client that `signPublickeyAtOnce` wraps. */
interface ClientInternals {
	/** The client's protocol object, created by `connect()`. */
	_protocol?: { authPK?: AuthPK };
}

/** A private key as ssh2 parsed it from `privateKey`. */
interface ParsedPrivateKey {
	isPrivateKey(): boolean;
	sign(data: Buffer, hash?: string): Buffer | Error;
}

function isParsedPrivateKey(key: unknown): key is ParsedPrivateKey {
	const k = key as Partial<ParsedPrivateKey> | null;
	return typeof k?.sign === 'function' && typeof k.isPrivateKey === 'function' && k.isPrivateKey();
}

/** The hash of an RSA signature algorithm (ssh2's `getKeyAlgos`); other key types bring their own. */
const RSA_SIGNATURE_HASH: Readonly<Record<string, string>> = { 'rsa-sha2-256': 'sha256', 'rsa-sha2-512': 'sha512', 'ssh-rsa': 'sha1' };

/**
 * Public-key authentication in one round trip instead of two. ssh2 first sends the key without a
 * signature and signs only after the server's USERAUTH_PK_OK; RFC 4252 §7 lets a client send the
 * signature at once, as this does for a key file (the data signed holds this session's id, so the
 * signature is good for nothing else; the host key was verified before authentication starts). Keys
 * from an agent keep ssh2's own two steps. Call right after `client.connect()`.
 *
 * Without the internals (another ssh2), ssh2's two round trips remain.
 *
 * @param client
 *   A client whose `connect()` was just called.
 */
export function signPublickeyAtOnce(client: Client): void {
	const protocol = (client as unknown as ClientInternals)._protocol;
	const authPK = protocol?.authPK;
	if (!protocol || typeof authPK !== 'function') return;
	protocol.authPK = function (this: unknown, username, key, keyAlgo, cbSign) {
		if (cbSign !== undefined || typeof keyAlgo === 'function' || !isParsedPrivateKey(key)) return authPK.call(this, username, key, keyAlgo, cbSign);
		const hash = keyAlgo === undefined ? undefined : RSA_SIGNATURE_HASH[keyAlgo];
		return authPK.call(this, username, key, keyAlgo, (data, done) => {
			const signature = key.sign(data, hash);
			if (signature instanceof Error) client.emit('error', Object.assign(new Error(`Error signing data with key: ${signature.message}`), { level: 'client-authentication' }));
			else done(signature);
		});
	};
}

/**
 * One hop of a connection: reads the pinned keys, picks the auth, opens the ssh2
 * connection (directly or over a stream forwarded by the previous hop) and verifies
 * the host key before authentication starts. Fail closed: anything but a matching
 * pinned key ends the connection.
 */
import { readFileSync } from 'node:fs';
import type { Duplex } from 'node:stream';
import ssh2 from 'ssh2';
import type { ConnectConfig } from 'ssh2';
import { TransportError } from './errors.ts';
import { acquireHandshake } from './handshake-gate.ts';
import { checkHostKey, hostKeyAlgorithms, parseKnownHosts, pinnedKeyTypes, type HostKeyCheck, type KnownHostsEntry } from './known-hosts.ts';
import { closedDuringHandshake, describe, hostKeyError, mapConnectError, shown } from './messages.ts';
import { trackClient, untrackClient, type SshClient } from './registry.ts';
import { isDroppedHandshake } from './retry.ts';
import { signPublickeyAtOnce } from './ssh2-internals.ts';
import type { Endpoint, HostKeyInfo } from './types.ts';

/** Host key algorithms ssh2 1.17 supports on Node 24 (ssh-dss deliberately left out). */
const SUPPORTED_HOST_KEY_ALGORITHMS = [
	'ssh-ed25519',
	'ecdsa-sha2-nistp256',
	'ecdsa-sha2-nistp384',
	'ecdsa-sha2-nistp521',
	'rsa-sha2-512',
	'rsa-sha2-256',
	'ssh-rsa',
];

/** Options of one hop connection. */
export interface HopOptions {
	/** TCP + handshake + auth timeout, ms. */
	timeoutMs: number;
	/** SSH keepalive interval, ms. */
	keepaliveMs: number;
	/** Environment (`SSH_AUTH_SOCK`). */
	env: Record<string, string | undefined>;
	/** Stream forwarded by the previous hop (jump chains). */
	sock?: Duplex;
	/** Receives ssh2's protocol trace, one line per message (troubleshooting and tests). */
	debug?: (line: string) => void;
}

/**
 * Reads and parses known_hosts files (per connect call: files are small, and a pin made
 * a moment ago takes effect at once). Missing files are reported, not fatal.
 *
 * @param files
 *   Absolute paths, in order.
 * @returns
 *   All entries and the missing files.
 */
function readKnownHosts(files: readonly string[]): { entries: KnownHostsEntry[]; missing: string[] } {
	const entries: KnownHostsEntry[] = [];
	const missing: string[] = [];
	for (const file of files) {
		let text: string;
		try {
			text = readFileSync(file, 'utf8');
		} catch {
			missing.push(file);
			continue;
		}
		entries.push(...parseKnownHosts(text, shown(file)).entries);
	}
	return { entries, missing };
}

/**
 * Reads the private key of a hop, or picks the agent.
 *
 * @param hop
 *   The hop.
 * @param hostId
 *   Final host id.
 * @param env
 *   Environment (`SSH_AUTH_SOCK`).
 * @returns
 *   ssh2 auth options.
 */
function authOf(hop: Endpoint, hostId: string, env: Record<string, string | undefined>): Pick<ConnectConfig, 'privateKey' | 'agent'> {
	if (hop.identityFile) {
		try {
			return { privateKey: readFileSync(hop.identityFile) };
		} catch (cause) {
			throw new TransportError(
				'config',
				`Cannot read identity file ${shown(hop.identityFile)} for ${describe(hop, hostId)}: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}.`,
				{ host: hostId, address: hop.address, cause, hint: 'Fix identityFile in the inventory, or remove it to use ssh-agent (SSH_AUTH_SOCK).' }
			);
		}
	}
	const agent = env['SSH_AUTH_SOCK'];
	if (agent) return { agent };
	throw new TransportError('config', `No key for ${describe(hop, hostId)}: the inventory has no identityFile and SSH_AUTH_SOCK is not set.`, {
		host: hostId,
		address: hop.address,
		hint: 'Set identityFile in the inventory, or start ssh-agent and add your key (ssh-add).',
	});
}

/**
 * Marks an error as a dropped handshake (worth a retry).
 *
 * @param error
 *   The mapped error.
 * @returns
 *   The same message and hint, `retryable: true`.
 */
function retryable(error: TransportError): TransportError {
	return new TransportError(error.code, error.message, {
		...(error.host ? { host: error.host } : {}),
		...(error.address ? { address: error.address } : {}),
		hint: 'sshd dropped the connection before the SSH handshake (MaxStartups reached, or reset under load). Retry later, or raise MaxStartups on the host.',
		cause: error.cause,
		retryable: true,
	});
}

/**
 * Opens one SSH connection (directly, or over `sock` from the previous hop) and verifies
 * the host key before anything else happens (authentication starts only after a match).
 * Holds one of the endpoint's handshake slots (`handshake-gate.ts`) until it is done.
 *
 * @param hop
 *   The endpoint.
 * @param address
 *   The egress-checked address to contact.
 * @param hostId
 *   Final host id (for messages).
 * @param options
 *   Timeouts, environment and the forwarded stream from the previous hop.
 * @returns
 *   The ready client and the verified key.
 * @throws
 *   TransportError; `retryable` when sshd dropped the connection before the handshake.
 */
export async function connectHop(hop: Endpoint, address: string, hostId: string, options: HopOptions): Promise<{ client: SshClient; key: HostKeyInfo }> {
	const { entries, missing } = readKnownHosts(hop.knownHosts);
	const auth = authOf(hop, hostId, options.env);
	const algorithms = hostKeyAlgorithms(pinnedKeyTypes(entries, hop.address, hop.port), SUPPORTED_HOST_KEY_ALGORITHMS);
	const release = await acquireHandshake(`${address}:${hop.port}`);
	return new Promise((resolve, reject) => {
		const client = new ssh2.Client();
		trackClient(client);
		let check: HostKeyCheck | undefined;
		let settled = false;
		const finish = (error: TransportError | undefined) => {
			if (settled) return;
			settled = true;
			release();
			clearTimeout(backstop);
			if (error) {
				client.end();
				client.destroy();
				untrackClient(client);
				reject(error);
			} else if (check) {
				resolve({ client, key: { host: hop.id, address: hop.address, type: check.keyType, fingerprint: check.fingerprint } });
			}
		};
		// backstop in case ssh2 never reports (readyTimeout covers TCP + handshake + auth)
		const backstop = setTimeout(
			() => finish(mapConnectError(Object.assign(new Error('timeout'), { level: 'client-timeout' }), hop, hostId, options.timeoutMs)),
			options.timeoutMs + 2_000
		);
		client.on('ready', () => {
			if (check?.status === 'match') finish(undefined);
			else if (check) finish(hostKeyError(check, hop, hostId, missing));
			else finish(new TransportError('config', `No host key was verified for ${describe(hop, hostId)}.`, { host: hostId, address: hop.address, hint: 'This is a bug in the transport: report it.' }));
		});
		client.on('error', (error) => {
			if (check && check.status !== 'match') finish(hostKeyError(check, hop, hostId, missing));
			else if (isDroppedHandshake(error, check !== undefined)) finish(retryable(mapConnectError(error, hop, hostId, options.timeoutMs)));
			else finish(mapConnectError(error, hop, hostId, options.timeoutMs));
		});
		client.on('close', () => {
			if (check && check.status !== 'match') finish(hostKeyError(check, hop, hostId, missing));
			else if (isDroppedHandshake(undefined, check !== undefined)) finish(retryable(closedDuringHandshake(hop, hostId)));
			else finish(closedDuringHandshake(hop, hostId));
		});
		const config: ConnectConfig = {
			host: address,
			port: hop.port,
			username: hop.user,
			...auth,
			// straight to the key: ssh2's default first tries "none" to learn the methods, a round trip
			authHandler: ['privateKey' in auth ? 'publickey' : 'agent'],
			readyTimeout: options.timeoutMs,
			keepaliveInterval: options.keepaliveMs,
			keepaliveCountMax: 3,
			agentForward: false,
			tryKeyboard: false,
			hostVerifier: (key: Buffer | string) => {
				const blob = typeof key === 'string' ? Buffer.from(key, 'hex') : key;
				check = checkHostKey(entries, hop.address, hop.port, blob);
				return check.status === 'match';
			},
		};
		if (algorithms) config.algorithms = { serverHostKey: algorithms as NonNullable<NonNullable<ConnectConfig['algorithms']>['serverHostKey']> };
		if (options.sock) config.sock = options.sock;
		if (options.debug) config.debug = options.debug;
		try {
			client.connect(config);
			signPublickeyAtOnce(client);
		} catch (error) {
			finish(new TransportError('config', `Cannot connect to ${describe(hop, hostId)}: ${(error as Error).message}.`, {
				host: hostId,
				address: hop.address,
				cause: error,
				hint: 'Check the key file format (OpenSSH or PEM private key; passphrase-protected keys need ssh-agent).',
			}));
		}
	});
}

/**
 * Opens a forwarded TCP stream from a connected hop to the next address (`direct-tcpip`).
 *
 * @param client
 *   The connected hop.
 * @param hop
 *   Its endpoint.
 * @param next
 *   The next endpoint.
 * @param address
 *   The egress-checked address of the next endpoint.
 * @param hostId
 *   Final host id (for messages).
 * @param timeoutMs
 *   How long the jump host may take to open the stream.
 * @returns
 *   The stream, to be used as `sock`.
 */
export function forward(client: SshClient, hop: Endpoint, next: Endpoint, address: string, hostId: string, timeoutMs: number): Promise<Duplex> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			reject(new TransportError('timeout', `${describe(hop, hostId)} could not open a connection to ${next.address}:${next.port} within ${timeoutMs} ms.`, {
				host: hostId,
				address: next.address,
				hint: 'Check that the next host is up and reachable from the jump host.',
			}));
		}, timeoutMs);
		client.forwardOut('127.0.0.1', 0, address, next.port, (error, stream) => {
			clearTimeout(timer);
			if (error) {
				reject(new TransportError('unreachable', `Cannot reach ${describe(next, hostId)} through ${hop.id}: ${error.message}.`, {
					host: hostId,
					address: next.address,
					cause: error,
					hint: `Check that the host is up, and that the jump host ${hop.id} allows TCP forwarding (AllowTcpForwarding yes) and can reach ${next.address}:${next.port}.`,
				}));
			} else resolve(stream);
		});
	});
}

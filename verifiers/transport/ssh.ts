/**
 * The SSH transport: `connect(inventory, hostId)` opens one ssh2 connection per hop
 * (jump chains via `forwardOut` + `sock`), verifies every hop's host key against the
 * inventory's known_hosts (fail closed), refuses addresses outside the egress allowlist
 * before sending any packet, and returns a `Session` whose `exec` is bounded in time
 * and output size.
 */
import { readFileSync } from 'node:fs';
import { lookup as dnsLookup } from 'node:dns/promises';
import { isAbsolute, relative } from 'node:path';
import type { Duplex } from 'node:stream';
import ssh2 from 'ssh2';
import type { ClientChannel, ConnectConfig } from 'ssh2';
import { checkEgress, egressPolicy, type EgressPolicy } from './egress.ts';
import { TransportError } from './errors.ts';
import {
	checkHostKey,
	hostKeyAlgorithms,
	knownHostsName,
	parseKnownHosts,
	pinCommand,
	pinnedKeyTypes,
	type HostKeyCheck,
	type KnownHostsEntry,
} from './known-hosts.ts';
import type { ConnectOptions, Endpoint, ExecOptions, ExecResult, HostKeyInfo, Inventory, Session } from './types.ts';

export { TransportError, isTransportError } from './errors.ts';
export type * from './types.ts';

const { Client } = ssh2;
type SshClient = InstanceType<typeof Client>;

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

/** Default connect timeout per hop (TCP + handshake + auth). */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/** Default keepalive interval. */
export const DEFAULT_KEEPALIVE_MS = 15_000;

/** Every ssh2 client this module has opened and not yet seen closed (for `closeAll`). */
const liveClients = new Set<SshClient>();

/** Every open session (for `closeAll`). */
const openSessions = new Set<Session>();

/**
 * Shows a path relative to the working directory when it is inside it.
 *
 * @param file
 *   Absolute path.
 * @returns
 *   Display path.
 */
function shown(file: string): string {
	const rel = relative(process.cwd(), file);
	return rel.startsWith('..') || isAbsolute(rel) ? file : rel;
}

/**
 * Resolves all addresses of a hostname.
 *
 * @param hostname
 *   DNS name.
 * @returns
 *   Addresses.
 */
async function lookupAll(hostname: string): Promise<string[]> {
	const results = await dnsLookup(hostname, { all: true });
	return results.map((r) => r.address);
}

/**
 * Describes a hop for messages: `gm-vserver (10.231.1.2:22)` or
 * `jump host nb-revproxy (10.231.4.1:22) for nb-staging`.
 *
 * @param hop
 *   The hop.
 * @param hostId
 *   The final host id.
 * @returns
 *   Display text.
 */
function describe(hop: Endpoint, hostId: string): string {
	const where = `${hop.address}:${hop.port}`;
	return hop.id === hostId ? `${hostId} (${where})` : `jump host ${hop.id} (${where}) for ${hostId}`;
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
 * Builds the error for a host key that is not a match.
 *
 * @param check
 *   The check result.
 * @param hop
 *   The hop.
 * @param hostId
 *   Final host id.
 * @param missing
 *   known_hosts files that do not exist.
 * @returns
 *   The error.
 */
function hostKeyError(check: HostKeyCheck, hop: Endpoint, hostId: string, missing: readonly string[] = []): TransportError {
	const who = describe(hop, hostId);
	const key = `${check.keyType} ${check.fingerprint}`;
	const files = hop.knownHosts.map((f) => (missing.includes(f) ? `${shown(f)}, which does not exist` : shown(f))).join('; ');
	const pinFile = shown(hop.knownHosts[0] ?? 'known_hosts');
	const pin = pinCommand(hop.address, hop.port, check.keyType, pinFile);
	const details = { host: hostId, address: hop.address };
	if (check.status === 'revoked') {
		return new TransportError(
			'hostkey-revoked',
			`Host key for ${who} (${key}) is marked @revoked in known_hosts (${check.lines.join(', ')}); refusing to connect.`,
			{ ...details, hint: 'The host must get a new host key; pin the new key only after verifying it out of band.' }
		);
	}
	if (check.status === 'changed') {
		return new TransportError(
			'hostkey-changed',
			`Host key for ${who} has CHANGED: it presents ${key}, but known_hosts pins a different ${check.keyType} key (${check.lines.join(', ')}). This may be a man-in-the-middle attack, or the host was reinstalled.`,
			{
				...details,
				hint: `Verify the new key out of band. Only if it is legitimate, remove the old pin (ssh-keygen -R '${check.lookupName}' -f ${pinFile}) and pin the new one: ${pin}`,
			}
		);
	}
	const ca = check.certAuthority
		? ' (known_hosts has @cert-authority lines for it, but host certificates are not supported: pin the plain host key)'
		: '';
	const hint = `Verify it out of band, then pin it: ${pin}`;
	return new TransportError('hostkey-unknown', `Host key for ${who} (${key}) is not in known_hosts (${files})${ca}. ${hint}`, {
		...details,
		hint,
	});
}

/**
 * Maps an ssh2 error to a TransportError.
 *
 * @param error
 *   The ssh2 error (has `level`, maybe `code`).
 * @param hop
 *   The hop.
 * @param hostId
 *   Final host id.
 * @param timeoutMs
 *   The connect timeout, for the message.
 * @returns
 *   The error.
 */
function mapConnectError(error: unknown, hop: Endpoint, hostId: string, timeoutMs: number): TransportError {
	const err = error as Error & { level?: string; code?: string };
	const who = describe(hop, hostId);
	const details = { host: hostId, address: hop.address, cause: error };
	if (err.level === 'client-timeout' || err.code === 'ETIMEDOUT') {
		return new TransportError('timeout', `No SSH handshake from ${who} within ${timeoutMs} ms.`, {
			...details,
			hint: 'Check that sshd runs on that address and port, and that no firewall or non-SSH service is in the way.',
		});
	}
	if (err.level === 'client-authentication') {
		const key = hop.identityFile ? shown(hop.identityFile) : 'the ssh-agent keys';
		return new TransportError('auth', `Authentication as ${hop.user} failed on ${who}.`, {
			...details,
			hint: `Check that the public key of ${key} is in ~${hop.user}/.ssh/authorized_keys on the host, and that user ${hop.user} exists.`,
		});
	}
	const reason = err.code ?? err.message;
	return new TransportError('unreachable', `Cannot reach ${who}: ${reason}.`, {
		...details,
		hint: 'Check that the host is up and that its address and port in the inventory are right.',
	});
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
 * Opens one SSH connection (directly, or over `sock` from the previous hop) and verifies
 * the host key before anything else happens (authentication starts only after a match).
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
 */
function connectHop(
	hop: Endpoint,
	address: string,
	hostId: string,
	options: { timeoutMs: number; keepaliveMs: number; env: Record<string, string | undefined>; sock?: Duplex }
): Promise<{ client: SshClient; key: HostKeyInfo }> {
	const { entries, missing } = readKnownHosts(hop.knownHosts);
	const auth = authOf(hop, hostId, options.env);
	const algorithms = hostKeyAlgorithms(pinnedKeyTypes(entries, hop.address, hop.port), SUPPORTED_HOST_KEY_ALGORITHMS);
	return new Promise((resolve, reject) => {
		const client = new Client();
		liveClients.add(client);
		let check: HostKeyCheck | undefined;
		let settled = false;
		const finish = (error: TransportError | undefined) => {
			if (settled) return;
			settled = true;
			clearTimeout(backstop);
			if (error) {
				client.end();
				client.destroy();
				liveClients.delete(client);
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
			else finish(mapConnectError(error, hop, hostId, options.timeoutMs));
		});
		client.on('close', () => {
			liveClients.delete(client);
			if (check && check.status !== 'match') finish(hostKeyError(check, hop, hostId, missing));
			else finish(new TransportError('unreachable', `Connection to ${describe(hop, hostId)} closed during the SSH handshake.`, {
				host: hostId,
				address: hop.address,
				hint: 'Check sshd on the host (its logs say why it closed the connection).',
			}));
		});
		const config: ConnectConfig = {
			host: address,
			port: hop.port,
			username: hop.user,
			...auth,
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
		if (algorithms) config.algorithms = { serverHostKey: algorithms as NonNullable<ConnectConfig['algorithms']>['serverHostKey'] };
		if (options.sock) config.sock = options.sock as NonNullable<ConnectConfig['sock']>;
		try {
			client.connect(config);
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
function forward(client: SshClient, hop: Endpoint, next: Endpoint, address: string, hostId: string, timeoutMs: number): Promise<Duplex> {
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
			} else resolve(stream as unknown as Duplex);
		});
	});
}

/**
 * Connects to an inventory host through its jump chain.
 * Every hop's address is checked against the egress allowlist first (no packet is sent
 * if any hop is refused), every hop's host key is verified against known_hosts.
 *
 * @param inventory
 *   The loaded inventory.
 * @param hostId
 *   Inventory host id.
 * @param options
 *   Timeouts, environment, DNS lookup.
 * @returns
 *   An open session.
 * @throws
 *   TransportError (`unreachable`, `timeout`, `auth`, `hostkey-*`, `egress-denied`, `config`).
 */
export async function connect(inventory: Inventory, hostId: string, options: ConnectOptions = {}): Promise<Session> {
	const host = inventory.hosts[hostId];
	if (!host) {
		throw new TransportError('config', `Host ${JSON.stringify(hostId)} is not in the inventory of target ${inventory.target} (${shown(inventory.file)}).`, {
			host: hostId,
			hint: `Known hosts: ${Object.keys(inventory.hosts).join(', ')}. Add the host to the inventory or fix the host id.`,
		});
	}
	const env = options.env ?? process.env;
	const timeoutMs = options.timeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
	const keepaliveMs = options.keepaliveIntervalMs ?? DEFAULT_KEEPALIVE_MS;
	const lookup = options.lookup ?? lookupAll;
	let policy: EgressPolicy;
	try {
		policy = egressPolicy(env, inventory.target);
	} catch (error) {
		throw new TransportError('config', (error as Error).message, {
			host: hostId,
			cause: error,
			hint: 'Fix VERIFY_ALLOWED_NETWORKS, e.g. VERIFY_ALLOWED_NETWORKS=127.0.0.0/8,10.231.0.0/16.',
		});
	}
	const hops: Endpoint[] = [...host.jump, host];

	// 1. egress: every hop, before any connection
	const addresses: string[] = [];
	for (const hop of hops) {
		const decision = await checkEgress(hop.address, policy, lookup);
		if (!decision.allowed) {
			throw new TransportError('egress-denied', `Refusing to connect to ${describe(hop, hostId)}: ${decision.reason}.`, {
				host: hostId,
				address: hop.address,
				hint: 'Nothing was sent. If you really mean to contact this network, add it to VERIFY_ALLOWED_NETWORKS (CI and tests allow only the lab networks).',
			});
		}
		addresses.push(decision.address);
	}

	// 2. connect hop by hop
	const clients: SshClient[] = [];
	const hostKeys: HostKeyInfo[] = [];
	try {
		for (const [index, hop] of hops.entries()) {
			const address = addresses[index] ?? hop.address;
			const previous = clients[index - 1];
			const previousHop = hops[index - 1];
			const sock = previous && previousHop ? await forward(previous, previousHop, hop, address, hostId, timeoutMs) : undefined;
			const { client, key } = await connectHop(hop, address, hostId, { timeoutMs, keepaliveMs, env, ...(sock ? { sock } : {}) });
			clients.push(client);
			hostKeys.push(key);
		}
	} catch (error) {
		await closeClients(clients);
		throw error;
	}
	const session = createSession(hostId, host.address, clients, hostKeys);
	openSessions.add(session);
	return session;
}

/**
 * Ends clients, innermost first, waiting briefly for each to close.
 *
 * @param clients
 *   Clients, outermost first.
 */
async function closeClients(clients: readonly SshClient[]): Promise<void> {
	for (const client of [...clients].reverse()) {
		await new Promise<void>((resolve) => {
			if (!liveClients.has(client)) return resolve();
			const timer = setTimeout(() => {
				client.destroy();
				resolve();
			}, 1_000);
			client.once('close', () => {
				clearTimeout(timer);
				resolve();
			});
			client.end();
		});
		liveClients.delete(client);
	}
}

/**
 * Asks sshd to SIGKILL the remote command (OpenSSH ≥ 7.9 honours "signal" requests; it
 * signals the command's shell only, so children of the shell may linger until they
 * write to the closed channel). ssh2's public `channel.signal()` silently does nothing
 * once stdin has been ended, which `exec` always does, so the protocol call is used
 * directly when available.
 *
 * @param channel
 *   The exec channel.
 */
function killRemote(channel: ClientChannel): void {
	const internals = channel as unknown as {
		type?: string;
		outgoing?: { id?: number; state?: string };
		_client?: { _protocol?: { signal?: (id: number, signal: string) => void } };
	};
	try {
		const protocol = internals._client?._protocol;
		const id = internals.outgoing?.id;
		if (internals.type === 'session' && (internals.outgoing?.state === 'open' || internals.outgoing?.state === 'eof') && protocol?.signal && id !== undefined) {
			protocol.signal(id, 'KILL');
		} else channel.signal('KILL');
	} catch {
		// the server may not support signals; closing the channel still ends our side
	}
}

/** Collects at most `max` bytes, counting the rest. */
class CappedBuffer {
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
 * @returns
 *   The session.
 */
function createSession(hostId: string, address: string, clients: SshClient[], hostKeys: HostKeyInfo[]): Session {
	const final = clients[clients.length - 1] as SshClient;
	let closed = false;
	let lost: string | undefined;
	/** Finishers of running commands, called when the connection goes away. */
	const running = new Set<() => void>();
	const onLost = (why: string) => {
		if (!closed && lost === undefined) lost = why;
		for (const finishCommand of running) setTimeout(finishCommand, 0);
	};
	for (const client of clients) {
		client.on('close', () => onLost('connection closed'));
		client.on('error', (error: Error) => onLost(error.message));
	}
	const session: Session = {
		hostId,
		address,
		hostKeys,
		exec(command: string, options: ExecOptions): Promise<ExecResult> {
			const { timeoutMs, maxBytes } = options;
			if (!(timeoutMs > 0) || !(maxBytes > 0)) {
				return Promise.reject(
					new TransportError('config', `exec on ${hostId}: timeoutMs and maxBytes must be positive numbers (got ${timeoutMs}, ${maxBytes}).`, {
						host: hostId,
						address,
						hint: 'Pass { timeoutMs, maxBytes } greater than 0.',
					})
				);
			}
			if (closed || lost !== undefined) {
				return Promise.reject(
					new TransportError('unreachable', `Session to ${hostId} (${address}) is ${closed ? 'closed' : `lost: ${lost}`}.`, {
						host: hostId,
						address,
						hint: 'Connect again.',
					})
				);
			}
			return new Promise((resolve, reject) => {
				const started = performance.now();
				final.exec(command, (error: Error | undefined, channel: ClientChannel) => {
					if (error) {
						reject(new TransportError('unreachable', `Cannot start a command on ${hostId} (${address}): ${error.message}.`, {
							host: hostId,
							address,
							cause: error,
							hint: 'Check sshd limits (MaxSessions) and that the connection is still up.',
						}));
						return;
					}
					const out = new CappedBuffer(maxBytes);
					const err = new CappedBuffer(maxBytes);
					let code: number | null = null;
					let signal: string | null = null;
					let timedOut = false;
					let done = false;
					let grace: NodeJS.Timeout | undefined;
					const finish = () => {
						if (done) return;
						done = true;
						running.delete(finish);
						clearTimeout(timer);
						clearTimeout(grace);
						if (lost !== undefined && !timedOut && code === null && signal === null) {
							reject(new TransportError('unreachable', `Connection to ${hostId} (${address}) was lost while running a command: ${lost}.`, {
								host: hostId,
								address,
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
							durationMs: Math.round(performance.now() - started),
						});
					};
					const timer = setTimeout(() => {
						timedOut = true;
						killRemote(channel);
						channel.close();
						// sshd answers the close only once the remote process is gone; don't wait for that
						grace = setTimeout(finish, 200);
					}, timeoutMs);
					// keep reading past the cap (and discard), so the channel can finish
					channel.on('data', (chunk: Buffer) => out.push(chunk));
					channel.stderr.on('data', (chunk: Buffer) => err.push(chunk));
					channel.on('exit', (exitCode: number | null, exitSignal?: string) => {
						code = typeof exitCode === 'number' ? exitCode : null;
						signal = exitSignal ? exitSignal.replace(/^SIG/, '') : null;
					});
					channel.on('close', finish);
					running.add(finish);
					if (options.stdin === undefined) channel.end();
					else channel.end(options.stdin);
				});
			});
		},
		async close(): Promise<void> {
			if (closed) return;
			closed = true;
			openSessions.delete(session);
			await closeClients(clients);
		},
	};
	return session;
}

/**
 * Closes every open session and every connection still being set up (for SIGINT).
 *
 * @returns
 *   Resolves when all are closed.
 */
export async function closeAll(): Promise<void> {
	const sessions = [...openSessions];
	await Promise.all(sessions.map((s) => s.close()));
	for (const client of liveClients) client.destroy();
	liveClients.clear();
}

/**
 * The number of open sessions (for tests and leak checks).
 *
 * @returns
 *   Count.
 */
export function openSessionCount(): number {
	return openSessions.size;
}

/**
 * The known_hosts lookup name for an endpoint, re-exported for callers that print it.
 */
export { knownHostsName };

/**
 * The SSH transport: `connect(inventory, hostId)` opens one ssh2 connection per hop
 * (jump chains via `forwardOut` + `sock`), verifies every hop's host key against the
 * inventory's known_hosts (fail closed), refuses addresses outside the egress allowlist
 * before sending any packet, retries (with jittered back-off) a hop whose sshd dropped
 * the connection before the handshake, and returns a `Session` whose `exec` is bounded
 * in time and output size.
 *
 * Parts: `hop.ts` (one hop: host key, auth), `session.ts` (commands), `registry.ts`
 * (open clients and sessions, `closeAll`), `messages.ts` (errors and hints),
 * `retry.ts` and `handshake-gate.ts` (sshd MaxStartups), `ssh2-internals.ts`.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import type { Duplex } from 'node:stream';
import { checkEgress, egressPolicy, type EgressPolicy } from './egress.ts';
import { TransportError } from './errors.ts';
import { connectHop, forward } from './hop.ts';
import { describe, shown } from './messages.ts';
import { closeClients, type SshClient } from './registry.ts';
import { backoffMs, DEFAULT_RETRY } from './retry.ts';
import { createSession } from './session.ts';
import type { ConnectOptions, Endpoint, HostKeyInfo, Inventory, Session } from './types.ts';

export { TransportError, isTransportError } from './errors.ts';
export { closeAll, openSessionCount } from './registry.ts';
export { knownHostsName } from './known-hosts.ts';
export type * from './types.ts';

/** Default connect timeout per hop (TCP + handshake + auth). */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/** Default keepalive interval. */
export const DEFAULT_KEEPALIVE_MS = 15_000;

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
 * Checks every hop against the egress allowlist before any connection.
 *
 * @param hops
 *   Hops, outermost first.
 * @param hostId
 *   Final host id.
 * @param policy
 *   The allowlist.
 * @param lookup
 *   DNS lookup.
 * @returns
 *   The address to contact per hop.
 */
async function egressAddresses(hops: readonly Endpoint[], hostId: string, policy: EgressPolicy, lookup: (hostname: string) => Promise<string[]>): Promise<string[]> {
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
	return addresses;
}

/**
 * Connects one hop (over a stream forwarded by the previous one, if any), retrying with
 * back-off while sshd drops the connection before the handshake (MaxStartups) and time
 * is left within the hop's connect timeout.
 *
 * @param open
 *   Opens the hop once.
 * @param timeoutMs
 *   The hop's connect timeout: no retry starts after it.
 * @returns
 *   What `open` returns, and how many attempts sshd dropped first.
 */
async function withRetry<T>(open: () => Promise<T>, timeoutMs: number): Promise<{ value: T; dropped: number }> {
	const started = performance.now();
	for (let attempt = 1; ; attempt++) {
		try {
			return { value: await open(), dropped: attempt - 1 };
		} catch (error) {
			if (!(error instanceof TransportError) || !error.retryable) throw error;
			const pause = backoffMs(attempt, DEFAULT_RETRY, timeoutMs - (performance.now() - started));
			if (pause === undefined) {
				throw new TransportError(error.code, `${error.message.replace(/\.$/, '')} (dropped before the SSH handshake ${attempt} time${attempt === 1 ? '' : 's'}).`, {
					...(error.host ? { host: error.host } : {}),
					...(error.address ? { address: error.address } : {}),
					hint: error.hint,
					cause: error.cause,
				});
			}
			await new Promise((resolve) => setTimeout(resolve, pause));
		}
	}
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
	const addresses = await egressAddresses(hops, hostId, policy, options.lookup ?? lookupAll);

	const clients: SshClient[] = [];
	const hostKeys: HostKeyInfo[] = [];
	let dropped = 0;
	try {
		for (const [index, hop] of hops.entries()) {
			const address = addresses[index] ?? hop.address;
			const previous = clients[index - 1];
			const previousHop = hops[index - 1];
			const { value: { client, key }, dropped: droppedHere } = await withRetry(async () => {
				const sock: Duplex | undefined = previous && previousHop ? await forward(previous, previousHop, hop, address, hostId, timeoutMs) : undefined;
				return connectHop(hop, address, hostId, { timeoutMs, keepaliveMs, env, ...(sock ? { sock } : {}) });
			}, timeoutMs);
			clients.push(client);
			hostKeys.push(key);
			dropped += droppedHere;
		}
	} catch (error) {
		await closeClients(clients);
		throw error;
	}
	return createSession(hostId, host.address, clients, hostKeys, dropped);
}

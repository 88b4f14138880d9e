/**
 * Lookups shared by the rules: which host a literal is about, which socket fact
 * answers an address:port, whether a firewall allows a port.
 */
import type { DeclaredFact } from '../../model/facts/store.ts';
import type { FactIndex } from './fact-index.ts';
import { hostsOfAddress } from './fact-index.ts';
import { isLoopback, isWildcard } from '../../lib/net.ts';
import type { Segment } from './types.ts';

/**
 * The socket fact for a port: on `host` when known, else the only host in the
 * estate with a socket on that port.
 * @param ix
 *   Estate facts.
 * @param port
 *   Port number.
 * @param host
 *   Host the text talks about, if known.
 */
export function socketFor(ix: FactIndex, port: number, host: string | undefined, protocol?: 'tcp' | 'udp'): DeclaredFact<'sockets'> | undefined {
	const protos = protocol ? [protocol] : (['tcp', 'udp'] as const);
	if (host) {
		for (const p of protos) {
			const f = ix.sockets.get(`${host}/${p}:${port}`);
			if (f) return f;
		}
		return undefined;
	}
	const all = (ix.socketsByPort.get(port) ?? []).filter((f) => protos.includes(f.value.protocol));
	const hosts = new Set(all.map((f) => f.host));
	return hosts.size === 1 ? all[0] : undefined;
}

/** Bind class of an address: `any`, `loopback` or the address itself. */
export function bindClass(ip: string): string {
	if (isWildcard(ip)) return 'any';
	if (isLoopback(ip)) return 'loopback';
	return ip.toLowerCase();
}

/**
 * The host an address literal is about: the host that owns the address, else the
 * segment's host (code block title, `ssh`, host named on the line, page host).
 * @param ix
 *   Estate facts.
 * @param ip
 *   The address.
 * @param seg
 *   Where it was written.
 */
export function hostOf(ix: FactIndex, ip: string, seg: Segment): string | undefined {
	const owners = hostsOfAddress(ix, ip);
	if (owners.length === 1) return owners[0];
	if (owners.length > 1) return owners.includes(seg.host ?? '') ? seg.host : undefined;
	return seg.host;
}

/**
 * Whether a firewall fact allows incoming traffic to a port.
 * @param fw
 *   Firewall fact.
 * @param port
 *   Port.
 * @param protocol
 *   Protocol (`undefined`: either).
 */
export function firewallAllows(fw: DeclaredFact<'firewalls'>, port: number, protocol: 'tcp' | 'udp' | undefined): boolean {
	const v = fw.value;
	if (!v.active || v.defaults?.incoming === 'allow' || v.defaults?.incoming === 'disabled') return true;
	return (v.rules as { port: number | string; protocol?: string; action: string }[]).some((r) => {
		if (r.action !== 'allow' && r.action !== 'limit') return false;
		if (protocol && r.protocol && r.protocol !== protocol) return false;
		if (typeof r.port === 'number') return r.port === port;
		const [a = 0, b = 0] = r.port.split(':').map(Number);
		return port >= a && port <= b;
	});
}

/** The firewall of a host (none when the host is unknown: no guessing). */
export function firewallFor(ix: FactIndex, host: string | undefined): DeclaredFact<'firewalls'> | undefined {
	return host ? ix.firewalls.get(host) : undefined;
}

/** Short text of a socket fact: `127.0.0.1:5000/tcp`. */
export const socketText = (f: DeclaredFact<'sockets'>) => `${f.value.bind}:${f.value.port}/${f.value.protocol}`;

/**
 * The facts of one estate, indexed the way the rules look them up: addresses to
 * hosts, sockets by host and port, firewalls, containers, networks, domains, units.
 * Pure: built from `DeclaredFact[]`.
 */
import type { DeclaredFact } from '../../model/facts/store.ts';
import { canonicalIp, inCidr, stripPrefix } from '../../lib/net.ts';
import type { DeclaredAt } from './types.ts';

/** Location of a fact for messages. */
export const at = (f: DeclaredFact): DeclaredAt => ({ id: f.id, file: f.file, line: f.line });

/** `file:line` of a fact. */
export const where = (f: DeclaredFact) => `${f.file}:${f.line}`;

/** Indexed facts of one estate. */
export interface FactIndex {
	facts: DeclaredFact[];
	/** Host ids → host fact (may be missing for hosts declared elsewhere). */
	hosts: Map<string, DeclaredFact>;
	/** Canonical address → facts that declare it (addresses, DNS values, gateways, binds). */
	addresses: Map<string, { fact: DeclaredFact; host: string | undefined }[]>;
	/** Declared networks/addresses with prefix, for containment. */
	cidrs: { cidr: string; fact: DeclaredFact }[];
	/** `host/proto:port` → socket fact. */
	sockets: Map<string, DeclaredFact>;
	/** Socket facts by port (any host). */
	socketsByPort: Map<number, DeclaredFact[]>;
	/** host → firewall fact. */
	firewalls: Map<string, DeclaredFact>;
	/** Container name → facts (one per host). */
	containers: Map<string, DeclaredFact[]>;
	/** Network name → facts. */
	networks: Map<string, DeclaredFact[]>;
	/** Compose-local network name (`devnet` of `grocery-mate_devnet`) → facts. */
	networkSuffixes: Map<string, DeclaredFact[]>;
	/** Domain → facts that declare it. */
	domains: Map<string, DeclaredFact[]>;
	/** Registrable parts (`gro-mate.tech`) of the estate's domains. */
	baseDomains: Set<string>;
	/** Unit name → facts. */
	units: Map<string, DeclaredFact[]>;
	/** Every declared name of any kind (containers, networks, volumes, units, users, groups, hosts). */
	names: Set<string>;
}

const push = <K, V>(m: Map<K, V[]>, k: K, v: V) => {
	const l = m.get(k);
	if (l) l.push(v);
	else m.set(k, [v]);
};

/** Last two labels of a domain (three for `co.uk`-style second levels). */
export function baseDomain(name: string): string {
	const labels = name.toLowerCase().replace(/^\*\./, '').split('.');
	const n = labels.length >= 3 && /^(co|com|org|net|gov|ac|edu)$/.test(labels.at(-2) ?? '') ? 3 : 2;
	return labels.slice(-n).join('.');
}

/** Hostname of an URL, or undefined. */
function urlHost(url: string): string | undefined {
	try {
		return new URL(url).hostname.replace(/^\[|\]$/g, '');
	} catch {
		return undefined;
	}
}

/**
 * Builds the index.
 * @param facts
 *   The facts of one estate (already filtered).
 */
export function buildFactIndex(facts: DeclaredFact[]): FactIndex {
	const ix: FactIndex = {
		facts, hosts: new Map(), addresses: new Map(), cidrs: [], sockets: new Map(), socketsByPort: new Map(),
		firewalls: new Map(), containers: new Map(), networks: new Map(), networkSuffixes: new Map(),
		domains: new Map(), baseDomains: new Set(), units: new Map(), names: new Set(),
	};
	const addAddr = (ip: string, fact: DeclaredFact, host = fact.host) => push(ix.addresses, canonicalIp(stripPrefix(ip)), { fact, host });
	const addDomain = (d: string, fact: DeclaredFact) => {
		push(ix.domains, d.toLowerCase(), fact);
		ix.baseDomains.add(baseDomain(d));
	};
	for (const f of facts) {
		const v = f.value;
		switch (f.kind) {
			case 'hosts':
				ix.hosts.set(v.id, f);
				ix.names.add(v.id);
				if (v.hostname) {
					ix.names.add(v.hostname);
					if (v.hostname.includes('.')) addDomain(v.hostname, f);
				}
				break;
			case 'addresses':
				addAddr(v.address, f);
				ix.cidrs.push({ cidr: v.address, fact: f });
				break;
			case 'sockets':
				ix.sockets.set(`${f.host}/${v.protocol}:${v.port}`, f);
				push(ix.socketsByPort, v.port, f);
				if (v.bind !== '*') addAddr(v.bind, f);
				if (v.process) ix.names.add(v.process);
				break;
			case 'firewalls':
				if (f.host) ix.firewalls.set(f.host, f);
				for (const r of v.rules ?? []) if (r.from && r.from !== 'any') {
					if (r.from.includes('/')) ix.cidrs.push({ cidr: r.from, fact: f });
					else addAddr(r.from, f);
				}
				break;
			case 'containers':
				push(ix.containers, v.name, f);
				ix.names.add(v.name);
				for (const p of v.ports ?? []) addAddr(p.hostIp, f);
				break;
			case 'networks': {
				push(ix.networks, v.name, f);
				ix.names.add(v.name);
				const i = v.name.indexOf('_');
				if (i > 0) push(ix.networkSuffixes, v.name.slice(i + 1), f);
				if (v.subnet) ix.cidrs.push({ cidr: v.subnet, fact: f });
				if (v.gateway) addAddr(v.gateway, f);
				if (v.interface) ix.names.add(v.interface);
				break;
			}
			case 'volumes':
				ix.names.add(v.name);
				break;
			case 'units':
				push(ix.units, v.name, f);
				ix.names.add(v.name);
				ix.names.add(v.name.replace(/\.service$/, ''));
				break;
			case 'users':
			case 'groups':
				ix.names.add(v.name);
				break;
			case 'certificates':
				addDomain(v.domain, f);
				for (const d of v.altNames ?? []) addDomain(d, f);
				break;
			case 'http': {
				const h = urlHost(v.url);
				if (h && /[a-z]/i.test(h) && !h.includes(':')) addDomain(h, f);
				else if (h) addAddr(h, f);
				break;
			}
			case 'dns':
				addDomain(v.name, f);
				for (const val of v.values) {
					if (v.type === 'A' || v.type === 'AAAA') addAddr(val, f, f.host);
					else if (v.type === 'CNAME' || v.type === 'MX' || v.type === 'NS') {
						const d = String(val).replace(/^\d+\s+/, '').replace(/\.$/, '');
						if (d.includes('.')) push(ix.domains, d.toLowerCase(), f);
					}
				}
				break;
		}
	}
	return ix;
}

/**
 * Hosts an address belongs to (declared on an interface, bound by a socket, or an
 * A/AAAA record served by a host).
 * @param ix
 *   The index.
 * @param ip
 *   Address without prefix.
 */
export function hostsOfAddress(ix: FactIndex, ip: string): string[] {
	const list = ix.addresses.get(canonicalIp(ip)) ?? [];
	return [...new Set(list.filter((e) => e.fact.kind === 'addresses' || e.fact.kind === 'dns').map((e) => e.host).filter((h): h is string => !!h))];
}

/** Whether an address is declared or lies in a declared network. */
export function isKnownAddress(ix: FactIndex, ip: string): boolean {
	if (ix.addresses.has(canonicalIp(ip))) return true;
	// only Docker subnets and firewall sources cover ranges; an interface address
	// `10.22.68.248/24` does not make every other LAN address a fact
	return ix.cidrs.some((c) => c.fact.kind !== 'addresses' && c.cidr.includes('/') && inCidr(ip, c.cidr));
}

/** Whether a written network (`10.22.68.0/24`) contains a declared address or equals a declared network. */
export function isKnownNetwork(ix: FactIndex, ip: string, prefix: number): boolean {
	const cidr = `${ip}/${prefix}`;
	if (ix.cidrs.some((c) => c.cidr === cidr || (c.cidr.includes('/') && stripPrefix(c.cidr) === ip))) return true;
	for (const key of ix.addresses.keys()) if (inCidr(key, cidr)) return true;
	return false;
}

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
	hosts: Map<string, DeclaredFact<'hosts'>>;
	/** Canonical address → facts that declare it (addresses, DNS values, gateways, binds). */
	addresses: Map<string, { fact: DeclaredFact; host: string | undefined }[]>;
	/** Declared networks/addresses with prefix, for containment. */
	cidrs: { cidr: string; fact: DeclaredFact }[];
	/** `host/proto:port` → socket fact. */
	sockets: Map<string, DeclaredFact<'sockets'>>;
	/** Socket facts by port (any host). */
	socketsByPort: Map<number, DeclaredFact<'sockets'>[]>;
	/** host → firewall fact. */
	firewalls: Map<string, DeclaredFact<'firewalls'>>;
	/** Container name → facts (one per host). */
	containers: Map<string, DeclaredFact<'containers'>[]>;
	/** Network name → facts. */
	networks: Map<string, DeclaredFact<'networks'>[]>;
	/** Compose-local network name (`devnet` of `grocery-mate_devnet`) → facts. */
	networkSuffixes: Map<string, DeclaredFact<'networks'>[]>;
	/** Domain → facts that declare it. */
	domains: Map<string, DeclaredFact[]>;
	/** Registrable parts (`gro-mate.tech`) of the estate's domains. */
	baseDomains: Set<string>;
	/** Unit name → facts. */
	units: Map<string, DeclaredFact<'units'>[]>;
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
		switch (f.kind) {
			case 'hosts':
				ix.hosts.set(f.value.id, f);
				ix.names.add(f.value.id);
				if (f.value.hostname) {
					ix.names.add(f.value.hostname);
					if (f.value.hostname.includes('.')) addDomain(f.value.hostname, f);
				}
				break;
			case 'addresses':
				addAddr(f.value.address, f);
				ix.cidrs.push({ cidr: f.value.address, fact: f });
				break;
			case 'sockets':
				ix.sockets.set(`${f.host}/${f.value.protocol}:${f.value.port}`, f);
				push(ix.socketsByPort, f.value.port, f);
				if (f.value.bind !== '*') addAddr(f.value.bind, f);
				if (f.value.process) ix.names.add(f.value.process);
				break;
			case 'firewalls':
				if (f.host) ix.firewalls.set(f.host, f);
				for (const r of f.value.rules ?? []) if (r.from && r.from !== 'any') {
					if (r.from.includes('/')) ix.cidrs.push({ cidr: r.from, fact: f });
					else addAddr(r.from, f);
				}
				break;
			case 'containers':
				push(ix.containers, f.value.name, f);
				ix.names.add(f.value.name);
				for (const p of f.value.ports ?? []) addAddr(p.hostIp, f);
				break;
			case 'networks': {
				push(ix.networks, f.value.name, f);
				ix.names.add(f.value.name);
				const i = f.value.name.indexOf('_');
				if (i > 0) push(ix.networkSuffixes, f.value.name.slice(i + 1), f);
				if (f.value.subnet) ix.cidrs.push({ cidr: f.value.subnet, fact: f });
				if (f.value.gateway) addAddr(f.value.gateway, f);
				if (f.value.interface) ix.names.add(f.value.interface);
				break;
			}
			case 'volumes':
				ix.names.add(f.value.name);
				break;
			case 'units':
				push(ix.units, f.value.name, f);
				ix.names.add(f.value.name);
				ix.names.add(f.value.name.replace(/\.service$/, ''));
				break;
			case 'users':
			case 'groups':
				ix.names.add(f.value.name);
				break;
			case 'certificates':
				addDomain(f.value.domain, f);
				for (const d of f.value.altNames ?? []) addDomain(d, f);
				break;
			case 'http': {
				const h = urlHost(f.value.url);
				if (h && /[a-z]/i.test(h) && !h.includes(':')) addDomain(h, f);
				else if (h) addAddr(h, f);
				break;
			}
			case 'dns':
				addDomain(f.value.name, f);
				for (const val of f.value.values) {
					if (f.value.type === 'A' || f.value.type === 'AAAA') addAddr(val, f, f.host);
					else if (f.value.type === 'CNAME' || f.value.type === 'MX' || f.value.type === 'NS') {
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

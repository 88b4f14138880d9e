/**
 * Identity of a fact: two declarations with the same key state the same fact and
 * must agree. Keys are also the ids authors use in `<Fact id="…" />`.
 */
import type { FactKind, FactValue } from '../schemas/facts.ts';

/** Kinds whose entries belong to a host (need `host` or the page's `facts.host`). */
export const HOST_BOUND_KINDS: ReadonlySet<FactKind> = new Set([
	'addresses', 'sockets', 'firewalls', 'containers', 'networks', 'volumes',
	'units', 'users', 'groups', 'paths', 'sshd',
]);

/**
 * The key of each kind's entries (the entries of host-bound kinds carry their resolved `host`).
 * A mapped type, so `factKey` can pick the function of a generic kind.
 */
const KEYS: { [K in FactKind]: (entry: FactValue<K>) => string } = {
	hosts: (e) => `${e.id}/host`,
	addresses: (e) => `${e.host ?? ''}/address/${e.address}`,
	sockets: (e) => `${e.host ?? ''}/socket/${e.protocol}:${e.port}`,
	firewalls: (e) => `${e.host ?? ''}/firewall`,
	containers: (e) => `${e.host ?? ''}/container/${e.name}`,
	networks: (e) => `${e.host ?? ''}/network/${e.name}`,
	volumes: (e) => `${e.host ?? ''}/volume/${e.name}`,
	certificates: (e) => `certificate/${e.domain}:${e.port}`,
	http: (e) => `http/${e.url}`,
	dns: (e) => `dns/${e.type}/${e.name}`,
	units: (e) => `${e.host ?? ''}/unit/${e.name}`,
	users: (e) => `${e.host ?? ''}/user/${e.name}`,
	groups: (e) => `${e.host ?? ''}/group/${e.name}`,
	paths: (e) => `${e.host ?? ''}/path${e.path}`, // the path starts with /: gm-vserver/path/home/jeff
	sshd: (e) => `${e.host ?? ''}/sshd`,
};

/**
 * The key of one fact entry.
 * @param kind
 *   The fact list the entry is in.
 * @param entry
 *   The parsed entry (with `host` already resolved for host-bound kinds).
 */
export function factKey<K extends FactKind>(kind: K, entry: FactValue<K>): string {
	return KEYS[kind](entry);
}

/**
 * The canonical form of a fact id as authors may write it: path facts used to be keyed
 * `host/path//abs/path`; the old form keeps resolving to `host/path/abs/path`.
 * @param id
 *   A fact id as written in `<Fact id="…">`.
 */
export function canonicalFactId(id: string): string {
	return id.replace(/\/path\/\//, '/path/');
}

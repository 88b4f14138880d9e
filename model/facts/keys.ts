/**
 * Identity of a fact: two declarations with the same key state the same fact and
 * must agree. Keys are also the ids authors use in `<Fact id="…" />`.
 */
import type { FactKind } from '../schemas/facts.ts';

/** Kinds whose entries belong to a host (need `host` or the page's `facts.host`). */
export const HOST_BOUND_KINDS: ReadonlySet<FactKind> = new Set([
	'addresses', 'sockets', 'firewalls', 'containers', 'networks', 'volumes',
	'units', 'users', 'groups', 'paths', 'sshd',
]);

/** Kinds that are observed from the build machine but served by a host (host optional). */
export const SERVED_KINDS: ReadonlySet<FactKind> = new Set(['certificates', 'http', 'dns']);

/**
 * The key of one fact entry.
 * @param kind
 *   The fact list the entry is in.
 * @param entry
 *   The parsed entry (with `host` already resolved for host-bound kinds).
 */
export function factKey(kind: FactKind, entry: Record<string, any>): string {
	const h = entry.host;
	switch (kind) {
		case 'hosts': return `${entry.id}/host`;
		case 'addresses': return `${h}/address/${entry.address}`;
		case 'sockets': return `${h}/socket/${entry.protocol}:${entry.port}`;
		case 'firewalls': return `${h}/firewall`;
		case 'containers': return `${h}/container/${entry.name}`;
		case 'networks': return `${h}/network/${entry.name}`;
		case 'volumes': return `${h}/volume/${entry.name}`;
		case 'certificates': return `certificate/${entry.domain}:${entry.port}`;
		case 'http': return `http/${entry.url}`;
		case 'dns': return `dns/${entry.type}/${entry.name}`;
		case 'units': return `${h}/unit/${entry.name}`;
		case 'users': return `${h}/user/${entry.name}`;
		case 'groups': return `${h}/group/${entry.name}`;
		case 'paths': return `${h}/path/${entry.path}`;
		case 'sshd': return `${h}/sshd`;
	}
}

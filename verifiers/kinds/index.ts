/** The explicit registry of fact kinds (no registration by side effect). */
import type { FactKind } from '../../model/schemas/facts.ts';
import type { DeclaredFact } from '../../model/facts/store.ts';
import type { Finding } from '../../model/report/schema.ts';
import type { HostObservation, SectionName } from '../observation.ts';
import type { CompareContext, Kind } from './kind.ts';
import { hostsKind } from './hosts.ts';
import { addressesKind } from './addresses.ts';
import { socketsKind } from './sockets.ts';
import { firewallsKind } from './firewalls.ts';
import { containersKind } from './containers.ts';
import { networksKind } from './networks.ts';
import { volumesKind } from './volumes.ts';
import { certificatesKind } from './certificates.ts';
import { httpKind } from './http.ts';
import { dnsKind } from './dns.ts';
import { unitsKind } from './units.ts';
import { usersKind } from './users.ts';
import { groupsKind } from './groups.ts';
import { pathsKind } from './paths.ts';
import { sshdKind } from './sshd.ts';

/** Every fact kind of the fact model, mapped to its comparator (typed for its kind). */
export const KindsMap: { readonly [K in FactKind]: Kind<K> } = {
	hosts: hostsKind,
	addresses: addressesKind,
	sockets: socketsKind,
	firewalls: firewallsKind,
	containers: containersKind,
	networks: networksKind,
	volumes: volumesKind,
	certificates: certificatesKind,
	http: httpKind,
	dns: dnsKind,
	units: unitsKind,
	users: usersKind,
	groups: groupsKind,
	paths: pathsKind,
	sshd: sshdKind,
};

/**
 * The host sections one fact needs, from its kind's comparator.
 * @param fact
 *   A declared fact of any kind.
 */
export function sectionsNeeded<K extends FactKind>(fact: DeclaredFact<K>): SectionName[] {
	return KindsMap[fact.kind].needs(fact);
}

/**
 * Compares one fact with the observation through its kind's comparator.
 * @param fact
 *   A declared fact of any kind.
 * @param obs
 *   The observation of the fact's host (`{ problems: {} }` for kinds observed from the build machine).
 * @param ctx
 *   Build-machine observations and run details.
 */
export function compareFact<K extends FactKind>(fact: DeclaredFact<K>, obs: HostObservation, ctx: CompareContext): Finding[] {
	return KindsMap[fact.kind].compare(fact, obs, ctx);
}

/** Kinds observed from the build machine rather than over SSH. */
export const LOCAL_KINDS: ReadonlySet<FactKind> = new Set(['certificates', 'http', 'dns']);

/** The explicit registry of fact kinds (no registration by side effect). */
import type { FactKind } from '../../model/schemas/facts.ts';
import type { Kind } from './kind.ts';
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

/** Every fact kind of the fact model, mapped to its comparator. */
export const KindsMap = {
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
} as const satisfies Record<FactKind, Kind>;

/** Kinds observed from the build machine rather than over SSH. */
export const LOCAL_KINDS: ReadonlySet<FactKind> = new Set(['certificates', 'http', 'dns']);

/**
 * Plans a run: which hosts to contact, which probe sections each needs (for its facts
 * and for the undocumented-reality checks), and which checks run from the build machine.
 * Pure.
 */
import type { DeclaredFact, FactStore } from '../model/facts/store.ts';
import type { SectionName } from './observation.ts';
import type { ProbePlan } from './probe/script.ts';
import { LOCAL_KINDS, sectionsNeeded } from './kinds/index.ts';
import { exposureOf, shouldProbe } from './kinds/exposure.ts';

/**
 * Sections every reachable host gets, for the undocumented-reality checks. (The addresses a
 * Podman network's bridge is found by are read only where a Docker socket exists: the probe
 * script adds `ip-addr` behind that test when `docker-networks` runs and no fact needs it.)
 */
export const UNDOCUMENTED_SECTIONS: readonly SectionName[] = ['ss', 'docker-inspect', 'docker-networks', 'docker-volumes', 'firewall'];

/** Sections `--discover` gathers. */
export const DISCOVER_SECTIONS: readonly SectionName[] = [
	'hostname', 'os-release', 'kernel', 'nproc', 'meminfo', 'df', 'ip-addr', 'ss', 'port-range',
	'docker-inspect', 'docker-networks', 'docker-volumes', 'firewall', 'units-list', 'passwd', 'group', 'sshd',
];

/** The plan for one host. */
export interface HostPlan {
	host: string;
	/** Lifecycle from the host's `hosts` fact (`current` when the host has none). */
	status: 'current' | 'planned' | 'retired';
	/** Every declared fact of the host (all kinds, served ones included). */
	facts: DeclaredFact[];
	/** What the probe gathers. */
	probe: ProbePlan;
}

/** A TCP reachability check from the build machine. */
export interface ReachTarget { host: string; port: number }

/** The whole plan. */
export interface RunPlan {
	hosts: Map<string, HostPlan>;
	/** Facts observed from the build machine (certificates, http, dns). */
	served: DeclaredFact[];
	/** Reachability checks (second vantage point). */
	reach: ReachTarget[];
}

/** `true` when the fact is checked at all (not `planned`). */
export const isCurrent = (f: DeclaredFact) => (f.value.status ?? 'current') === 'current';

/**
 * The probe plan for a set of facts.
 * @param facts
 *   Facts of one host.
 * @param extra
 *   Sections always included.
 */
export function probePlanFor(facts: readonly DeclaredFact[], extra: readonly SectionName[] = UNDOCUMENTED_SECTIONS): ProbePlan {
	const sections = new Set<SectionName>(extra);
	const units = new Set<string>();
	const paths = new Set<string>();
	for (const f of facts) {
		if (!isCurrent(f) || LOCAL_KINDS.has(f.kind)) continue;
		for (const s of sectionsNeeded(f)) sections.add(s);
		if (f.kind === 'units') units.add(f.value.name);
		if (f.kind === 'paths') paths.add(f.value.path);
	}
	if (units.size) sections.add('systemctl');
	if (paths.size) sections.add('stat');
	return { sections, units: [...units].sort(), paths: [...paths].sort() };
}

/**
 * Plans a run from the fact store.
 * @param store
 *   Loaded facts.
 * @param only
 *   Restrict to these host ids (`--host`).
 * @param hostless
 *   Also plan build-machine facts that belong to no host (DNS records of a NAT address, …).
 *   @default true without `only`; a sharded run sets it for exactly one shard.
 */
export function planRun(store: FactStore, only?: readonly string[], hostless = !only?.length): RunPlan {
	const hosts = new Map<string, HostPlan>();
	const served: DeclaredFact[] = [];
	const all = [...store.facts.values()];
	const wanted = (h: string | undefined) => !only?.length || (h !== undefined && only.includes(h));
	for (const f of all) {
		if (LOCAL_KINDS.has(f.kind)) {
			if (f.host ? wanted(f.host) : hostless) served.push(f);
		}
		if (!f.host || !wanted(f.host)) continue;
		let p = hosts.get(f.host);
		if (!p) hosts.set(f.host, (p = { host: f.host, status: 'current', facts: [], probe: { sections: new Set(), units: [], paths: [] } }));
		p.facts.push(f);
		if (f.kind === 'hosts') p.status = f.value.status ?? 'current';
	}
	for (const p of hosts.values()) p.probe = probePlanFor(p.facts);
	const reach: ReachTarget[] = [];
	const seen = new Set<string>();
	for (const p of hosts.values()) {
		if (p.status !== 'current') continue;
		for (const f of p.facts) {
			if (!isCurrent(f)) continue;
			const ports: number[] = [];
			if (f.kind === 'sockets' && f.value.protocol === 'tcp' && shouldProbe(f.value.bind, exposureOf(f.value.bind, f.value.exposure))) ports.push(f.value.port);
			if (f.kind === 'containers') {
				for (const pp of f.value.ports ?? []) if (pp.protocol === 'tcp' && shouldProbe(pp.hostIp, exposureOf(pp.hostIp))) ports.push(pp.hostPort);
			}
			for (const port of ports) {
				const k = `${p.host}:${port}`;
				if (!seen.has(k)) { seen.add(k); reach.push({ host: p.host, port }); }
			}
		}
	}
	return { hosts, served, reach };
}

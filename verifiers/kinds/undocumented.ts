/**
 * Undocumented reality: what a host has but no page declares (listening sockets,
 * containers, firewall rules, Docker networks and volumes), minus the host's `ignore`
 * lists. Pure. Whether an undocumented finding fails the run is decided by the policy.
 */
import type { DeclaredFact } from '../../model/facts/store.ts';
import type { FactKind } from '../../model/schemas/facts.ts';
import type { Finding } from '../../model/report/schema.ts';
import type { HostObservation } from '../observation.ts';
import { bounded } from '../probe/parse/result.ts';
import { ruleMatches, ruleText, type RuleLike } from './firewalls.ts';
import { portText } from './containers.ts';
import { templateData } from './kind.ts';

/** Docker/Podman default networks that exist on every engine. */
export const DEFAULT_NETWORKS: ReadonlySet<string> = new Set(['bridge', 'host', 'none', 'podman']);

/**
 * Processes whose sockets are container-engine internals, never a service anyone documents:
 * `aardvark-dns` is Podman's per-network DNS (Docker answers the same queries inside the
 * containers, at 127.0.0.11, where no host socket shows).
 */
export const ENGINE_INTERNAL_PROCESSES: readonly string[] = ['aardvark-dns'];

/** `true` when `port` is listed in an ignore list (numbers or `from:to` ranges). */
export function portIgnored(port: number, ignore: readonly (number | string)[]): boolean {
	return ignore.some((p) => {
		if (typeof p === 'number') return p === port;
		const [a, b] = p.split(':').map(Number);
		return port >= a! && port <= b!;
	});
}

/** Message templates (ESLint-style ids). */
export const UNDOCUMENTED_MESSAGES = {
	socket: '{{host}} listens on {{proto}}/{{port}} at {{bind}}{{procs}}, which no page documents; document it as a socket fact or add the port to the host’s ignore.ports.',
	container: 'Container {{name}} ({{image}}, {{state}}) runs on {{host}} but no page documents it; add a container fact or ignore.containers.',
	rule: 'Firewall rule "{{rule}}" on {{host}} is not documented; add it to the host’s firewall fact.',
	network: 'Docker network {{name}} exists on {{host}} but no page documents it.',
	volume: 'Docker volume {{name}} exists on {{host}} but no page documents it.',
	unverified: 'Could not look for undocumented {{what}} on {{host}}: {{cause}}',
} as const;

const fill = (t: string, d: Record<string, unknown>) => t.replace(/\{\{(\w+)\}\}/g, (_, k: string) => bounded(d[k] ?? '', 300));

/**
 * Finds undocumented things on one host.
 * @param host
 *   Host id.
 * @param facts
 *   Every declared fact of this host (all kinds, including planned ones).
 * @param obs
 *   The host observation.
 */
export function findUndocumented(host: string, facts: readonly DeclaredFact[], obs: HostObservation): Finding[] {
	const hostFact = facts.find((f) => f.kind === 'hosts');
	const ignore = hostFact?.value.ignore ?? { ports: [], containers: [], processes: [] };
	const at = hostFact ? { file: hostFact.file, line: hostFact.line } : {};
	const out: Finding[] = [];
	// `what` is the message id (a key of UNDOCUMENTED_MESSAGES); the site renders `undocumented/<what>` from `data` in either language
	const add = (kind: Finding['kind'], what: keyof typeof UNDOCUMENTED_MESSAGES, observed: string, data: Record<string, unknown>) =>
		out.push({ outcome: 'undocumented', kind, ruleId: `${kind}/undocumented`, host, ...at, observed: bounded(observed, 300), message: fill(UNDOCUMENTED_MESSAGES[what], data), messageId: `undocumented/${what}`, data: templateData(data) });
	const unverified = (kind: Finding['kind'], what: string, cause: string) =>
		out.push({ outcome: 'unverified', kind, ruleId: `${kind}/undocumented`, host, ...at, message: fill(UNDOCUMENTED_MESSAGES.unverified, { what, host, cause }), messageId: 'undocumented/unverified', data: templateData({ what, host, cause }) });
	// (store.ts's factsOfKind, without importing the store's parser and schemas into the run's start-up)
	const of = <K extends FactKind>(k: K) => facts.filter((f): f is Extract<DeclaredFact, { kind: K }> => f.kind === k);

	// sockets
	if (obs.sockets) {
		const documented = of('sockets').map((f) => `${f.value.protocol}/${f.value.port}`);
		const published = of('containers').flatMap((f) => (f.value.ports ?? []).map((p) => `${p.protocol}/${p.hostPort}`));
		const sshPorts = of('sshd').flatMap((f) => (f.value.port ? [`tcp/${f.value.port}`] : []));
		const known = new Set([...documented, ...published, ...sshPorts]);
		const seen = new Set<string>();
		for (const s of obs.sockets) {
			const key = `${s.protocol}/${s.port}`;
			if (known.has(key) || portIgnored(s.port, ignore.ports ?? [])) continue;
			if (s.processes.length && s.processes.every((p) => (ignore.processes ?? []).includes(p) || ENGINE_INTERNAL_PROCESSES.includes(p))) continue;
			const id = `${key}@${s.bind}`;
			if (seen.has(id)) continue;
			seen.add(id);
			add('sockets', 'socket', `${s.protocol}/${s.port} on ${s.rawBind || s.bind}${s.processes.length ? ` (${s.processes.join(', ')})` : ''}`,
				{ host, proto: s.protocol, port: s.port, bind: s.rawBind || s.bind, procs: s.processes.length ? ` (${s.processes.join(', ')})` : '' });
			out[out.length - 1]!.undocumented = { bind: s.bind };
		}
	} else if (obs.problems.ss) unverified('sockets', 'listening sockets', obs.problems.ss.message);

	// containers
	if (obs.containers) {
		const documented = new Set(of('containers').map((f) => f.value.name));
		for (const c of obs.containers) {
			if (documented.has(c.name) || (ignore.containers ?? []).includes(c.name)) continue;
			add('containers', 'container', `${c.name} ${c.image} ${c.state}${c.ports.length ? ` ${c.ports.map(portText).join(', ')}` : ''}`,
				{ host, name: c.name, image: c.image, state: c.state });
		}
	} else if (obs.problems['docker-inspect'] && obs.problems['docker-inspect'].reason !== 'not-installed' && obs.problems['docker-inspect'].reason !== 'not-running') {
		unverified('containers', 'containers', obs.problems['docker-inspect'].message);
	}

	// firewall rules
	if (obs.firewall) {
		const documented: RuleLike[] = of('firewalls').flatMap((f) => f.value.rules);
		for (const r of obs.firewall.rules) {
			if (documented.some((d) => ruleMatches(d, r))) continue;
			add('firewalls', 'rule', ruleText(r), { host, rule: ruleText(r) });
		}
	} else if (obs.problems.firewall && obs.problems.firewall.reason !== 'not-installed') unverified('firewalls', 'firewall rules', obs.problems.firewall.message);

	// networks and volumes
	if (obs.networks) {
		const documented = new Set(of('networks').map((f) => f.value.name));
		for (const n of obs.networks) {
			if (documented.has(n.name) || DEFAULT_NETWORKS.has(n.name)) continue;
			add('networks', 'network', `${n.name} (${n.driver})`, { host, name: n.name });
		}
	}
	if (obs.volumes) {
		const documented = new Set(of('volumes').map((f) => f.value.name));
		for (const v of obs.volumes) {
			if (documented.has(v.name) || /^[0-9a-f]{64}$/.test(v.name)) continue; // anonymous volumes
			add('volumes', 'volume', `${v.name} (${v.driver})`, { host, name: v.name });
		}
	}
	return out;
}

/**
 * Discover: turns what a host really has into ready-to-paste frontmatter (`facts:`),
 * sorted and stable, without ephemeral noise (ports in the ephemeral range, veth
 * interfaces, link-local addresses, anonymous volumes, the verifier's own account).
 * `discoverFacts` is pure; the CLI gathers the observation with the normal probe.
 */
import { stringify } from 'yaml';
import type { HostObservation } from './observation.ts';
import { DEFAULT_NETWORKS } from './kinds/undocumented.ts';
import { round } from './kinds/hosts.ts';
import { normaliseSource } from './kinds/firewalls.ts';
import { normaliseBind } from '../lib/net.ts';

/** Accounts that belong to the verifier, not to the host's documentation. */
export const VERIFIER_ACCOUNTS: ReadonlySet<string> = new Set(['verifier']);

const yes = (s: string | undefined) => s === 'yes';

/**
 * Builds the `facts` block for one host.
 * @param host
 *   Host id.
 * @param obs
 *   Its observation (from the discover probe).
 * @param closed
 *   TCP ports bound to all addresses that the build machine could not reach (see `discoverReachPorts`):
 *   they get a socket fact with `exposure: internal` (published container ports too), since a bind to
 *   0.0.0.0 alone would claim they are public.
 */
export function discoverFacts(host: string, obs: HostObservation, closed: ReadonlySet<number> = new Set()): Record<string, unknown> {
	const facts: Record<string, unknown> = { host };
	const [lo, hi] = obs.portRange ?? [32768, 60999];
	const h: Record<string, unknown> = { id: host };
	if (obs.hostname) h.hostname = obs.hostname;
	if (obs.os) h.os = { id: obs.os.id, version: obs.os.versionId };
	if (obs.kernel) h.kernel = obs.kernel;
	if (obs.cpus) h.cpus = obs.cpus;
	if (obs.memoryKiB) h.memory = { value: round(obs.memoryKiB / 1024 / 1024), tolerance: 10 };
	const root = obs.disks?.find((d) => d.mount === '/');
	if (root) h.disks = [{ mount: '/', size: { value: round((root.sizeKiB * 1024) / 1e9), tolerance: 10 } }];
	facts.hosts = [h];

	const addresses = (obs.addresses ?? [])
		.filter((a) => a.ifname !== 'lo' && !/^veth/.test(a.ifname) && !/^fe80:/i.test(a.cidr))
		.map((a) => ({ address: a.cidr, interface: a.ifname }))
		.sort((a, b) => a.interface.localeCompare(b.interface) || a.address.localeCompare(b.address));
	if (addresses.length) facts.addresses = addresses;

	const published = new Set((obs.containers ?? []).flatMap((c) => c.ports.map((p) => `${p.protocol}/${p.hostPort}`)));
	const sockets = new Map<string, Record<string, unknown>>();
	for (const s of [...(obs.sockets ?? [])].sort((a, b) => a.protocol.localeCompare(b.protocol) || a.port - b.port || a.bind.localeCompare(b.bind))) {
		const key = `${s.protocol}/${s.port}`;
		const all = normaliseBind(s.rawBind) === '*';
		const internal = s.protocol === 'tcp' && all && closed.has(s.port);
		if (sockets.has(key) || (published.has(key) && !internal) || (s.port >= lo && s.port <= hi)) continue;
		const bind = all ? '0.0.0.0' : normaliseBind(s.rawBind);
		sockets.set(key, { port: s.port, protocol: s.protocol, bind, ...(obs.socketsWithProcesses && s.processes[0] && !published.has(key) ? { process: s.processes[0] } : {}), ...(internal ? { exposure: 'internal' } : {}) });
	}
	if (sockets.size) facts.sockets = [...sockets.values()];

	if (obs.firewall) {
		const fw = obs.firewall;
		facts.firewalls = [{
			backend: fw.backend,
			active: fw.active,
			...(fw.defaults?.incoming && fw.defaults.outgoing ? { defaults: { incoming: fw.defaults.incoming, outgoing: fw.defaults.outgoing, ...(fw.defaults.routed ? { routed: fw.defaults.routed } : {}) } } : {}),
			rules: fw.rules.map((r) => {
				const port = /^\d+$/.test(r.port) ? Number(r.port) : r.port;
				return { port, ...(r.protocol ? { protocol: r.protocol } : {}), action: r.action, from: normaliseSource(r.from), ...(r.comment ? { comment: r.comment } : {}) };
			}),
		}];
	}

	const containers = (obs.containers ?? []).map((c) => ({
		name: c.name,
		image: c.image,
		state: c.state,
		...(c.health !== 'none' && c.health !== 'unknown' ? { health: c.health } : {}),
		ports: c.ports.map((p) => ({ hostIp: normaliseBind(p.hostIp) === '*' ? '0.0.0.0' : p.hostIp, hostPort: p.hostPort, containerPort: p.containerPort, protocol: p.protocol })),
		networks: c.networks,
		mounts: c.mounts.map((m) => ({ source: m.source, target: m.target })),
		restart: c.restart,
	}));
	if (containers.length) facts.containers = containers;

	const networks = (obs.networks ?? []).filter((n) => !DEFAULT_NETWORKS.has(n.name)).map((n) => ({
		name: n.name, driver: n.driver,
		...(n.subnets[0] ? { subnet: n.subnets[0].subnet } : {}),
		...(n.subnets[0]?.gateway ? { gateway: n.subnets[0].gateway } : {}),
		...(n.interface ? { interface: n.interface } : {}),
	}));
	if (networks.length) facts.networks = networks;
	const volumes = (obs.volumes ?? []).filter((v) => !/^[0-9a-f]{64}$/.test(v.name)).map((v) => ({ name: v.name, driver: v.driver }));
	if (volumes.length) facts.volumes = volumes;

	const units = (obs.unitsList ?? []).filter((u) => !/^(systemd-|user@|session-|getty@|serial-getty@|console-getty|dbus)/.test(u)).map((name) => ({ name, active: 'active' }));
	if (units.length) facts.units = units;

	const users = Object.values(obs.users ?? {})
		.filter((u) => u.uid >= 1000 && u.uid < 65534 && !VERIFIER_ACCOUNTS.has(u.name))
		.sort((a, b) => a.name.localeCompare(b.name))
		.map((u) => {
			const groups = Object.values(obs.groups ?? {}).filter((g) => g.members.includes(u.name)).map((g) => g.name).sort();
			return { name: u.name, groups, shell: u.shell };
		});
	if (users.length) facts.users = users;

	if (obs.sshd) {
		const s = obs.sshd;
		const allow = (s.allowusers ?? '').split(/\s+/).filter(Boolean).sort();
		facts.sshd = [{
			...(s.port ? { port: Number(s.port.split(' ')[0]) } : {}),
			...(s.passwordauthentication ? { passwordAuthentication: yes(s.passwordauthentication) } : {}),
			...(s.pubkeyauthentication ? { pubkeyAuthentication: yes(s.pubkeyauthentication) } : {}),
			...(s.permitrootlogin ? { permitRootLogin: s.permitrootlogin === 'without-password' ? 'prohibit-password' : s.permitrootlogin } : {}),
			...(allow.length ? { allowUsers: allow } : {}),
		}];
	}
	return facts;
}

/**
 * Renders the frontmatter YAML (a `facts:` block) for pasting into a page.
 * @param host
 *   Host id.
 * @param obs
 *   Observation.
 * @param problems
 *   Include a comment listing sections that could not be read.
 */
export function discoverYaml(host: string, obs: HostObservation, closed: ReadonlySet<number> = new Set()): string {
	const notes = Object.entries(obs.problems).filter(([, p]) => p && p.reason !== 'not-installed').map(([s, p]) => `# not discovered: ${s}: ${p.message.replace(/[\r\n]/g, ' ')}`);
	return `${notes.length ? notes.join('\n') + '\n' : ''}${stringify({ facts: discoverFacts(host, obs, closed) }, { lineWidth: 0, sortMapEntries: false })}`;
}

/** TCP ports of an observation bound to all addresses (sockets outside the ephemeral range, published container ports): the ones whose reachability from the build machine discover checks. */
export function discoverReachPorts(obs: HostObservation): number[] {
	const [lo, hi] = obs.portRange ?? [32768, 60999];
	const ports = new Set<number>();
	for (const s of obs.sockets ?? []) if (s.protocol === 'tcp' && normaliseBind(s.rawBind) === '*' && !(s.port >= lo && s.port <= hi)) ports.add(s.port);
	for (const c of obs.containers ?? []) for (const p of c.ports) if (p.protocol === 'tcp' && normaliseBind(p.hostIp) === '*') ports.add(p.hostPort);
	return [...ports].sort((a, b) => a - b);
}

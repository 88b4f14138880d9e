/**
 * Generates a Mermaid topology diagram from the declared facts only (no inventory),
 * so the diagram cannot drift from the facts: hosts with their addresses, listening
 * sockets reachable from outside, domains routed to them (HTTP endpoints,
 * certificates, DNS records), published container ports, Docker networks, and
 * SSH jump paths (firewall rules and SSH sockets that admit another host).
 */
import { factsOfKind, type DeclaredFact } from '../../model/facts/store.ts';
import type { FactKind, FactValue } from '../../model/schemas/facts.ts';
import type { Socket } from '../../model/schemas/socket.ts';
import { inCidr, ipv4Network, isLoopback, isWildcard, stripPrefix } from '../../lib/net.ts';

/** Options of `topologyDiagram`. */
export interface TopologyOptions {
	/** Hosts drawn in full; hosts connected to them by jump paths are drawn as single nodes. */
	hosts: string[];
	/** Language of the few fixed labels. @default en */
	lang?: 'de' | 'en';
}

const id = (...parts: (string | number)[]) => parts.join('_').replace(/[^A-Za-z0-9]/g, '_');
const esc = (s: string) => s.replace(/&/g, '#amp;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
/** A quoted Mermaid label from lines of text. */
const label = (...lines: (string | undefined)[]) => `"${lines.filter((l): l is string => Boolean(l)).map(esc).join('<br>')}"`;

/**
 * Whether `ip` lies in `cidr`.
 * @param cidr
 *   `10.0.0.0/24`, `10.0.0.5`, an interface address with prefix (`10.0.0.5/24`: its network) or `any`.
 * @param ip
 *   An address, with or without prefix length.
 */
export function cidrContains(cidr: string, ip: string): boolean {
	return cidr === 'any' || inCidr(ip, cidr);
}

/**
 * The Mermaid source of the topology around some hosts.
 * @param facts
 *   All declared facts of the site.
 * @param options
 *   Which hosts to draw.
 */
export function topologyDiagram(facts: readonly DeclaredFact[], options: TopologyOptions): string {
	const de = options.lang === 'de';
	const hostsById = new Map(factsOfKind(facts, 'hosts').map((f) => [f.value.id, f.value]));
	/** The host's facts of one kind, without the planned ones. */
	const of = <K extends FactKind>(host: string, kind: K): FactValue<K>[] =>
		factsOfKind(facts, kind).filter((f) => f.host === host && f.value.status !== 'planned').map((f) => f.value);
	const addressesOf = (host: string) => of(host, 'addresses').map((a) => a.address);
	/** The host's own addresses: no loopback, link-local or Docker bridge addresses. */
	const hostAddresses = (host: string) =>
		of(host, 'addresses')
			.filter((a) => !/^(docker|br-|veth|lo$)/.test(a.interface ?? '') && !isLoopback(stripPrefix(a.address)) && !/^fe80:/i.test(a.address))
			.map((a) => a.address);
	const lines: string[] = ['flowchart LR', `  inet(("Internet"))`];
	const edges: string[] = [];
	const neighbours = new Set<string>();
	const lanNodes = new Set<string>();

	for (const host of options.hosts) {
		const hostname = hostsById.get(host)?.hostname;
		const publicNodes = new Set<string>();
		const addrs = hostAddresses(host);
		lines.push(`  subgraph ${id('H', host)}[${label(host + (hostname ? ` (${hostname})` : ''), ...addrs)}]`, '    direction TB');

		const firewall = of(host, 'firewalls')[0];
		const allowsFromAny = (port: number, protocol: string) =>
			!firewall || firewall.active === false || firewall.defaults?.incoming === 'allow' ||
			firewall.rules.some((r) => r.action !== 'deny' && r.action !== 'reject' && r.from === 'any' && (!r.protocol || r.protocol === protocol) && portMatches(r.port, port));

		// listening sockets: one node per socket that a container port maps to, the
		// others grouped by process so a mail server's seven ports are one node
		const containers = of(host, 'containers');
		const mapped = new Set(containers.flatMap((c) => (c.ports ?? []).map((p) => `${p.protocol}:${p.hostPort}`)));
		const socketNode = new Map<string, string>();
		const groups = new Map<string, [Socket, ...Socket[]]>();
		for (const s of of(host, 'sockets')) {
			const key = mapped.has(`${s.protocol}:${s.port}`) ? `${s.protocol}:${s.port}` : `${s.process ?? '?'}|${s.bind}`;
			const group = groups.get(key);
			if (group) group.push(s);
			else groups.set(key, [s]);
		}
		for (const list of groups.values()) {
			const s = list[0];
			const node = id('S', host, s.protocol, s.port);
			for (const x of list) socketNode.set(`${x.protocol}:${x.port}`, node);
			const ports = list.sort((x, y) => x.port - y.port).map((x) => `${x.port}/${x.protocol}`);
			const rows = ports.map((_, i) => (i % 4 ? '' : ports.slice(i, i + 4).join(', '))).filter(Boolean);
			lines.push(`    ${node}[${label(...rows.slice(0, -1), `${rows.at(-1)}${s.process ? ` · ${s.process}` : ''}`, s.bind)}]`);
			const outside = list.some((x) => (x.exposure ? x.exposure === 'public' : !isLoopback(x.bind) && allowsFromAny(x.port, x.protocol)));
			if (outside) publicNodes.add(node);
		}

		// containers, their published ports and networks
		const networkNode = (name: string) => id('N', host, name);
		// Docker's built-in networks only when a container uses them
		const networks = new Set<string>(of(host, 'networks').map((n) => n.name).filter((n) => !['bridge', 'host', 'none'].includes(n)));
		for (const c of containers) {
			const node = id('C', host, c.name);
			lines.push(`    ${node}[${label(c.name, c.image ?? '')}]`);
			for (const p of c.ports ?? []) {
				let from = socketNode.get(`${p.protocol}:${p.hostPort}`);
				if (!from) {
					from = id('P', host, p.protocol, p.hostPort);
					socketNode.set(`${p.protocol}:${p.hostPort}`, from);
					lines.push(`    ${from}[${label(`${p.hostPort}/${p.protocol}`, p.hostIp)}]`);
					// Docker publishes around the host firewall: reachable unless bound to loopback
					if (!isLoopback(p.hostIp)) publicNodes.add(from);
				}
				edges.push(`  ${from} -->|${label(`→ ${p.containerPort}`)}| ${node}`);
			}
			for (const n of c.networks ?? []) {
				networks.add(n);
				edges.push(`  ${node} --- ${networkNode(n)}`);
			}
		}
		for (const n of [...networks].sort()) lines.push(`    ${networkNode(n)}{{${label(`${de ? 'Netz' : 'network'} ${n}`)}}}`);
		lines.push('  end');

		// domains routed to this host
		const domains = new Map<string, Set<string>>(); // target node -> domains
		const route = (domain: string, port: number | undefined) => {
			const target = (port && socketNode.get(`tcp:${port}`)) || id('H', host);
			const set = domains.get(target) ?? new Set();
			set.add(domain);
			domains.set(target, set);
		};
		for (const e of factsOfKind(facts, 'http').filter((f) => f.host === host).map((f) => f.value)) {
			const u = new URL(e.url);
			route(u.hostname, Number(u.port) || (u.protocol === 'https:' ? 443 : 80));
		}
		for (const c of factsOfKind(facts, 'certificates').filter((f) => f.host === host).map((f) => f.value)) route(c.domain, c.port);
		const hostIps = addressesOf(host).map(stripPrefix);
		for (const r of factsOfKind(facts, 'dns').filter((f) => f.value.type === 'A' || f.value.type === 'AAAA').map((f) => f.value)) {
			if (r.values.some((v) => hostIps.includes(v))) route(r.name, socketNode.has('tcp:443') ? 443 : undefined);
		}
		for (const [target, set] of domains) edges.push(`  inet -->|${label(...[...set].sort())}| ${target}`);
		for (const node of publicNodes) if (!domains.has(node)) edges.push(`  inet --> ${node}`);

		// shared IPv4 subnets: other hosts on the same LAN segment
		for (const own of addrs) {
			const net = ipv4Network(own);
			if (!net) continue;
			const others = [...hostsById.keys()].filter((o) => o !== host && hostAddresses(o).some((a) => ipv4Network(a) === net));
			if (!others.length) continue;
			const lan = id('L', net);
			if (!lanNodes.has(lan)) lines.push(`  ${lan}{{${label(`LAN ${net}`)}}}`);
			lanNodes.add(lan);
			edges.push(`  ${id('H', host)} --- ${lan}`);
			for (const o of others) {
				if (!options.hosts.includes(o)) neighbours.add(o);
				edges.push(`  ${options.hosts.includes(o) ? id('H', o) : id('X', o)} --- ${lan}`);
			}
		}

		// jump paths: another host admitted to this host's SSH
		const sshPorts = new Set<number>([22, ...of(host, 'sshd').flatMap((s) => (s.port ? [s.port] : []))]);
		for (const [other] of hostsById) {
			if (other === host) continue;
			const theirs = addressesOf(other);
			const viaRule = firewall?.rules.find((r) => r.from !== 'any' && r.action !== 'deny' && r.action !== 'reject' && [...sshPorts].some((p) => portMatches(r.port, p)) && theirs.some((a) => cidrContains(r.from, a)));
			const viaBind = of(host, 'sockets').find((s) => sshPorts.has(s.port) && !isWildcard(s.bind) && !isLoopback(s.bind) && theirs.some((a) => a.includes('/') && cidrContains(a, s.bind)));
			if (!viaRule && !viaBind) continue;
			const other_ = options.hosts.includes(other) ? id('H', other) : id('X', other);
			if (!options.hosts.includes(other)) neighbours.add(other);
			edges.push(`  ${other_} -.->|${label(`SSH ${de ? 'Sprung' : 'jump'}`)}| ${viaBind ? id('S', host, 'tcp', viaBind.port) : id('H', host)}`);
		}
	}
	for (const n of [...neighbours].sort()) {
		const addrs = hostAddresses(n);
		lines.push(`  ${id('X', n)}[${label(n, ...addrs)}]`);
	}
	const body = [...new Set(edges)];
	if (!body.some((e) => e.includes('inet '))) lines.splice(lines.indexOf(`  inet(("Internet"))`), 1);
	// Mermaid reserves one line for a subgraph title: make room for the address lines
	// so the first node does not cover the host's IP
	const titleLines = Math.max(1, ...options.hosts.map((h) => 1 + hostAddresses(h).length));
	const config = ['---', 'config:', '  flowchart:', '    subGraphTitleMargin:', '      top: 4', `      bottom: ${8 + 24 * (titleLines - 1)}`, '---'];
	return [...config, ...lines, ...body].join('\n') + '\n';
}

function portMatches(rule: number | string, port: number): boolean {
	if (typeof rule === 'number') return rule === port;
	const [a, b] = rule.split(':').map(Number);
	return port >= (a ?? 0) && port <= (b ?? 0);
}

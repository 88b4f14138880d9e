/**
 * `publish-contradiction`: a port mapping (`-p a:b`, compose `ports:`) that the
 * container facts rule out: different container port, different host address,
 * a container declared as not published, or a host port whose socket fact binds
 * loopback while the mapping publishes it on all addresses.
 */
import type { DeclaredFact } from '../../../model/facts/store.ts';
import type { PublishedPort } from '../../../model/schemas/container.ts';
import { at, where } from '../fact-index.ts';
import { bindClass, socketFor } from '../resolve.ts';
import type { Located, Rule } from '../types.ts';

type Mapping = Extract<Located, { type: 'mapping' }>;
const portText = (p: PublishedPort) => `${p.hostIp}:${p.hostPort}:${p.containerPort}/${p.protocol}`;

export const publishContradiction: Rule = {
	id: 'publish-contradiction',
	meta: { description: 'Port mappings must agree with the container and socket facts.', needsEstate: true },
	check(ctx) {
		for (const lit of ctx.literals) {
			if (lit.type !== 'mapping' || lit.hostPort === undefined) continue;
			const m: Mapping = lit;
			const hostPort = lit.hostPort;
			const hostIp = m.hostIp ?? '0.0.0.0';
			const host = m.segment.host;
			let candidates: DeclaredFact<'containers'>[] = [];
			if (m.container) candidates = (ctx.index.containers.get(m.container) ?? []).filter((f) => !host || f.host === host);
			if (!candidates.length) {
				candidates = [...ctx.index.containers.values()].flat().filter((f) => (!host || f.host === host) && (f.value.ports ?? []).some((p) => p.hostPort === hostPort));
			}
			const withPorts = candidates.flatMap((f) => (f.value.ports ? [{ f, ports: f.value.ports }] : []));
			const [first] = withPorts;
			if (first) {
				const ok = withPorts.some(({ ports }) => ports.some((p) => p.hostPort === hostPort && p.containerPort === m.containerPort && p.protocol === m.protocol && bindClass(p.hostIp) === bindClass(hostIp)));
				if (ok) continue;
				const { f, ports: published } = first;
				const ports = published.map(portText).join(', ') || 'not published';
				ctx.report({
					severity: 'error', line: m.line, column: m.column, actual: m.raw, expected: ports, declared: [at(f)],
					message: `\`${m.raw}\` publishes ${hostIp}:${m.hostPort} → ${m.containerPort}/${m.protocol}, but the container fact ${f.id} says ${ports} (declared in ${where(f)})`,
					fix: `Make the mapping match the fact (or write it with <Fact id="${f.id}" field="ports" />), or correct the fact in ${where(f)}.`,
				});
				continue;
			}
			const s = socketFor(ctx.index, hostPort, host, m.protocol);
			if (s && bindClass(s.value.bind) !== bindClass(hostIp)) {
				ctx.report({
					severity: 'error', line: m.line, column: m.column, actual: m.raw, expected: `${s.value.bind}:${s.value.port}`, declared: [at(s)],
					message: `\`${m.raw}\` publishes port ${m.hostPort} on ${hostIp}, but the socket fact ${s.id} binds ${s.value.bind} (declared in ${where(s)})`,
					fix: `Publish on ${s.value.bind} (\`${s.value.bind}:${m.hostPort}:${m.containerPort}\`) or correct the socket fact in ${where(s)}.`,
				});
			}
		}
	},
};

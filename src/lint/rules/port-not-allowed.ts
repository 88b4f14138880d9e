/**
 * `port-not-allowed`: a port presented as open (`8001/tcp` in a list of open
 * ports, `ALLOW 8001/tcp`, `http://<public address>:8001`) that the host's
 * firewall facts do not allow.
 */
import { at, where } from '../fact-index.ts';
import { isLoopback, isPrivate, isWildcard } from '../../../lib/net.ts';
import { firewallAllows, firewallFor, hostOf, socketFor } from '../resolve.ts';
import type { Rule } from '../types.ts';
import type { Firewall } from '../../../model/schemas/firewall.ts';

const ruleText = (v: Firewall) => v.rules.filter((r) => r.action === 'allow' || r.action === 'limit').map((r) => `${r.port}${r.protocol ? '/' + r.protocol : ''}`).join(', ') || '(none)';

export const portNotAllowed: Rule = {
	id: 'port-not-allowed',
	meta: { description: 'Ports presented as open must be allowed by the host firewall facts.', needsEstate: true },
	check(ctx) {
		for (const l of ctx.literals) {
			let port: number, protocol: 'tcp' | 'udp' | undefined, host: string | undefined;
			if (l.type === 'port') {
				if (l.negated || l.segment.block?.containerContext) continue;
				({ port, protocol } = l);
				host = l.segment.host;
				// a port the facts describe as local-only is not presented as open
				const s = socketFor(ctx.index, port, host, protocol);
				if (s && (isLoopback(s.value.bind) || s.value.exposure === 'internal')) continue;
			} else if (l.type === 'address' && l.port !== undefined && l.role === 'connect' && !isLoopback(l.ip) && !isWildcard(l.ip) && !isPrivate(l.ip)) {
				port = l.port;
				host = hostOf(ctx.index, l.ip, l.segment);
				if (!host || host === l.segment.block?.host) continue;
			} else continue;
			const fw = firewallFor(ctx.index, host);
			if (!fw || firewallAllows(fw, port, protocol)) continue;
			ctx.report({
				severity: 'error', line: l.line, column: l.column, actual: l.raw, expected: `allowed: ${ruleText(fw.value)}`, declared: [at(fw)],
				message: `\`${l.raw}\` presents port ${port}${protocol ? '/' + protocol : ''} as reachable on ${fw.host}, but the firewall fact ${fw.id} does not allow it (declared in ${where(fw)}; allowed: ${ruleText(fw.value)})`,
				fix: `Remove the port from the text, say it is closed, or add an allow rule to the firewall fact in ${where(fw)} if the server really allows it.`,
			});
		}
	},
};

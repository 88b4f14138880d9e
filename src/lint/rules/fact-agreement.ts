/**
 * `fact-agreement`: facts about the same thing declared in different places must
 * agree. The store already rejects two different declarations of one fact id;
 * this rule checks the softer overlaps within an estate:
 *
 * - a container publishing a host port that a socket fact of the same host
 *   describes with another bind address;
 * - a container attached to a network that is not declared (near-miss: error);
 * - a socket declared `exposure: public` on a port the host firewall blocks;
 * - an A/AAAA record served by a host whose value is a near-miss of the host's
 *   declared address (`91.99.21.12` for 91.99.21.21).
 *
 * A finding is reported on the page that declares the first-named fact and names
 * both places.
 */
import { factsOfKind, type DeclaredFact } from '../../../model/facts/store.ts';
import { editDistance, isNearMiss } from '../distance.ts';
import { at, where } from '../fact-index.ts';
import { canonicalIp, stripPrefix } from '../../../lib/net.ts';
import { bindClass, firewallAllows } from '../resolve.ts';
import type { Rule } from '../types.ts';

export const factAgreement: Rule = {
	id: 'fact-agreement',
	meta: { description: 'Overlapping facts declared in different places must agree.', needsEstate: true },
	check(ctx) {
		const ix = ctx.index;
		const mine = (f: DeclaredFact) => f.file === ctx.file;
		const report = (f: DeclaredFact, other: DeclaredFact | undefined, severity: 'error' | 'warning', message: string, fix: string, actual: string, expected?: string) =>
			ctx.report({ severity, line: f.line, column: 1, message, fix, actual, expected, declared: other ? [at(f), at(other)] : [at(f)] });

		for (const c of [...ix.containers.values()].flat().filter(mine)) {
			for (const p of c.value.ports ?? []) {
				const s = ix.sockets.get(`${c.host}/${p.protocol}:${p.hostPort}`);
				if (s && bindClass(s.value.bind) !== bindClass(p.hostIp)) {
					report(c, s, 'error', `Container fact ${c.id} publishes ${p.hostIp}:${p.hostPort}/${p.protocol} (${where(c)}), but socket fact ${s.id} says it binds ${s.value.bind} (${where(s)})`,
						'Make the published host address and the socket bind address agree.', `${p.hostIp}:${p.hostPort}`, `${s.value.bind}:${s.value.port}`);
				}
			}
			const hostNets = [...ix.networks.values()].flat().filter((n) => n.host === c.host);
			if (!hostNets.length) continue;
			for (const n of (c.value.networks ?? [])) {
				if (hostNets.some((h) => h.value.name === n)) continue;
				const near = hostNets.find((h) => isNearMiss(n, h.value.name));
				report(c, near, near ? 'error' : 'warning',
					near ? `Container fact ${c.id} (${where(c)}) is attached to network ${n}, which is not declared; the declared network is ${near.value.name} (${where(near)})`
						: `Container fact ${c.id} (${where(c)}) is attached to network ${n}, which no network fact on ${c.host} declares`,
					near ? `Write ${near.value.name} in the container's networks.` : `Declare network ${n} on ${c.host}.`, n, near?.value.name);
			}
		}
		for (const s of [...ix.sockets.values()].filter(mine)) {
			const fw = s.host ? ix.firewalls.get(s.host) : undefined;
			if (s.value.exposure === 'public' && fw && !firewallAllows(fw, s.value.port, s.value.protocol)) {
				report(s, fw, 'error', `Socket fact ${s.id} is declared public (${where(s)}), but the firewall fact ${fw.id} does not allow ${s.value.port}/${s.value.protocol} (${where(fw)})`,
					'Allow the port in the firewall fact or declare the socket `exposure: internal`.', `${s.value.port}/${s.value.protocol}`);
			}
		}
		for (const d of factsOfKind(ix.facts, 'dns').filter((f) => mine(f) && f.host && (f.value.type === 'A' || f.value.type === 'AAAA'))) {
			const addrs = factsOfKind(ix.facts, 'addresses').filter((f) => f.host === d.host);
			if (!addrs.length) continue;
			const set = new Set(addrs.map((a) => canonicalIp(stripPrefix(a.value.address))));
			for (const v of d.value.values) {
				// records inherit the page's host, and NAT addresses are legitimately not host
				// addresses: only a value next to the host's address (a typo) is a contradiction
				if (set.has(canonicalIp(v)) || ![...set].some((a) => editDistance(a, canonicalIp(v), 2) <= 2)) continue;
				report(d, addrs[0], 'error', `DNS fact ${d.id} (${where(d)}) points ${d.value.name} to ${v}, but host ${d.host} declares ${[...set].join(', ')} (${where(addrs[0]!)})`,
					'Make the record value and the host address agree, or set the record\'s `host` to the host that owns the address.', v, [...set].join(', '));
			}
		}
	},
};

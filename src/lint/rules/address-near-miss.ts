/**
 * `address-near-miss`: an address that is one or two characters away from a
 * declared address of the host the text is about (`57.128.200.72` in a block
 * titled `maciejpi@nb-vps` whose address is 57.128.200.27). Without a host
 * context the same finding is only a hint in `unmatched-literal`.
 */
import type { DeclaredFact } from '../../../model/facts/store.ts';
import { editDistance } from '../distance.ts';
import { at, isKnownAddress, where, type FactIndex } from '../fact-index.ts';
import { canonicalIp, isGenericAddress, stripPrefix } from '../../../lib/net.ts';
import type { Located, Rule } from '../types.ts';

/**
 * Declared addresses a written address is a near-miss of: same family, same
 * first half, edit distance ≤ 2.
 * @param ix
 *   Estate facts.
 * @param ip
 *   Written address.
 */
export function nearAddresses(ix: FactIndex, ip: string): { ip: string; fact: DeclaredFact; host: string | undefined }[] {
	const c = canonicalIp(ip);
	const out: { ip: string; fact: DeclaredFact; host: string | undefined }[] = [];
	for (const [addr, entries] of ix.addresses) {
		if (addr === c || addr.includes(':') !== c.includes(':')) continue;
		const half = c.includes(':') ? 2 : 2;
		const sep = c.includes(':') ? ':' : '.';
		if (addr.split(sep).slice(0, half).join(sep) !== c.split(sep).slice(0, half).join(sep)) continue;
		if (editDistance(c, addr, 2) <= 2) for (const e of entries) if (e.fact.kind === 'addresses' || e.fact.kind === 'dns') out.push({ ip: addr, fact: e.fact, host: e.host });
	}
	return out;
}

export const addressNearMiss: Rule = {
	id: 'address-near-miss',
	meta: { description: 'An address next to a declared address of the same host is a typo.', needsEstate: true },
	check(ctx) {
		for (const lit of ctx.literals) {
			if (lit.type !== 'address') continue;
			const l = lit as Located<Extract<typeof lit, { type: 'address' }>>;
			if (isGenericAddress(l.ip, l.prefix) || isKnownAddress(ctx.index, l.ip)) continue;
			const host = l.segment.block?.host ?? l.segment.host;
			const hit = nearAddresses(ctx.index, l.ip).find((n) => n.host && n.host === host);
			if (!hit) continue;
			ctx.report({
				severity: 'error', line: l.line, column: l.column, actual: l.raw, expected: stripPrefix(hit.fact.kind === 'addresses' ? hit.fact.value.address : hit.ip), declared: [at(hit.fact)],
				message: `Address \`${l.ip}\` is not declared for ${host}; its address is ${hit.ip} (${hit.fact.id}, declared in ${where(hit.fact)})`,
				fix: `Write ${hit.ip} (or <Fact id="${hit.fact.id}" />), or declare ${l.ip} if the host really has it.`,
			});
		}
	},
};

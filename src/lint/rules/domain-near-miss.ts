/**
 * `domain-near-miss`: a domain within a small edit distance of a declared domain
 * (`nordbiznes.pl`, `api.gro-mate.tec`).
 */
import { isNearMiss } from '../distance.ts';
import { at, baseDomain, where } from '../fact-index.ts';
import type { Rule } from '../types.ts';

export const domainNearMiss: Rule = {
	id: 'domain-near-miss',
	meta: { description: 'Domains must be spelled exactly as declared.', needsEstate: true },
	check(ctx) {
		const ix = ctx.index;
		for (const l of ctx.literals) {
			if (l.type !== 'domain' || ix.domains.has(l.name) || ix.baseDomains.has(baseDomain(l.name))) continue;
			for (const [d, facts] of ix.domains) {
				if (d.length < 6 || !isNearMiss(l.name, d)) continue;
				const f = facts[0]!;
				ctx.report({
					severity: 'error', line: l.line, column: l.column, actual: l.raw, expected: d, declared: [at(f)],
					message: `Domain \`${l.raw}\` is not declared; did you mean \`${d}\` (${f.id}, declared in ${where(f)})?`,
					fix: `Write \`${d}\`, or declare the domain if it really exists.`,
				});
				break;
			}
		}
	},
};

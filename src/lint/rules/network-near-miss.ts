/**
 * `network-near-miss`: a Docker network name within a small edit distance of a
 * declared network (`mailcowlrokerized_mailcow-network` for
 * `mailcowdockerized_mailcow-network`, `mailcownetwork` for the compose-local
 * `mailcow-network`).
 */
import { at, where } from '../fact-index.ts';
import type { Rule } from '../types.ts';
import { nearMissOf } from './near-miss.ts';

const DEFAULT_NETWORKS = new Set(['bridge', 'host', 'none']);

export const networkNearMiss: Rule = {
	id: 'network-near-miss',
	meta: { description: 'Docker network names must be spelled exactly as declared.', needsEstate: true },
	check(ctx) {
		const ix = ctx.index;
		const declared = new Map([...ix.networks].filter(([n]) => !DEFAULT_NETWORKS.has(n)));
		const suffixes = new Map([...ix.networkSuffixes].filter(([n]) => !DEFAULT_NETWORKS.has(n)));
		for (const l of ctx.literals) {
			if (l.type !== 'token' && l.type !== 'network') continue;
			const name = l.type === 'token' ? l.name : l.name;
			if (ix.networkSuffixes.has(name)) continue; // compose-local name of a declared network
			const hit = nearMissOf(name, declared, ix, ctx.composeServices) ?? nearMissOf(name, suffixes, ix, ctx.composeServices);
			if (!hit) continue;
			ctx.report({
				severity: 'error', line: l.line, column: l.column, actual: l.raw, expected: hit.fact.value.name, declared: [at(hit.fact)],
				message: `Network \`${l.raw}\` is not declared; did you mean \`${hit.name}\` (${hit.fact.id}, declared in ${where(hit.fact)})?`,
				fix: `Write \`${hit.name}\`${hit.name !== hit.fact.value.name ? ` (full name ${hit.fact.value.name})` : ''}, or declare the network if it really exists.`,
			});
		}
	},
};

/**
 * `container-near-miss`: a container name within a small edit distance of a
 * declared container (`grocery_postgre`, `nginx-proxy_manager`). Compose service
 * names defined on the page are accepted as written.
 */
import { at, where } from '../fact-index.ts';
import type { Rule } from '../types.ts';
import { nearMissOf } from './near-miss.ts';

export const containerNearMiss: Rule = {
	id: 'container-near-miss',
	meta: { description: 'Container names must be spelled exactly as declared.', needsEstate: true },
	check(ctx) {
		const ix = ctx.index;
		for (const l of ctx.literals) {
			let name: string;
			if (l.type === 'container') name = l.name;
			else if (l.type === 'token') {
				// `docker compose <cmd> <service>` takes service names, not container names
				if (/\bdocker[ -]compose\b/.test(l.segment.text)) continue;
				name = l.name;
			} else if (l.type === 'endpoint' && !l.host.includes('.')) name = l.host;
			else continue;
			const hit = nearMissOf(name, ix.containers, ix, ctx.composeServices);
			if (!hit || ix.networkSuffixes.has(name)) continue;
			ctx.report({
				severity: 'error', line: l.line, column: l.column, actual: name, expected: hit.name, declared: [at(hit.fact)],
				message: `Container \`${name}\` is not declared; did you mean \`${hit.name}\` (${hit.fact.id}, declared in ${where(hit.fact)})?`,
				fix: `Write \`${hit.name}\`, or declare the container if it really exists.`,
			});
		}
	},
};

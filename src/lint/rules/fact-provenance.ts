/**
 * `fact-provenance`: every fact says where it comes from (`source:`, see
 * `model/schemas/provenance.ts`): a source section, a decision on the Known
 * discrepancies page, an addition of this project or an assumption to confirm on the
 * real server. A fact without provenance is an error on the line that declares it,
 * naming the field and what is allowed.
 */
import { PROVENANCE_HELP, provenanceOf } from '../../../model/schemas/provenance.ts';
import { at } from '../fact-index.ts';
import type { Rule } from '../types.ts';

export const factProvenance: Rule = {
	id: 'fact-provenance',
	meta: { description: 'Every fact names its provenance (source section, decision, project addition or assumption).', needsEstate: true },
	check(ctx) {
		const index = new Map<string, number>();
		for (const f of ctx.index.facts) {
			if (f.file !== ctx.file) continue;
			const n = index.get(f.kind) ?? 0;
			index.set(f.kind, n + 1);
			if (provenanceOf(f.value).length) continue;
			const field = `facts.${f.kind}.${n}.source`;
			ctx.report({
				severity: 'error', line: f.line, column: 1, actual: f.id, declared: [at(f)],
				message: `${field}: fact ${f.id} does not say where it comes from`,
				fix: `Add \`source:\` to the entry: ${PROVENANCE_HELP}.`,
			});
		}
	},
};

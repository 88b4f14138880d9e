/**
 * Provenance: where a fact comes from. Every fact names at least one of
 * - a section of a source document (`{ doc: '000', section: '6.1' }`),
 * - a numbered decision on its estate's Known discrepancies page (`{ decision: 16 }`),
 * - an addition of this project (`{ project: 'read-only account of the drift check' }`), or
 * - an assumption to be confirmed on the real server (`{ assumption: 'what to confirm' }`).
 * A fact whose provenance includes an assumption is reported as an assumption (on the page
 * and in the report), not as plainly verified: a twin agreeing with it proves nothing about
 * the real server. The fact lint refuses a fact without provenance (`fact-provenance`).
 */
import { z } from 'astro/zod';
import { localizedText } from './text.ts';
import { normaliseSection, SOURCE_DOC_IDS, SOURCE_DOCUMENTS, sectionTitle } from '../sources.ts';

/** What `source:` allows, for error messages. */
export const PROVENANCE_HELP =
	"{ doc: '000' | '002', section: '<section of the source>' }, { decision: <item number on the estate's Known discrepancies page> }, " +
	"{ project: '<why this project adds it>' } or { assumption: '<what to confirm on the real server>' } (or a list of these)";

/** A statement of a source document. */
export const SourceSectionSchema = z
	.strictObject({
		/** Source document: `000` (GroceryMate handbook, German) or `002` (Norda deployment architecture, English). */
		doc: z.enum(SOURCE_DOC_IDS, { error: `must be one of: ${SOURCE_DOC_IDS.join(', ')}` }),
		/** Section of that document: `6.1` for `000`; a heading path such as `Port Mappings → OVH VPS Port Matrix` for `002` (`->` is accepted for `→`). */
		section: z.string().min(1).max(200),
		/** A short quote of the statement, exactly as the source has it (optional). */
		quote: z.string().max(500).optional(),
	})
	.superRefine((v, ctx) => {
		if (sectionTitle(v.doc, v.section) !== undefined) return;
		const known = Object.keys(SOURCE_DOCUMENTS[v.doc].sections);
		ctx.addIssue({
			code: 'custom', path: ['section'],
			message: `document ${v.doc} has no section "${normaliseSection(v.section)}"; use one of: ${known.join(', ')}`,
		});
	});

/** A decision documented on the estate's Known discrepancies page. */
export const DecisionRefSchema = z.strictObject({
	/** Number of the entry on the estate's Known discrepancies page (`### 16.` / `| 16 |`). */
	decision: z.number({ error: 'must be the number of an entry on the Known discrepancies page' }).int().positive(),
});

/** An addition of this project that no source states (e.g. the `verifier` account). */
export const ProjectRefSchema = z.strictObject({
	/** Why this project needs the fact (shown on the page): one text or `{ de, en }`. */
	project: localizedText(300),
});

/** An assumption: not stated by a source, to be confirmed on the real server. */
export const AssumptionRefSchema = z.strictObject({
	/** What is assumed and what to confirm on the real server (shown on the page and in the report): one text or `{ de, en }`. */
	assumption: localizedText(500),
});

/** One provenance entry. */
export const ProvenanceSchema = z.union([SourceSectionSchema, DecisionRefSchema, ProjectRefSchema, AssumptionRefSchema], {
	error: `must say where the fact comes from: ${PROVENANCE_HELP}`,
});
export type Provenance = z.output<typeof ProvenanceSchema>;

/** The `source:` field of a fact: one provenance entry or a list of them. */
export const SourceFieldSchema = z.union([ProvenanceSchema, z.array(ProvenanceSchema).min(1).max(8)], {
	error: `must say where the fact comes from: ${PROVENANCE_HELP}`,
});
export type SourceField = z.output<typeof SourceFieldSchema>;

export { provenanceOf, isAssumption, markAssumptions } from '../facts/assumptions.ts';

/**
 * The zod-free part of provenance (`schemas/provenance.ts` re-exports it): reading a fact's
 * `source:` entries and marking the findings of assumed facts, which the verifier does on
 * every run without loading zod.
 */
import type { Provenance, SourceField } from '../schemas/provenance.ts';

/** Kind of a provenance entry. */
export type ProvenanceKind = 'source' | 'decision' | 'project' | 'assumption';

/**
 * The provenance entries of a fact value, as a list (empty when it has none).
 * @param value
 *   A fact entry (anything with an optional `source`).
 */
export function provenanceOf(value: { source?: unknown }): Provenance[] {
	const s = value.source as SourceField | undefined;
	return s === undefined ? [] : Array.isArray(s) ? s : [s];
}

/**
 * The kind of one provenance entry.
 * @param p
 *   A provenance entry.
 */
export function provenanceKind(p: Provenance): ProvenanceKind {
	if ('doc' in p) return 'source';
	if ('decision' in p) return 'decision';
	if ('project' in p) return 'project';
	return 'assumption';
}

/**
 * `true` when the fact rests on an assumption: a check against a twin does not confirm it.
 * @param value
 *   A fact entry.
 */
export function isAssumption(value: { source?: unknown }): boolean {
	return provenanceOf(value).some((p) => provenanceKind(p) === 'assumption');
}

/**
 * Marks the findings of facts that rest on an assumption (`assumption: true`), so no reader
 * shows them as plainly verified. Mutates and returns the findings.
 * @param findings
 *   The run's findings (anything with an optional `factId`).
 * @param facts
 *   Declared facts by id.
 */
export function markAssumptions<F extends { factId?: string | undefined; assumption?: boolean | undefined }>(
	findings: F[], facts: ReadonlyMap<string, { value: { source?: unknown } }>,
): F[] {
	for (const f of findings) if (f.factId && isAssumption(facts.get(f.factId)?.value ?? {})) f.assumption = true;
	return findings;
}

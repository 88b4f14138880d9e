/**
 * Helpers shared by the reporters. Everything that came from a host (observed values,
 * messages quoting host output) passes through one of the escaping functions (their one
 * home is lib/escape.ts, re-exported here) before it is rendered: control characters,
 * ANSI escapes and bidi overrides never reach a terminal, a log or a document.
 */
import type { Finding, Outcome, VerifyReport } from '../../model/report/schema.ts';

export { escapeData, escapeMarkdown, escapeProperty, escapeText, escapeXml, plural } from '../../lib/escape.ts';

/** Display order of outcomes. */
export const OUTCOME_ORDER: Outcome[] = ['drift', 'unverified', 'undocumented', 'waived', 'planned', 'verified'];

/** One-character marks. */
export const MARK: Record<Outcome, string> = { verified: '✓', drift: '✗', unverified: '?', undocumented: '+', waived: '~', planned: '…' };

/** `file:line` of a finding, or `host <id>`. */
export const where = (f: Finding) => (f.file ? `${f.file}${f.line ? `:${f.line}` : ''}` : `host ${f.host ?? '?'}`);

/** Groups findings by page file (findings without file under `""`), in report order. */
export function byFile(findings: readonly Finding[]): Map<string, Finding[]> {
	const m = new Map<string, Finding[]>();
	for (const f of findings) {
		const k = f.file ?? '';
		m.set(k, [...(m.get(k) ?? []), f]);
	}
	return m;
}

/**
 * The summary counts as text: `40 verified, 2 drift, …` (zero counts omitted, verified always shown);
 * verified facts that rest on an assumption are counted apart: `40 verified (3 of them assumptions …)`.
 */
export function summaryText(r: VerifyReport): string {
	const assumed = r.findings.filter((f) => f.outcome === 'verified' && f.assumption).length;
	const note = assumed ? ` (${assumed} of them assumptions – confirm on the real server)` : '';
	return OUTCOME_ORDER.slice().reverse().filter((o) => o === 'verified' || r.summary[o]).map((o) => `${r.summary[o]} ${o}${o === 'verified' ? note : ''}`).join(', ');
}

/** `true` when a finding fails the run (its one home: `findingFails` in model/report/version.ts). */
export { findingFails as failing } from '../../model/report/version.ts';

/**
 * Escaping helpers of the reporters. Everything that came from a host (observed values,
 * messages quoting host output) passes through one of these before it is rendered:
 * control characters, ANSI escapes and bidi overrides never reach a terminal, a log
 * or a document.
 */
import type { Finding, Outcome, VerifyReport } from '../../model/report/schema.ts';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)|[@-Z\\-_])/g;

/**
 * Makes host-provided text safe for a terminal or a plain-text log: ANSI sequences are
 * removed, other control characters are shown as `\xNN` / `\uNNNN`, newlines as `⏎`.
 * @param s
 *   Any text.
 */
export function escapeText(s: string | undefined): string {
	if (s === undefined) return '';
	return s.replace(ANSI, '').replace(/\r?\n/g, ' ⏎ ').replace(CONTROL, (c) => {
		const n = c.codePointAt(0)!;
		return n < 0x100 ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`;
	});
}

/** Escapes text for XML attributes and content, dropping characters XML 1.0 cannot hold. */
export function escapeXml(s: string | undefined): string {
	return escapeText(s ?? '')
		// eslint-disable-next-line no-control-regex
		.replace(/[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '')
		.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** Escapes a GitHub workflow-command message (`%`, CR, LF). */
export function escapeData(s: string): string {
	return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a GitHub workflow-command property (`%`, CR, LF, `:`, `,`). */
export function escapeProperty(s: string): string {
	return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** Escapes text for a Markdown table cell or paragraph (no HTML, no table breaks, no code spans). */
export function escapeMarkdown(s: string | undefined): string {
	return escapeText(s ?? '')
		.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
		.replace(/([\\`*_[\]|#~])/g, '\\$1');
}

/** Display order of outcomes. */
export const OUTCOME_ORDER: Outcome[] = ['drift', 'unverified', 'undocumented', 'waived', 'planned', 'verified'];

/** One-character marks. */
export const MARK: Record<Outcome, string> = { verified: '✓', drift: '✗', unverified: '?', undocumented: '+', waived: '~', planned: '…' };

/** "1 fact" / "2 facts". */
export const plural = (n: number, word: string, pluralWord = `${word}s`) => `${n} ${n === 1 ? word : pluralWord}`;

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

/** `true` when a finding fails the run. */
export const failing = (f: Finding) => f.fails ?? f.outcome === 'drift';

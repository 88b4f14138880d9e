/**
 * Formatters: pure functions from a finished run to text (ESLint-style).
 * `stylish` (terminal), `json` (machine-readable, VFileMessage fields) and
 * `github` (workflow-command annotations).
 */
import { escapeData, escapeProperty, plural, printable } from '../../../lib/escape.ts';
import { fullRuleId, toMessage } from '../message.ts';
import type { FileResult } from '../site.ts';

/** Counts of a run. */
export function counts(results: readonly FileResult[]) {
	let errors = 0, warnings = 0;
	for (const r of results) for (const f of r.findings) {
		if (f.severity === 'error') errors++;
		else warnings++;
	}
	return { errors, warnings };
}

/**
 * Terminal output grouped by file, with the fix under each finding.
 * @param results
 *   Per-file findings.
 * @param color
 *   Use ANSI colours.
 */
export function stylish(results: readonly FileResult[], color = false): string {
	const c = (code: string, s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
	const out: string[] = [];
	for (const r of results) {
		if (!r.findings.length) continue;
		out.push(c('4', r.file));
		for (const f of r.findings) {
			const sev = f.severity === 'error' ? c('31', 'error  ') : c('33', 'warning');
			out.push(`  ${`${f.line}:${f.column}`.padEnd(8)} ${sev}  ${f.message}  ${c('2', fullRuleId(f.ruleId))}`);
			out.push(`  ${' '.repeat(8)}          ${c('2', '→ ' + f.fix)}`);
		}
		out.push('');
	}
	const { errors, warnings } = counts(results);
	const total = errors + warnings;
	out.push(total ? (errors ? c('31', '✖ ') : c('33', '⚠ ')) + `${plural(total, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')})` : '✔ no problems');
	return out.join('\n');
}

/** JSON: one object per file with VFileMessage-shaped messages. */
export function json(results: readonly FileResult[]): string {
	return JSON.stringify(
		results.map((r) => ({
			file: r.file,
			messages: r.findings.map((f) => {
				const m = toMessage(f);
				return {
					rule: fullRuleId(f.ruleId), ruleId: m.ruleId, source: m.source, severity: f.severity, fatal: m.fatal,
					line: m.line, column: m.column, reason: m.reason, actual: m.actual, expected: m.expected, note: m.note, url: m.url,
					declaredAt: m.declaredAt ?? [],
				};
			}),
		})),
		null,
		2,
	);
}

/** GitHub Actions annotations: `::error file=…,line=…,col=…,title=…::message`. */
export function github(results: readonly FileResult[]): string {
	const out: string[] = [];
	for (const r of results) {
		for (const f of r.findings) {
			const props = [`file=${escapeProperty(printable(r.file))}`, `line=${f.line}`, `col=${f.column}`, `title=${escapeProperty(fullRuleId(f.ruleId))}`].join(',');
			out.push(`::${f.severity === 'error' ? 'error' : 'warning'} ${props}::${escapeData(printable(`${f.message}\n${f.fix}`))}`);
		}
	}
	return out.join('\n');
}

/** The formatters by name. */
export const FORMATTERS = { stylish, json, github } as const;
export type FormatterName = keyof typeof FORMATTERS;

/**
 * Findings as unified `VFileMessage`s (ruleId, source, place, actual, expected,
 * url, note) and as plain JSON.
 */
import { VFileMessage } from 'vfile-message';
import type { Finding } from './types.ts';

/** `source` of every message. */
export const SOURCE = 'fact-lint';

/** Where the rules are documented. */
export const DOCS_URL = 'src/lint/README.md';

/**
 * Converts a finding into a VFileMessage (`fatal: true` for errors, `false` for warnings).
 * @param f
 *   The finding.
 */
export function toMessage(f: Finding): VFileMessage & { declaredAt?: string[] } {
	const m = new VFileMessage(f.message, {
		ruleId: f.ruleId,
		source: SOURCE,
		place: { line: f.line, column: f.column },
	}) as VFileMessage & { declaredAt?: string[] };
	m.fatal = f.severity === 'error';
	m.file = f.file ?? '';
	m.actual = f.actual;
	m.expected = f.expected === undefined ? undefined : [f.expected];
	m.note = f.fix;
	m.url = `${DOCS_URL}#${f.ruleId}`;
	if (f.declared) m.declaredAt = f.declared.map((d) => `${d.file}:${d.line}`);
	return m;
}

/** `fact-lint:<rule>`. */
export const fullRuleId = (ruleId: string) => `${SOURCE}:${ruleId}`;

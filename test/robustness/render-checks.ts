/**
 * Checks that rendered reporter output is inert: no terminal control sequences, no
 * raw HTML, no forged GitHub workflow commands, well-formed XML, parseable JSON.
 */
import { expect } from 'vitest';
import type { VerifyReport } from '../../model/report/schema.ts';
import { ReportersMap } from '../../verifiers/reporters/all.ts';

/** Hostile strings a host (or a forged shard report) may carry. */
export const HOSTILE = {
	html: '<img src=x onerror=alert(1)>',
	script: '<script>alert(1)</script>',
	markdown: '**md** [x](javascript:alert(1)) | pipe `code` # h',
	ansi: '\u001b[31mred\u001b[0m',
	osc: '\u001b]8;;http://evil/\u0007click\u001b]8;;\u0007',
	title: '\u001b]0;pwned-title\u0007',
	workflow: '::error file=x::pwned',
	newlineWorkflow: 'x\n::error file=x,line=1::pwned-newline\r\n::add-mask::y',
	bidi: 'evil\u202etxt.exe',
	nul: 'a\u0000b\u0008c\u009bd',
} as const;

/** Every hostile string joined (to put in one field). */
export const ALL_HOSTILE = Object.values(HOSTILE).join(' ');

// eslint-disable-next-line no-control-regex -- finding control characters is what this check is for
const CONTROL_EXCEPT_NL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** Terminal output: newlines only, no other control characters (ANSI colours allowed only when `color`). */
export function expectSafeTerminal(text: string, color = false, tabs = false): void {
	// eslint-disable-next-line no-control-regex -- the ANSI colour escapes the reporters may print
	let stripped = color ? text.replace(/\u001b\[(?:0|1|3[1-6]|90)m/g, '') : text;
	// JSON and XML indent with tabs at line starts (the reporter's own layout)
	if (tabs) stripped = stripped.replace(/^\t+/gm, '');
	const bad = CONTROL_EXCEPT_NL.exec(stripped);
	expect(bad, `control character U+${bad?.[0].codePointAt(0)?.toString(16)} at ${bad?.index}: ${JSON.stringify(stripped.slice(Math.max(0, (bad?.index ?? 0) - 40), (bad?.index ?? 0) + 40))}`).toBeNull();
}

/** GitHub annotations: one well-formed command per line, nothing a host says starts a line. */
export function expectSafeGithub(text: string): void {
	expectSafeTerminal(text);
	for (const line of text.split('\n').filter(Boolean)) {
		expect(line, 'every line is one of our annotations').toMatch(/^::(error|warning|notice)( (file|line|title)=[^:,\n]*(,(file|line|title)=[^:,\n]*)*)?::/);
		// (property values cannot hold ':' ',' or newlines, so the '::' matched above is our terminator)
	}
	expect(text).not.toMatch(/(^|\n)::add-mask::/);
	expect(text).not.toMatch(/(^|\n)::error file=x/);
}

/** Markdown: no raw HTML tags, no control characters, table rows keep their column count. */
export function expectSafeMarkdown(text: string): void {
	expectSafeTerminal(text);
	expect(text).not.toMatch(/<[A-Za-z!/]/);
	// a link needs an unescaped `](`
	expect(text).not.toMatch(/(^|[^\\])\]\(javascript:/i);
	expect(text).not.toMatch(/(^|[^\\])\*\*md\*\*/);
	for (const block of text.split('\n\n')) {
		const rows = block.split('\n').filter((l) => l.startsWith('|'));
		if (!rows.length) continue;
		const cols = (l: string) => l.replace(/\\\|/g, '').split('|').length;
		for (const r of rows) expect(cols(r), r).toBe(cols(rows[0]!));
	}
}

/** JUnit XML: only our elements; text and attribute values carry no markup or controls. */
export function expectSafeJunit(text: string): void {
	expectSafeTerminal(text, false, true);
	const rest = text
		.replace(/^<\?xml version="1.0" encoding="UTF-8"\?>\n/, '')
		.replace(/<\/?(testsuites|testsuite|testcase|failure|skipped)((\s+[a-z]+="[^"<>]*")*)\s*\/?>/g, '');
	expect(rest).not.toMatch(/[<>"]/);
	expect(rest.replace(/&(amp|lt|gt|quot|apos);/g, '')).not.toContain('&');
}

/** JSON: parses, and no raw C0/C1/bidi/line-separator characters are in the text. */
export function expectSafeJson(text: string): void {
	expect(() => {
		JSON.parse(text);
	}).not.toThrow();
	expectSafeTerminal(text, false, true);
}

/** Renders `report` with every reporter and checks each. */
export function expectAllReportersSafe(report: VerifyReport): Record<string, string> {
	const out = {
		terminal: ReportersMap.terminal(report, { color: false, verbose: true }),
		terminalColor: ReportersMap.terminal(report, { color: true, verbose: true }),
		github: ReportersMap.github(report),
		markdown: ReportersMap.markdown(report),
		junit: ReportersMap.junit(report),
		json: ReportersMap.json(report),
	};
	expectSafeTerminal(out.terminal);
	expectSafeTerminal(out.terminalColor, true);
	expectSafeGithub(out.github);
	expectSafeMarkdown(out.markdown);
	expectSafeJunit(out.junit);
	expectSafeJson(out.json);
	return out;
}

/**
 * Checks `# Expected:` lines against a step's output. Pure.
 *
 * Rules: output is normalised (ANSI escapes and `\r` removed, runs of blanks collapsed, line ends
 * trimmed); an expected line passes when some output line of its segment *contains* it; `…` and `...`
 * are the only wildcards (any run of characters within one line); a `<PLACEHOLDER>` token matches any
 * non-empty run. Nothing else (addresses, ports, names) is ever wildcarded.
 */

/** Marker the twin-side script prints where a `# Expected:` run ends (never in real output). */
export const SEGMENT_MARK = '\u001eRB-SEGMENT\u001e';

/**
 * Normalises output text into lines.
 * @param text
 *   Raw output.
 */
export function normaliseOutput(text: string): string[] {
	const lines = text
		// eslint-disable-next-line no-control-regex -- ANSI escape sequences are what is removed
		.replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, '')
		.replace(/\r/g, '')
		.split('\n')
		.map((l) => l.replace(/[ \t]+/g, ' ').trimEnd());
	if (lines.length && lines[lines.length - 1] === '') lines.pop();
	return lines;
}

/**
 * The regular expression an expected line stands for.
 * @param pattern
 *   Expected text as written on the page.
 */
export function patternRegex(pattern: string): RegExp {
	const norm = pattern.replace(/[ \t]+/g, ' ').trim();
	const parts = norm.split(/(…|\.\.\.|<[A-Z][A-Z0-9_]*>)/);
	const src = parts
		.map((p, i) => (i % 2 === 1 ? (p.startsWith('<') ? '.+?' : '.*?') : p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
		.join('');
	return new RegExp(src);
}

/**
 * True when some line contains the expected pattern.
 * @param pattern
 *   Expected text.
 * @param lines
 *   Normalised output lines.
 */
export function matchesSomeLine(pattern: string, lines: readonly string[]): boolean {
	const re = patternRegex(pattern);
	return lines.some((l) => re.test(l));
}

/**
 * Splits raw output at the segment markers.
 * @param raw
 *   Output of the step (stdout and stderr merged).
 */
export function splitSegments(raw: string): string[][] {
	return raw.split(SEGMENT_MARK).map((s) => normaliseOutput(s.replace(/^\n/, '')));
}

/** Result of checking a step's expectations. */
export interface MatchResult {
	/** True when every expected line matched. */
	ok: boolean;
	/** Expected lines that did not match, with their page line. */
	missing: { line: number; pattern: string }[];
}

/**
 * Checks expected lines against the output segments.
 * @param expected
 *   Expected lines with their segment index.
 * @param segments
 *   Output segments from {@link splitSegments}.
 */
export function checkExpected(expected: readonly { line: number; pattern: string; segment: number }[], segments: readonly string[][]): MatchResult {
	const missing = expected.filter((e) => !matchesSomeLine(e.pattern, segments[e.segment] ?? [])).map(({ line, pattern }) => ({ line, pattern }));
	return { ok: missing.length === 0, missing };
}

/**
 * A short diff: the expected lines that are missing, then the numbered output lines (at most `max`).
 * @param missing
 *   Expected lines that did not match.
 * @param lines
 *   Normalised output lines.
 * @param max
 *   Output lines shown (the last ones when there are more).
 */
export function shortDiff(missing: readonly { line: number; pattern: string }[], lines: readonly string[], max = 15): string {
	const out = missing.map((m) => `- expected (line ${m.line}): ${m.pattern}`);
	const start = Math.max(0, lines.length - max);
	if (lines.length === 0) out.push('+ (no output)');
	else {
		if (start > 0) out.push(`+ … ${start} earlier output lines`);
		lines.slice(start).forEach((l, i) => out.push(`+ ${String(start + i + 1).padStart(3)}| ${l}`));
	}
	return out.join('\n');
}

/**
 * Finds the runnable command blocks of a page: every fenced code block whose title is `user@host`,
 * with its annotations, `# Expected:` / `# Erwartet:` lines, placeholders and a language-neutral hash.
 * Pure (text in, steps out).
 */
import { createHash } from 'node:crypto';
import { visit } from 'unist-util-visit';
import type { Code, Root } from 'mdast';
import { parsePage } from '../src/lint/parse.ts';
import { parseAnnotations, parseMeta, parseSession, type Annotations, type SessionRef } from './annotations.ts';
import type { SkipReason } from './reasons.ts';

/** One `# Expected:` line of a block. */
export interface Expectation {
	/** Page line of the comment. */
	line: number;
	/** 0-based line inside the block. */
	offset: number;
	/** Expected text (may contain `…`/`...` wildcards and `<PLACEHOLDER>` tokens). */
	pattern: string;
}

/** A runnable (or typed-skipped) command block. */
export interface Step {
	/** 1-based position among the `user@host` blocks of the page. */
	index: number;
	/** `step` annotation, else the index as text. */
	id: string;
	/** Content path (relative to the project root). */
	file: string;
	/** Page line of the opening fence. */
	line: number;
	/** Session the block runs in. */
	session: SessionRef;
	/** The block text as a reader copies it. */
	code: string;
	/** Parsed annotations. */
	annotations: Annotations;
	/** run / destructive / follow / skip. */
	mode: 'run' | 'destructive' | 'follow' | 'skip';
	/** Typed reason when `mode` is skip. */
	reason?: SkipReason;
	/** Expected lines in block order. */
	expected: Expectation[];
	/** `<NAME>` / `YYYY-MM-DD` placeholders used in the commands (not in comments). */
	placeholders: string[];
	/** Commands without comments (the language-neutral part), one per line. */
	commands: string;
	/** Hash of session + commands + expected + annotations (identical for de and en when they match). */
	hash: string;
}

/** A problem found while extracting (file:line, message). */
export interface ExtractProblem {
	/** Content path. */
	file: string;
	/** Page line. */
	line: number;
	/** What is wrong and what is allowed. */
	message: string;
}

const EXPECTED = /^\s*#\s*(?:Expected|Erwartet):\s?(.*)$/;
/** Placeholders a runnable block may contain. */
export const PLACEHOLDER = /<([A-Z][A-Z0-9_]*)>|(?<![A-Za-z0-9])(YYYY-MM-DD|YYYYMMDD_HHMMSS)(?![A-Za-z0-9])/g;

/**
 * The line without a trailing shell comment (`#` at a word start, outside quotes).
 * @param line
 *   One line of shell.
 */
export function stripComment(line: string): string {
	let q: string | undefined;
	for (let i = 0; i < line.length; i++) {
		const c = line[i];
		if (q) {
			if (c === '\\' && q === '"') i++;
			else if (c === q) q = undefined;
		} else if (c === '\\') i++;
		else if (c === '"' || c === "'") q = c;
		else if (c === '#' && (i === 0 || /\s/.test(line[i - 1] ?? ''))) return line.slice(0, i).trimEnd();
	}
	return line.trimEnd();
}

/**
 * Placeholders named in a text (without comments).
 * @param commands
 *   Comment-free commands.
 */
export function placeholdersIn(commands: string): string[] {
	const out = new Set<string>();
	for (const m of commands.matchAll(PLACEHOLDER)) out.add(m[1] ?? m[2] ?? '');
	return [...out];
}

/**
 * Extracts the `user@host` blocks of one page.
 * @param source
 *   File text.
 * @param file
 *   Content path (`content/docs/en/…/x.mdx`).
 */
export function extractSteps(source: string, file: string): { steps: Step[]; problems: ExtractProblem[] } {
	const tree = parsePage(source, file).tree as Root;
	const steps: Step[] = [];
	const problems: ExtractProblem[] = [];
	visit(tree, 'code', (node: Code) => {
		const meta = parseMeta(node.meta);
		const session = parseSession(meta.title);
		if (!session) return;
		const line = node.position?.start.line ?? 0;
		const index = steps.length + 1;
		const parsed = parseAnnotations(meta);
		if (!parsed.ok) {
			for (const e of parsed.errors) problems.push({ file, line, message: `runbook annotation ${e}` });
			return;
		}
		const annotations = parsed.value;
		// `dev@local` blocks run like the others: on the workstation twin (runbooks/target.ts maps `local` to it)
		const mode: Step['mode'] = annotations.test?.mode ?? 'run';
		const reason = annotations.test?.mode === 'skip' ? annotations.test.reason : undefined;
		const lines = node.value.split('\n');
		const expected: Expectation[] = [];
		const commandLines: string[] = [];
		lines.forEach((l, offset) => {
			const e = EXPECTED.exec(l);
			if (e) {
				const pattern = (e[1] ?? '').trim();
				expected.push({ line: line + 1 + offset, offset, pattern });
				commandLines.push(`#=> ${pattern}`);
				return;
			}
			const c = stripComment(l);
			if (c.trim()) commandLines.push(c);
		});
		const commands = commandLines.join('\n');
		const placeholders = placeholdersIn(commandLines.filter((l) => !l.startsWith('#=> ')).join('\n'));
		const follows = commandLines.filter((l) => /\s(-f|--follow)(\s|$)/.test(l) && /\b(logs|journalctl|tail)\b/.test(l)).length;
		if (follows > 1) problems.push({ file, line, message: `${follows} follow commands (-f) in one block: a reader can run only the first; put one follow command per block` });
		if (follows === 1 && mode === 'run') problems.push({ file, line, message: 'a follow command (-f) must be annotated test="follow" (with an optional observe="3s")' });
		const hash = createHash('sha256')
			.update(JSON.stringify([`${session.user}@${session.host}`, commands, mode, reason ?? '', annotations.exit ?? '', annotations.timeout ?? '', annotations.observe ?? '', annotations.wait ?? '']))
			.digest('hex')
			.slice(0, 16);
		steps.push({ index, id: annotations.step ?? String(index), file, line, session, code: node.value, annotations, mode, ...(reason ? { reason } : {}), expected, placeholders, commands, hash });
	});
	return { steps, problems };
}

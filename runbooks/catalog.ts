/**
 * The runbooks of the site: German and English pages paired by path, their steps extracted and
 * compared (same commands, else an error), their spec loaded and checked against the steps
 * (every placeholder bound, every lab gap named). Reads files; the checks are pure.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { extractSteps, type ExtractProblem, type Step } from './extract.ts';
import { loadSpec, SpecError, type RunbookSpec } from './spec.ts';

/** Languages of the site; `en` is the canonical order of the steps. */
export const LANGS = ['de', 'en'] as const;

/** One step of a runbook, with its line in each language. */
export interface RunbookStep extends Step {
	/** Page line of the opening fence per language. */
	lines: { de: number; en: number };
}

/** A page pair with command blocks. */
export interface Runbook {
	/** Path under the language folder without extension, e.g. `norda/runbooks/backup-restore`. */
	id: string;
	/** Estate (first path segment). */
	estate: string;
	/** Titles per language. */
	titles: { de: string; en: string };
	/** Content paths of both language versions (de, en). */
	files: [string, string];
	/** Steps in page order (English lines in `line`/`file`). */
	steps: RunbookStep[];
	/** True when any step is annotated `test="destructive"`. */
	destructive: boolean;
	/** The language-neutral machinery. */
	spec: RunbookSpec;
	/** Spec path (project-relative; may not exist). */
	specFile: string;
	/** True for pages in a `runbooks/` section or with a spec: part of the suite. */
	inSuite: boolean;
}

/** Everything found, with the problems that make the suite a configuration error. */
export interface Catalog {
	/** Runbooks in a stable order (by id). */
	runbooks: Runbook[];
	/** Problems of suite pages (file:line: message); any problem = exit 3 / build error. */
	problems: ExtractProblem[];
	/** The same checks on pages outside the suite (shown, not blocking until the page joins the suite). */
	warnings: ExtractProblem[];
}

function walk(dir: string): string[] {
	if (!existsSync(dir)) return [];
	return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : /\.mdx?$/.test(e.name) ? [join(dir, e.name)] : []));
}

function titleOf(source: string): string {
	return /^---[\s\S]*?^title:\s*(.+)$/m.exec(source)?.[1]?.replace(/^['"]|['"]$/g, '') ?? '';
}

/**
 * Compares the steps of the two language versions (session, commands, expected lines, annotations).
 * @param de
 *   German steps.
 * @param en
 *   English steps.
 * @returns
 *   Problems, at the German line.
 */
export function parityProblems(de: readonly Step[], en: readonly Step[]): ExtractProblem[] {
	const out: ExtractProblem[] = [];
	const n = Math.max(de.length, en.length);
	for (let i = 0; i < n; i++) {
		const d = de[i];
		const e = en[i];
		if (!d || !e) {
			const have = (d ?? e)!;
			out.push({ file: have.file, line: have.line, message: `command block ${i + 1} exists only in this language (${de.length} blocks in German, ${en.length} in English): both versions must have the same blocks` });
			continue;
		}
		if (d.hash !== e.hash) {
			const dl = d.commands.split('\n');
			const el = e.commands.split('\n');
			const k = dl.findIndex((l, j) => l !== el[j]);
			const what = d.session.user !== e.session.user || d.session.host !== e.session.host ? `session ${d.session.user}@${d.session.host} ≠ ${e.session.user}@${e.session.host}` : k >= 0 || dl.length !== el.length ? `command differs: “${dl[k] ?? '(none)'}” ≠ “${el[k] ?? '(none)'}” (${e.file}:${e.line})` : `annotations differ (${e.file}:${e.line})`;
			out.push({ file: d.file, line: d.line, message: `German and English command block ${i + 1} differ — ${what}. Only # comments may be translated.` });
		}
	}
	return out;
}

/**
 * Checks a runbook's steps against its spec (bindings, lab gaps, step references).
 * @param rb
 *   The runbook (spec loaded).
 */
export function specProblems(rb: Pick<Runbook, 'steps' | 'spec' | 'specFile'>): ExtractProblem[] {
	const out: ExtractProblem[] = [];
	const ids = new Set(rb.steps.flatMap((s) => [s.id, String(s.index)]));
	for (const s of rb.steps) {
		if (s.mode === 'destructive' && s.session.host === 'local' && !rb.spec.touches.length) {
			out.push({ file: s.file, line: s.line, message: `a destructive dev@local step needs touches: [<twin>, …] in ${rb.specFile} naming the twins it changes (they are reset before the runbook and after the suite)` });
		}
		if (s.mode === 'skip') {
			if (s.reason === 'lab-gap' && !rb.spec.labGaps[s.id] && !rb.spec.labGaps[String(s.index)]) {
				out.push({ file: s.file, line: s.line, message: `test="skip:lab-gap" needs labGaps."${s.id}" in ${rb.specFile} naming what the twin lacks` });
			}
			continue;
		}
		for (const p of s.placeholders) {
			if (!rb.spec.placeholders[p]) out.push({ file: s.file, line: s.line, message: `placeholder ${p.startsWith('Y') ? p : `<${p}>`} has no lab value: bind it under placeholders: in ${rb.specFile} ({ value }, { run } or { secret: { file, key } })` });
		}
	}
	for (const [k, v] of [...Object.keys(rb.spec.labGaps).map((k) => [k, 'labGaps'] as const), ...Object.keys(rb.spec.stubs).map((k) => [k, 'stubs'] as const), ...rb.spec.checks.map((c) => [c.after, 'checks.after'] as const)]) {
		if (!ids.has(k)) out.push({ file: rb.specFile, line: 1, message: `${v}: step "${k}" does not exist on the page (steps 1–${rb.steps.length})` });
	}
	return out;
}

/**
 * Loads every page pair with `user@host` blocks.
 * @param root
 *   Project root.
 */
export function loadCatalog(root: string): Catalog {
	const problems: ExtractProblem[] = [];
	const warnings: ExtractProblem[] = [];
	const byId = new Map<string, Partial<Record<'de' | 'en', { file: string; source: string }>>>();
	for (const lang of LANGS) {
		const base = join(root, 'content/docs', lang);
		for (const abs of walk(base)) {
			const id = relative(base, abs).replace(/\.mdx?$/, '');
			const entry = byId.get(id) ?? {};
			entry[lang] = { file: relative(root, abs), source: readFileSync(abs, 'utf8') };
			byId.set(id, entry);
		}
	}
	const runbooks: Runbook[] = [];
	for (const id of [...byId.keys()].sort()) {
		const pair = byId.get(id)!;
		const ex = { de: pair.de ? extractSteps(pair.de.source, pair.de.file) : undefined, en: pair.en ? extractSteps(pair.en.source, pair.en.file) : undefined };
		const steps = { de: ex.de?.steps ?? [], en: ex.en?.steps ?? [] };
		if (!steps.de.length && !steps.en.length) continue;
		const specFile = join('runbooks/specs', `${id}.yaml`);
		const inSuite = id.split('/')[1] === 'runbooks' || existsSync(join(root, specFile));
		const sink = inSuite ? problems : warnings;
		sink.push(...(ex.de?.problems ?? []), ...(ex.en?.problems ?? []));
		if (!pair.de || !pair.en) {
			const f = (pair.de ?? pair.en)!.file;
			sink.push({ file: f, line: 1, message: `runbook page has no ${pair.de ? 'English' : 'German'} version: both languages must exist and run once` });
			continue;
		}
		const parity = parityProblems(steps.de, steps.en);
		sink.push(...parity);
		let spec: RunbookSpec;
		try {
			spec = loadSpec(join(root, specFile));
		} catch (e) {
			if (!(e instanceof SpecError)) throw e;
			for (const line of e.message.split('\n')) {
				const m = /^(.*?):(\d+): (.*)$/.exec(line);
				sink.push({ file: m?.[1] ?? specFile, line: m ? Number(m[2]) : 1, message: m?.[3] ?? line });
			}
			continue;
		}
		const rbSteps: RunbookStep[] = steps.en.map((s, i) => ({ ...s, lines: { de: steps.de[i]?.line ?? 0, en: s.line } }));
		const rb: Runbook = {
			id,
			estate: id.split('/')[0] ?? id,
			titles: { de: titleOf(pair.de.source), en: titleOf(pair.en.source) },
			files: [pair.de.file, pair.en.file],
			steps: rbSteps,
			destructive: rbSteps.some((s) => s.mode === 'destructive'),
			spec,
			specFile,
			inSuite,
		};
		if (!parity.length) sink.push(...specProblems(rb));
		runbooks.push(rb);
	}
	return { runbooks, problems, warnings };
}

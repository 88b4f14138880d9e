/**
 * Lints many pages outside Astro (CLI, bench, tests): the site's pages against
 * the fact store, other files (fixtures) against their own frontmatter facts.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { loadFactStore, type DeclaredFact, type FactStore } from '../../model/facts/store.ts';
import { lintPage } from './lint.ts';
import { readPageFacts } from './page-facts.ts';
import { parsePage } from './parse.ts';
import type { Finding } from './types.ts';

/** Result for one file. */
export interface FileResult {
	file: string;
	findings: Finding[];
}

/** Result of a run. */
export interface LintRun {
	results: FileResult[];
	/** Pages linted. */
	files: number;
	durationMs: number;
}

/** `.md`/`.mdx` files under a folder (or the file itself). */
export function collectFiles(path: string): string[] {
	if (!statSync(path).isDirectory()) return [path];
	return readdirSync(path).sort().flatMap((n) => {
		const p = join(path, n);
		return statSync(p).isDirectory() ? collectFiles(p) : /\.mdx?$/.test(n) ? [p] : [];
	});
}

const DOCS = 'content/docs/';

/**
 * Lints one file with the given store (site pages) or its own facts (anything else).
 * @param root
 *   Project root.
 * @param abs
 *   Absolute file path.
 * @param store
 *   The site's fact store.
 * @param rules
 *   Only these rules.
 */
export function lintFile(root: string, abs: string, store: FactStore | undefined, rules?: readonly string[]): FileResult {
	const file = relative(root, abs).split(sep).join('/');
	const source = readFileSync(abs, 'utf8');
	const own = readPageFacts(file, source);
	let facts: readonly DeclaredFact[] = own.facts;
	let estate = own.estate;
	let lintAllow = own.lintAllow;
	const inSite = store && file.startsWith(DOCS);
	if (inSite) {
		const [lang = '', ...rest] = file.slice(DOCS.length).split('/');
		const slug = rest.join('/').replace(/\.mdx?$/, '').replace(/(^|\/)index$/, '');
		const page = store.pages.get(`${lang}/${slug}`);
		facts = siteFactList(store);
		estate = page?.estate ?? estate;
		lintAllow = page?.lintAllow ?? lintAllow;
	}
	const { tree, text } = parsePage(source, abs);
	const findings = lintPage({ file, source: text, tree, estate, defaultHost: own.host, lintAllow, facts, rules });
	if (!inSite) {
		for (const e of own.errors) findings.unshift({ ruleId: 'fact-store', severity: 'error', line: e.line, column: 1, file, actual: e.path, message: `${e.path}: ${e.message}`, fix: 'Fix the frontmatter (see model/schemas/).' });
	}
	return { file, findings };
}

const listCache = new WeakMap<FactStore, DeclaredFact[]>();
/** The store's facts as one (cached) list. */
export function siteFactList(store: FactStore): DeclaredFact[] {
	let l = listCache.get(store);
	if (!l) listCache.set(store, (l = [...store.facts.values()]));
	return l;
}

/**
 * Lints files and folders.
 * @param root
 *   Project root.
 * @param paths
 *   Files or folders (relative to root or absolute). @default ['content/docs']
 * @param options
 *   `rules`: only these rule ids; `store`: a loaded store to reuse.
 */
export function lintPaths(root: string, paths: readonly string[] = ['content/docs'], options: { rules?: readonly string[] | undefined; store?: FactStore } = {}): LintRun & { store: FactStore } {
	const started = performance.now();
	const store = options.store ?? loadFactStore(root);
	const files = paths.flatMap((p) => collectFiles(isAbsolute(p) ? p : join(root, p)));
	const results = files.map((f) => lintFile(root, f, store, options.rules));
	// store errors (invalid or conflicting declarations) are part of the lint result
	for (const e of store.errors) {
		const r = results.find((x) => x.file === e.file);
		const finding: Finding = { ruleId: 'fact-store', severity: 'error', line: e.line, column: 1, file: e.file, actual: e.path, message: `${e.path ? e.path + ': ' : ''}${e.message}`, fix: 'Fix the declaration at this line (the fact model is documented in model/schemas/).' };
		if (r) r.findings.unshift(finding);
	}
	return { results, files: files.length, durationMs: performance.now() - started, store };
}

/**
 * remark plugin: the fact lint inside Astro. Checks every docs page's prose and
 * code blocks against the declared facts of its estate (see `src/lint/`).
 *
 * - `astro dev`: findings are printed as warnings; rendering continues.
 * - `astro build`: warnings are printed; errors stop the build with one fatal
 *   VFileMessage per page that lists all its errors (Astro shows the first one's
 *   code frame). `npm run lint:docs` lists the errors of all pages at once.
 * - `FACT_LINT=warn` never fails; `FACT_LINT=off` disables the lint.
 *
 * The fact store is loaded once per process (shared with the fact components via
 * `siteFacts()`); in dev the page's own frontmatter is re-read on every render so
 * edits to its facts take effect without a restart.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { VFile } from 'vfile';
import type {} from '@astrojs/markdown-remark'; // types `file.data.astro`
import { VFileMessage } from 'vfile-message';
import { siteFacts } from '../facts/site-store.ts';
import { loadFactStore, type DeclaredFact, type FactStore } from '../../model/facts/store.ts';
import { stylish } from '../lint/formatters/index.ts';
import { lintPage } from '../lint/lint.ts';
import { fullRuleId, SOURCE, toMessage } from '../lint/message.ts';
import { readPageFacts } from '../lint/page-facts.ts';
import type { MdNode } from '../lint/segments.ts';
import { siteFactList } from '../lint/site.ts';
import type { Finding } from '../lint/types.ts';

/** Options. */
export interface RemarkFactLintOptions {
	/**
	 * What errors do: `throw` stops the build, `warn` only prints.
	 * @default 'throw' in `astro build`, 'warn' in `astro dev` (and with FACT_LINT=warn)
	 */
	onError?: 'throw' | 'warn';
	/** Project root that holds `content/docs`. @default process.cwd() */
	root?: string;
}

const DOCS = 'content/docs/';
const stores = new Map<string, FactStore>();
/** The store of another root (tests, tools), loaded once. */
function storeOf(root: string): FactStore {
	let s = stores.get(root);
	if (!s) stores.set(root, (s = loadFactStore(root)));
	return s;
}
const printed = new Map<string, string>();

/** Project-relative path of a page, through the `src/content/docs` symlink. */
function pagePath(root: string, path: string): string {
	let rel = relative(root, path).split(sep).join('/');
	if (rel.startsWith('src/content/docs/')) rel = rel.slice('src/'.length);
	if (!rel.startsWith(DOCS)) {
		try {
			rel = relative(root, realpathSync(path)).split(sep).join('/');
		} catch {
			// not a file on disk
		}
	}
	return rel;
}

/** Facts with the page's own declarations re-read from disk (dev: frontmatter may have changed). */
function withFreshPage(store: FactStore, file: string, abs: string): { facts: readonly DeclaredFact[]; host?: string | undefined } {
	let source: string;
	try {
		source = readFileSync(abs, 'utf8');
	} catch {
		return { facts: siteFactList(store) };
	}
	const own = readPageFacts(file, source);
	const base = siteFactList(store);
	if (own.errors.length) return { facts: base, host: own.host };
	const stored = base.filter((f) => f.file === file);
	const same = stored.length === own.facts.length && stored.every((f, i) => f.id === own.facts[i]?.id && JSON.stringify(f.value) === JSON.stringify(own.facts[i]?.value));
	if (same) return { facts: base, host: own.host };
	const estate = own.estate;
	return { facts: [...base.filter((f) => f.file !== file), ...own.facts.map((f) => ({ ...f, estate }))], host: own.host };
}

/**
 * The plugin.
 * @param options
 *   See `RemarkFactLintOptions`.
 */
export default function remarkFactLint(options: RemarkFactLintOptions = {}) {
	const mode = process.env.FACT_LINT;
	const dev = process.env.NODE_ENV !== 'production';
	const onError = options.onError ?? (mode === 'warn' || dev ? 'warn' : 'throw');
	return (tree: MdNode, file: VFile) => {
		if (mode === 'off' || !file.path) return;
		const root = options.root ?? process.cwd();
		const abs = file.path.startsWith('file:') ? fileURLToPath(file.path) : file.path;
		const rel = pagePath(root, abs);
		if (!rel.startsWith(DOCS)) return;
		const store = options.root ? storeOf(options.root) : siteFacts();
		const [lang = '', ...rest] = rel.slice(DOCS.length).split('/');
		const slug = rest.join('/').replace(/\.mdx?$/, '').replace(/(^|\/)index$/, '');
		const page = store.pages.get(`${lang}/${slug}`);
		// the page's frontmatter as Astro read it (validated by the content collection)
		const fm: Record<string, unknown> = file.data.astro?.frontmatter ?? {};
		const fmFacts = fm.facts;
		const fmAllow = fm.lintAllow;
		let facts: readonly DeclaredFact[] = siteFactList(store);
		let host = fmFacts !== null && typeof fmFacts === 'object' && 'host' in fmFacts && typeof fmFacts.host === 'string' ? fmFacts.host : undefined;
		if (dev) ({ facts, host = host } = withFreshPage(store, rel, abs));
		const findings = lintPage({
			file: rel, source: String(file.value), tree, facts,
			estate: page?.estate ?? (typeof fm.estate === 'string' ? fm.estate : undefined), defaultHost: host,
			lintAllow: page?.lintAllow ?? (Array.isArray(fmAllow) ? fmAllow.filter((a): a is string => typeof a === 'string') : []),
		});
		for (const f of findings) {
			const m = toMessage(f);
			m.file = file.path;
			file.messages.push(m);
		}
		report(rel, findings, onError);
	};
}

/** Prints a page's findings once per content, and throws when errors must stop the build. */
function report(rel: string, findings: Finding[], onError: 'throw' | 'warn') {
	const text = findings.length ? stylish([{ file: rel, findings }], !!process.stderr.isTTY) : '';
	if (printed.get(rel) !== text) {
		printed.set(rel, text);
		if (text) console.warn(`[fact-lint] ${text}`);
	}
	const errors = findings.filter((f) => f.severity === 'error');
	if (!errors.length || onError !== 'throw') return;
	const first = errors[0]!;
	const list = errors.map((e) => `  ${rel}:${e.line}:${e.column}  ${e.message}  (${fullRuleId(e.ruleId)})\n    → ${e.fix}`).join('\n');
	const fatal = new VFileMessage(`${errors.length} fact-lint error${errors.length === 1 ? '' : 's'} in ${rel}:\n${list}\nRun \`npm run lint:docs\` to list the errors of all pages.`, {
		ruleId: first.ruleId, source: SOURCE, place: { line: first.line, column: first.column },
	});
	fatal.fatal = true;
	fatal.file = rel;
	fatal.url = toMessage(first).url;
	throw fatal;
}

export { remarkFactLint };

/**
 * The fact store: every fact declared in the site's pages, validated with the same
 * zod schema as the content collection, with its file and line, cross-checked
 * (unknown hosts, conflicting duplicates, facts declared in two languages).
 * Used by the site's components, the fact lint and the verifier.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { FACT_KINDS, PageFactsSchema, type FactKind, type FactValue } from '../schemas/facts.ts';
import { factKey, HOST_BOUND_KINDS } from './keys.ts';
import { readFrontmatter } from './frontmatter.ts';

/** One declared fact of kind `K` with where it was declared. */
export interface DeclaredFactOf<K extends FactKind> {
	/** Identity, e.g. `gm-vserver/socket/tcp:22` (see `factKey`). */
	id: string;
	/** Fact list the entry came from. */
	kind: K;
	/** Host id (resolved from `facts.host` when the entry names none). */
	host: string | undefined;
	/** Estate of the declaring page. */
	estate: string | undefined;
	/** The validated entry (the schema's output; `host` resolved for host-bound kinds). */
	value: FactValue<K>;
	/** File path relative to the project root, e.g. `content/docs/de/grocerymate/docker.mdx`. */
	file: string;
	/** 1-based line of the entry in that file. */
	line: number;
	/** Page language (`de`, `en`). */
	lang: string;
	/** Page slug without language, e.g. `grocerymate/docker`. */
	slug: string;
}

/**
 * A declared fact: for one kind (`DeclaredFact<'sockets'>`) its value has that kind's type;
 * without a kind it is the union over all kinds, narrowed by testing `fact.kind`.
 */
export type DeclaredFact<K extends FactKind = FactKind> = { [P in K]: DeclaredFactOf<P> }[K];

/**
 * Builds a declared fact whose `value` has the type of its `kind`.
 * @param kind
 *   The fact list.
 * @param value
 *   The validated entry.
 * @param where
 *   Id, host, estate and location.
 */
export function declared<K extends FactKind>(kind: K, value: FactValue<K>, where: Omit<DeclaredFactOf<K>, 'kind' | 'value'>): DeclaredFact<K> {
	const fact: DeclaredFactOf<K> = { ...where, kind, value };
	return fact;
}

/**
 * The facts of one kind, typed for that kind.
 * @param facts
 *   Facts of any kinds.
 * @param kind
 *   The kind to keep.
 */
export function factsOfKind<K extends FactKind>(facts: readonly DeclaredFact[], kind: K): Extract<DeclaredFact, { kind: K }>[] {
	return facts.filter((f): f is Extract<DeclaredFact, { kind: K }> => f.kind === kind);
}

/** A problem with the declared facts, located in a file. */
export interface FactError {
	/** File path relative to the project root. */
	file: string;
	/** 1-based line in that file. */
	line: number;
	/** Field path inside the frontmatter, e.g. `facts.sockets.1.port`. */
	path: string;
	/** What is wrong and what is allowed. */
	message: string;
}

/** All facts of the site. */
export interface FactStore {
	/** Facts by id (first declaration wins; conflicts are errors). */
	facts: Map<string, DeclaredFact>;
	/** Facts declared by each page slug (shared by all its languages). */
	bySlug: Map<string, DeclaredFact[]>;
	/** Problems found; the build fails when this is not empty. */
	errors: FactError[];
	/** Pages read: `lang/slug` → file. */
	pages: Map<string, { file: string; lang: string; slug: string; estate?: string | undefined; lintAllow: string[] }>;
}

/** Formats an error as `file:line — path: message`. */
export function formatFactError(e: FactError): string {
	return `${e.file}:${e.line} — ${e.path ? e.path + ': ' : ''}${e.message}`;
}

/** Drops the list entries (`facts.<kind>.<i>`) that some issue points into. */
function withoutInvalidEntries(input: { facts?: unknown } & Record<string, unknown>, paths: PropertyKey[][]) {
	const facts = input.facts;
	if (typeof facts !== 'object' || facts === null) return input;
	const bad = new Set(paths.filter((p) => p[0] === 'facts' && typeof p[2] === 'number').map((p) => `${String(p[1])}/${String(p[2])}`));
	const pruned = Object.fromEntries(
		Object.entries(facts).map(([kind, list]) => [kind, Array.isArray(list) ? list.filter((_, i) => !bad.has(`${kind}/${i}`)) : list]),
	);
	return { ...input, facts: pruned };
}

function walk(dir: string): string[] {
	let out: string[] = [];
	for (const name of readdirSync(dir).sort()) {
		const p = join(dir, name);
		if (statSync(p).isDirectory()) out = out.concat(walk(p));
		else if (/\.mdx?$/.test(name)) out.push(p);
	}
	return out;
}

/**
 * Loads and checks every page's facts.
 * @param root
 *   Project root (the folder that holds `content/docs`).
 * @param docsDir
 *   Docs folder relative to `root`. @default content/docs
 */
export function loadFactStore(root: string, docsDir = join('content', 'docs')): FactStore {
	const store: FactStore = { facts: new Map(), bySlug: new Map(), errors: [], pages: new Map() };
	const hostEstates = new Map<string, { estate?: string | undefined; file: string; line: number }>();
	const refs: { host: string; estate?: string | undefined; file: string; line: number; path: string }[] = [];
	const slugDeclaredIn = new Map<string, string>();

	for (const abs of walk(join(root, docsDir))) {
		const file = relative(root, abs).split(sep).join('/');
		const [lang = '', ...rest] = relative(join(root, docsDir), abs).split(sep);
		const slug = rest.join('/').replace(/\.mdx?$/, '').replace(/(^|\/)index$/, '') || '';
		const fm = readFrontmatter(readFileSync(abs, 'utf8'));
		for (const e of fm.errors) store.errors.push({ file, line: e.line, path: '', message: `YAML: ${e.message}` });
		const input = { estate: fm.data.estate, facts: fm.data.facts, lintAllow: fm.data.lintAllow };
		let parsed = PageFactsSchema.safeParse(input);
		if (!parsed.success) {
			for (const issue of parsed.error.issues) {
				store.errors.push({ file, line: fm.lineOf(issue.path), path: issue.path.join('.'), message: issue.message });
			}
			// Keep checking the valid entries of the page, so one typo does not hide other problems.
			parsed = PageFactsSchema.safeParse(withoutInvalidEntries(input, parsed.error.issues.map((i) => i.path)));
			if (!parsed.success) continue;
		}
		const { estate, facts, lintAllow = [] } = parsed.data;
		store.pages.set(`${lang}/${slug}`, { file, lang, slug, estate, lintAllow });
		if (!facts) continue;
		if (!estate) store.errors.push({ file, line: fm.lineOf(['facts']), path: 'estate', message: 'a page that declares facts must name its estate (estate: grocerymate | norda)' });
		const other = slugDeclaredIn.get(slug);
		if (other) {
			store.errors.push({ file, line: fm.lineOf(['facts']), path: 'facts', message: `the facts of "${slug}" are already declared in ${other}; declare them in one language version only (the translation shows them automatically)` });
			continue;
		}
		slugDeclaredIn.set(slug, file);

		/** Records one entry; a duplicate that differs from the first declaration becomes an error. */
		const add = (fact: DeclaredFact, i: number): void => {
			const prev = store.facts.get(fact.id);
			if (prev && !isDeepStrictEqual(prev.value, fact.value)) {
				store.errors.push({ file, line: fact.line, path: `facts.${fact.kind}.${i}`, message: `conflicts with the same fact (${fact.id}) declared in ${prev.file}:${prev.line}; make both declarations agree or remove one` });
				return;
			}
			if (!prev) store.facts.set(fact.id, fact);
			const list = store.bySlug.get(slug) ?? [];
			list.push(fact);
			store.bySlug.set(slug, list);
		};
		facts.hosts.forEach((value, i) => {
			const line = fm.lineOf(['facts', 'hosts', i]);
			if (!hostEstates.has(value.id)) hostEstates.set(value.id, { estate, file, line });
			add(declared('hosts', value, { id: factKey('hosts', value), host: value.id, estate, file, line, lang, slug }), i);
		});
		for (const kind of FACT_KINDS) {
			if (kind === 'hosts') continue;
			const entries: readonly FactValue<Exclude<FactKind, 'hosts'>>[] = facts[kind];
			entries.forEach((raw, i) => {
				const line = fm.lineOf(['facts', kind, i]);
				const host = raw.host ?? facts.host;
				if (HOST_BOUND_KINDS.has(kind) && !host) {
					store.errors.push({ file, line, path: `facts.${kind}.${i}.host`, message: 'no host: set `host:` on the entry or `facts.host` for the page' });
					return;
				}
				const value = host ? { ...raw, host } : { ...raw };
				if (raw.host) refs.push({ host: raw.host, estate, file, line, path: `facts.${kind}.${i}.host` });
				add(declared(kind, value, { id: factKey(kind, value), host, estate, file, line, lang, slug }), i);
			});
		}
		if (facts.host) refs.push({ host: facts.host, estate, file, line: fm.lineOf(['facts', 'host']), path: 'facts.host' });
	}

	const known = [...hostEstates.keys()].sort();
	for (const r of refs) {
		const h = hostEstates.get(r.host);
		if (!h) {
			store.errors.push({ file: r.file, line: r.line, path: r.path, message: `unknown host "${r.host}"; declared hosts are: ${known.join(', ') || '(none)'}` });
		} else if (h.estate && r.estate && h.estate !== r.estate) {
			store.errors.push({ file: r.file, line: r.line, path: r.path, message: `host "${r.host}" belongs to estate ${h.estate} (${h.file}:${h.line}), but this page is in estate ${r.estate}` });
		}
	}
	return store;
}

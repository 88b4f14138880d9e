/**
 * Which facts a page is about: the facts it declares (shared by its translations) plus
 * the facts its text shows through `<Fact id="…">` and `<FactTable kind="…" host="…"
 * estate="…">`. The badge under the title and the report's per-page section both use
 * this, so their counts agree. Pure, apart from `pageFactsOf` reading the page file.
 */
import { canonicalFactId } from '../../model/facts/keys.ts';
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { DeclaredFact, FactStore } from '../../model/facts/store.ts';

/** `name="value"` or `name='value'` attributes of one JSX tag. */
function attributes(tag: string): Record<string, string> {
	return Object.fromEntries([...tag.matchAll(/(\w+)=(?:"([^"]*)"|'([^']*)')/g)].map((m) => [m[1]!, m[2] ?? m[3] ?? '']));
}

/**
 * Ids of the facts an MDX body shows (`<Fact>` and `<FactTable>` with literal attributes).
 * @param source
 *   The page's MDX text.
 * @param facts
 *   Every fact of the site.
 */
export function shownFactIds(source: string, facts: Iterable<DeclaredFact>): Set<string> {
	const out = new Set<string>();
	const all = [...facts];
	for (const m of source.matchAll(/<Fact\s[^>]*>/g)) {
		const id = attributes(m[0]).id;
		if (id) out.add(canonicalFactId(id));
	}
	for (const m of source.matchAll(/<FactTable\s[^>]*>/g)) {
		const { kind, host, estate } = attributes(m[0]);
		for (const f of all) if (f.kind === kind && (!host || f.host === host) && (!estate || f.estate === estate)) out.add(f.id);
	}
	return out;
}

/**
 * The facts of one page in one language: declared by the page (any language) or shown by
 * this language's text, sorted by id.
 * @param store
 *   The site's fact store.
 * @param lang
 *   Page language.
 * @param slug
 *   Page slug without the language (`''` for the start page).
 * @param root
 *   Project root (page files are relative to it). @default process.cwd()
 */
export function pageFactsOf(store: FactStore, lang: string, slug: string, root = process.cwd()): DeclaredFact[] {
	const ids = new Set((store.bySlug.get(slug) ?? []).map((f) => f.id));
	const page = store.pages.get(`${lang}/${slug}`);
	if (page) {
		const file = isAbsolute(page.file) ? page.file : join(root, page.file);
		for (const id of shownFactIds(readFileSync(file, 'utf8'), store.facts.values())) ids.add(id);
	}
	return [...ids].flatMap((id) => store.facts.get(id) ?? []).sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
}

/**
 * Every page (per language) that declares or shows facts, with its facts.
 * @param store
 *   The site's fact store.
 * @param lang
 *   Language.
 * @param root
 *   Project root. @default process.cwd()
 */
export function pagesWithFacts(store: FactStore, lang: string, root = process.cwd()): { slug: string; facts: DeclaredFact[] }[] {
	const slugs = new Set([...store.bySlug.keys()]);
	for (const p of store.pages.values()) if (p.lang === lang) slugs.add(p.slug);
	return [...slugs].sort().map((slug) => ({ slug, facts: pageFactsOf(store, lang, slug, root) })).filter((p) => p.facts.length > 0);
}

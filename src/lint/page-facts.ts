/**
 * Facts of a page that is not part of the site's fact store (fixtures, a page
 * linted on its own): read from its frontmatter with the same schema and keys as
 * the store.
 */
import { FACT_KINDS, PageFactsSchema, type FactKind, type FactValue } from '../../model/schemas/facts.ts';
import { readFrontmatter } from '../../model/facts/frontmatter.ts';
import { factKey } from '../../model/facts/keys.ts';
import { declared, type DeclaredFact, type FactError } from '../../model/facts/store.ts';

/** What a page says about itself. */
export interface PageInfo {
	estate: string | undefined;
	/** `facts.host`. */
	host: string | undefined;
	lintAllow: string[];
	facts: DeclaredFact[];
	errors: FactError[];
}

/**
 * Reads a page's estate, default host, `lintAllow` and facts.
 * @param file
 *   Project-relative path (used in fact locations).
 * @param source
 *   The file text.
 * @param lang
 *   Page language. @default ''
 */
export function readPageFacts(file: string, source: string, lang = ''): PageInfo {
	const fm = readFrontmatter(source);
	const parsed = PageFactsSchema.safeParse({ estate: fm.data.estate, facts: fm.data.facts, lintAllow: fm.data.lintAllow });
	if (!parsed.success) {
		return {
			estate: typeof fm.data.estate === 'string' ? fm.data.estate : undefined, host: undefined, lintAllow: [], facts: [],
			errors: parsed.error.issues.map((i) => ({ file, line: fm.lineOf(i.path), path: i.path.join('.'), message: i.message })),
		};
	}
	const { estate, facts, lintAllow = [] } = parsed.data;
	const out: DeclaredFact[] = [];
	if (facts) {
		facts.hosts.forEach((raw, i) => {
			const value = { ...raw };
			out.push(declared('hosts', value, { id: factKey('hosts', value), host: value.id, estate, file, line: fm.lineOf(['facts', 'hosts', i]), lang, slug: '' }));
		});
		for (const kind of FACT_KINDS) {
			if (kind === 'hosts') continue;
			const entries: readonly FactValue<Exclude<FactKind, 'hosts'>>[] = facts[kind];
			entries.forEach((raw, i) => {
				const host = raw.host ?? facts.host;
				const value = host ? { ...raw, host } : { ...raw };
				out.push(declared(kind, value, { id: factKey(kind, value), host, estate, file, line: fm.lineOf(['facts', kind, i]), lang, slug: '' }));
			});
		}
	}
	return { estate, host: facts?.host, lintAllow, facts: out, errors: [] };
}

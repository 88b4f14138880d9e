/**
 * Which facts a page's body shows: the ids of `<Fact id="…">` and the selections of
 * `<FactTable kind=… host=… estate=…>`. Used to prove that both language versions of
 * a topic show the same facts.
 */

/** Fact references of one MDX body, sorted and de-duplicated. */
export function factReferences(source: string): string[] {
	const refs = new Set<string>();
	for (const m of source.matchAll(/<Fact\b([^>]*?)\/?>/g)) {
		const id = /\bid=["']([^"']+)["']/.exec(m[1] ?? '')?.[1];
		const field = /\bfield=["']([^"']+)["']/.exec(m[1] ?? '')?.[1];
		if (id) refs.add(field ? `${id}#${field}` : id);
	}
	for (const m of source.matchAll(/<FactTable\b([^>]*?)\/?>/g)) {
		const attrs = Object.fromEntries([...(m[1] ?? '').matchAll(/(\w+)=["']([^"']*)["']/g)].map((a): [string, string] => [a[1] ?? '', a[2] ?? '']));
		refs.add(`table:${attrs.kind ?? '?'}${attrs.host ? `@${attrs.host}` : ''}${attrs.estate ? `~${attrs.estate}` : ''}`);
	}
	return [...refs].sort();
}

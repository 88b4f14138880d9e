/**
 * The fact store as the site sees it: loaded once per process from the project
 * root and reloaded when a page changes (astro dev).
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { loadFactStore, type DeclaredFact, type FactStore } from '../../model/facts/store.ts';
import { canonicalFactId } from '../../model/facts/keys.ts';

let cached: { stamp: number; store: FactStore } | undefined;

/** Returns the fact store of the project in the current working directory. */
export function siteFacts(): FactStore {
	const root = process.cwd();
	const stamp = statSync(join(root, 'content', 'docs')).mtimeMs;
	if (!cached || (process.env.NODE_ENV !== 'production' && cached.stamp !== stamp)) {
		cached = { stamp, store: loadFactStore(root) };
	}
	return cached.store;
}

/**
 * Looks a fact up by id, with an error naming similar ids when it does not exist.
 * @param id
 *   Fact id such as `gm-vserver/socket/tcp:22`.
 */
export function factById(id: string): DeclaredFact {
	const store = siteFacts();
	const fact = store.facts.get(canonicalFactId(id));
	if (fact) return fact;
	const prefix = id.split('/')[0] ?? '';
	const similar = [...store.facts.keys()].filter((k) => k.startsWith(prefix)).slice(0, 12);
	throw new Error(`Unknown fact id "${id}". Known ids starting with "${prefix}": ${similar.join(', ') || '(none)'}`);
}

/** Reads a dotted field (`ports.0.hostPort`) of a value. */
export function readField(value: unknown, field: string | undefined): unknown {
	if (!field) return value;
	return field.split('.').reduce<unknown>((v, k) => (v == null ? undefined : (Object(v) as Record<string, unknown>)[k]), value);
}

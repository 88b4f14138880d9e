/**
 * The start-up cache: the results of the run's two deterministic loading steps — the
 * validated fact store and the resolved inventory — stored under a SHA-256 of everything
 * they are computed from: the input files' names and contents, the options, and the source
 * of the code that computes them (plus the versions of the YAML parser and zod). A run whose
 * docs, inventory and loading code are unchanged reads the result back instead of loading
 * the YAML parser and the zod schemas before its first connection (≈ 0.3 s of CPU); any
 * change to any input is a different key, so a stale entry is never used. One entry per
 * docs folder and per inventory file, in `node_modules/.cache/verifier/` of the project
 * the verifier runs from; `VERIFY_CACHE=0` turns it off. Errors never fail a run: an
 * unreadable or corrupt entry is a miss, a failed write is ignored.
 */
import { createHash, type Hash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';

/** The project the verifier runs from (its code is part of every key). */
const PROJECT = fileURLToPath(new URL('..', import.meta.url));

/** Format of an entry; bump when the stored shape changes. */
const FORMAT = 'verifier-start-cache/1';

/** A key under construction: feed it every input of the cached step. */
export interface CacheKey {
	/** Adds one labelled input. */
	add(label: string, data: string | Buffer): CacheKey;
	/** The key (hex). */
	digest(): string;
}

/**
 * A new key, seeded with the format, the verifier's cache code, and the source of every
 * `.ts` file under `codeDirs` (paths relative to the project) and the versions of yaml and zod.
 * @param codeDirs
 *   Folders of the code that computes the cached result, e.g. `model`.
 */
export function newKey(codeDirs: readonly string[]): CacheKey {
	const h: Hash = createHash('sha256');
	const key: CacheKey = {
		add(label, data) {
			h.update(`${label}\u0000${data.length}\u0000`);
			h.update(data);
			return key;
		},
		digest: () => h.digest('hex'),
	};
	key.add('format', FORMAT).add('code', readFileSync(fileURLToPath(import.meta.url)));
	for (const pkg of ['yaml', 'zod']) key.add(`package ${pkg}`, packageVersion(pkg));
	for (const dir of codeDirs) for (const file of walk(join(PROJECT, dir), /\.ts$/)) key.add(`code ${relative(PROJECT, file)}`, readFileSync(file));
	return key;
}

/** The installed version of a package, or `?`. */
function packageVersion(name: string): string {
	try {
		return String((JSON.parse(readFileSync(join(PROJECT, 'node_modules', name, 'package.json'), 'utf8')) as { version?: unknown }).version);
	} catch {
		return '?';
	}
}

/**
 * Files under `dir` whose name matches `pattern`, depth-first in sorted order (the order
 * `model/facts/store.ts` reads the docs in).
 * @param dir
 *   Folder.
 * @param pattern
 *   File name test.
 */
export function walk(dir: string, pattern: RegExp): string[] {
	let out: string[] = [];
	for (const name of readdirSync(dir).sort()) {
		const p = join(dir, name);
		if (statSync(p).isDirectory()) out = out.concat(walk(p, pattern));
		else if (pattern.test(name)) out.push(p);
	}
	return out;
}

/** Whether the cache is on (`VERIFY_CACHE=0` turns it off). */
export function cacheEnabled(env: Record<string, string | undefined>): boolean {
	return env['VERIFY_CACHE'] !== '0';
}

/**
 * The entry file of a slot (one per docs folder or inventory file).
 * @param slot
 *   What is cached, e.g. `facts /abs/docs`.
 */
export function cacheFile(slot: string): string {
	return join(PROJECT, 'node_modules', '.cache', 'verifier', `${slot.split(sep).join('_').replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 60)}-${createHash('sha256').update(slot).digest('hex').slice(0, 16)}.bin`);
}

/**
 * The value stored in `slot` under exactly `key`, or undefined (no entry, another key, unreadable).
 * @param slot
 *   What is cached, e.g. `facts /abs/docs`.
 * @param key
 *   The key of the current inputs.
 */
export function readCached<T>(slot: string, key: string): T | undefined {
	try {
		const entry = deserialize(readFileSync(cacheFile(slot))) as { key?: unknown; value?: unknown };
		return entry.key === key ? (entry.value as T) : undefined;
	} catch {
		return undefined;
	}
}

/**
 * Stores `value` in `slot` under `key` (atomically; replaces the slot's previous entry). Best effort.
 * @param slot
 *   What is cached.
 * @param key
 *   The key of the inputs the value was computed from.
 * @param value
 *   A structured-cloneable value (Maps are kept).
 */
export function writeCached(slot: string, key: string, value: unknown): void {
	const file = cacheFile(slot);
	const tmp = `${file}.${process.pid}.tmp`;
	try {
		mkdirSync(join(file, '..'), { recursive: true });
		writeFileSync(tmp, serialize({ key, value }));
		renameSync(tmp, file);
	} catch {
		rmSync(tmp, { force: true });
	}
}

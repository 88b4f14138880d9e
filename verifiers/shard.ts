/**
 * Splitting a target's hosts across CI jobs (`--shard i/n`). Pure; no I/O.
 *
 * The split is stable: host ids are de-duplicated and sorted (by UTF-16 code units, not
 * by locale), then dealt round-robin, so shard `i` of `n` always gets the same hosts for
 * the same inventory, every host lands in exactly one shard, and shard sizes differ by
 * at most one. Shards are numbered from 1, as in a CI matrix (`--shard 2/3`).
 */

/** A parsed `i/n` shard specification (1-based index). */
export interface ShardSpec {
	/** 1-based shard index, `1 ≤ index ≤ count`. */
	index: number;
	/** Number of shards, `≥ 1`. */
	count: number;
}

/** Largest accepted number of shards (a guard against typos such as `1/30000`). */
export const MAX_SHARDS = 1000;

/**
 * Parses and validates `i/n` (e.g. `2/3`).
 *
 * @param spec
 *   Text from `--shard`.
 * @returns
 *   The shard index and count.
 * @throws
 *   `Error` with a message that says what is allowed.
 */
export function parseShard(spec: string): ShardSpec {
	const match = /^\s*(\d{1,6})\s*\/\s*(\d{1,6})\s*$/.exec(String(spec));
	if (!match) {
		throw new Error(`--shard: expected i/n with whole numbers, e.g. --shard 1/3, got ${JSON.stringify(spec)}`);
	}
	const index = Number(match[1]);
	const count = Number(match[2]);
	validateShard(index, count);
	return { index, count };
}

/**
 * Checks a shard index and count.
 *
 * @param index
 *   1-based shard index.
 * @param count
 *   Number of shards.
 * @throws
 *   `Error` when `count` is not in 1…MAX_SHARDS or `index` not in 1…count.
 */
export function validateShard(index: number, count: number): void {
	if (!Number.isInteger(count) || count < 1 || count > MAX_SHARDS) {
		throw new Error(`--shard: the number of shards must be a whole number from 1 to ${MAX_SHARDS}, got ${count}`);
	}
	if (!Number.isInteger(index) || index < 1 || index > count) {
		throw new Error(`--shard: the shard index must be a whole number from 1 to ${count} (shards are numbered from 1), got ${index}`);
	}
}

/**
 * The host ids that shard `index` of `count` verifies.
 *
 * @param hostIds
 *   All host ids of the target (any order; duplicates are ignored).
 * @param index
 *   1-based shard index.
 * @param count
 *   Number of shards.
 * @returns
 *   The shard's host ids, sorted. May be empty when there are fewer hosts than shards.
 */
export function shardHosts(hostIds: readonly string[], index: number, count: number): string[] {
	validateShard(index, count);
	const sorted = [...new Set(hostIds)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
	return sorted.filter((_, position) => position % count === index - 1);
}

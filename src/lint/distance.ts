/** Edit distance helpers for near-miss detection. */

/**
 * Levenshtein distance, stopping early once it exceeds `max`.
 * @param a
 *   First string.
 * @param b
 *   Second string.
 * @param max
 *   Largest distance of interest; larger distances return `max + 1`.
 */
export function editDistance(a: string, b: string, max = Infinity): number {
	if (Math.abs(a.length - b.length) > max) return max + 1;
	let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
	for (let i = 1; i <= a.length; i++) {
		const cur = [i];
		let rowMin = i;
		for (let j = 1; j <= b.length; j++) {
			const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
			cur.push(v);
			if (v < rowMin) rowMin = v;
		}
		if (rowMin > max) return max + 1;
		prev = cur;
	}
	return prev[b.length]!;
}

/**
 * The largest edit distance that still counts as a near-miss of a name of this
 * length: 1 below 10 characters, 2 below 20, 3 above (a long compose prefix such
 * as `mailcowdockerized` hides 3-letter typos).
 * @param length
 *   Length of the declared name.
 */
export function nearMissBudget(length: number): number {
	return length < 10 ? 1 : length < 20 ? 2 : 3;
}

/**
 * Whether `candidate` is a near-miss of `declared`: not equal, but within the
 * budget, or equal apart from `-`/`_`/`.`. A difference in case only is not a
 * near-miss (product names such as `pgAdmin` are written that way).
 * @param candidate
 *   Name as written.
 * @param declared
 *   Declared name.
 */
export function isNearMiss(candidate: string, declared: string): boolean {
	if (candidate.toLowerCase() === declared.toLowerCase()) return false; // `pgAdmin` (product) vs `pgadmin` (container)
	const norm = (s: string) => s.toLowerCase().replace(/[-_.]/g, '');
	if (norm(candidate) === norm(declared)) return true;
	if (declared.length < 6) return false;
	const budget = nearMissBudget(declared.length);
	return editDistance(candidate, declared, budget) <= budget;
}

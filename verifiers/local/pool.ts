/** A tiny bounded-concurrency map (the only scheduling primitive of the verifier). */

/**
 * Maps `items` through `fn` with at most `limit` calls in flight; results keep input order.
 * @param items
 *   Inputs.
 * @param limit
 *   Concurrency cap (≥ 1).
 * @param fn
 *   Async worker.
 */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
	const out = new Array<R>(items.length);
	let next = 0;
	const worker = async () => {
		while (next < items.length) {
			const i = next++;
			out[i] = await fn(items[i]!, i);
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
	return out;
}

/**
 * Parser for `docker ps -a --no-trunc --format '{{json .}}'` (one JSON object per line).
 * Used when `docker inspect` is unavailable; gives names, images and states only.
 * The `Command` and `Labels` fields are not kept (they can carry secrets).
 */
import { normaliseImage } from './docker-image.ts';
import { bounded, fail, guard, isObj, MAX_ITEMS, ok, type ParseResult } from './result.ts';

/** One row of `docker ps`. */
export interface PsRow { name: string; image: string; state: string }

/** `docker ps --format '{{json .}}'` → rows sorted by name. */
export function parseDockerPs(input: string): ParseResult<PsRow[]> {
	return guard('docker-ps', input, (s) => {
		const out: PsRow[] = [];
		for (const line of s.split('\n').slice(0, MAX_ITEMS)) {
			if (!line.trim()) continue;
			let o: unknown;
			try { o = JSON.parse(line); } catch { return fail('docker-ps: a line is not JSON'); }
			if (!isObj(o) || typeof o.Names !== 'string') continue;
			out.push({ name: bounded(o.Names.split(',')[0], 128), image: normaliseImage(bounded(o.Image, 200)), state: bounded(o.State ?? '', 30) });
		}
		return ok(out.sort((a, b) => a.name.localeCompare(b.name)));
	});
}

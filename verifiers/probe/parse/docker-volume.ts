/** Parser for `docker volume ls --format '{{json .}}'`. */
import type { ObservedVolume } from '../../observation.ts';
import { bounded, fail, guard, isObj, MAX_ITEMS, ok, type ParseResult } from './result.ts';

/** `docker volume ls` JSON lines → volumes sorted by name. */
export function parseDockerVolumes(input: string): ParseResult<ObservedVolume[]> {
	return guard('docker-volumes', input, (s) => {
		const out: ObservedVolume[] = [];
		for (const line of s.split('\n').slice(0, MAX_ITEMS)) {
			if (!line.trim()) continue;
			let o: unknown;
			try { o = JSON.parse(line); } catch { return fail('docker-volumes: a line is not JSON'); }
			if (!isObj(o) || typeof o.Name !== 'string') continue;
			out.push({ name: bounded(o.Name, 128), driver: bounded(o.Driver ?? 'local', 30) });
		}
		return ok(out.sort((a, b) => a.name.localeCompare(b.name)));
	});
}

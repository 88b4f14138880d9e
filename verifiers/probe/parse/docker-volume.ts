/** Parser for `docker volume ls --format <VOLUME_TEMPLATE>`. */
import type { ObservedVolume } from '../../observation.ts';
import { bounded, guard, ok, type ParseResult } from './result.ts';
import { readLabelled, str } from './labelled.ts';

/** `docker volume ls` → volumes sorted by name. */
export function parseDockerVolumes(input: string): ParseResult<ObservedVolume[]> {
	return guard('docker-volumes', input, (s) => {
		const recs = readLabelled(s, 'VN', 'docker-volumes');
		if (!recs.ok) return recs;
		const out = recs.value.filter((r) => str(r, 'VN')).map((r) => ({ name: bounded(str(r, 'VN'), 128), driver: bounded(str(r, 'VD') || 'local', 30) }));
		return ok(out.sort((a, b) => a.name.localeCompare(b.name)));
	});
}

/** Parser for `systemctl list-units --type=service --state=running --no-legend --plain` (discover only). */
import { bounded, guard, MAX_ITEMS, ok, type ParseResult } from './result.ts';

/** Running service units, sorted. */
export function parseUnitsList(input: string): ParseResult<string[]> {
	return guard('units-list', input, (s) => {
		const out = new Set<string>();
		for (const line of s.split('\n').slice(0, MAX_ITEMS)) {
			const name = line.trim().split(/\s+/)[0] ?? '';
			if (/^[A-Za-z0-9@_.:-]+\.service$/.test(name)) out.add(bounded(name, 128));
		}
		return ok([...out].sort());
	});
}

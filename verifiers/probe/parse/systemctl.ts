/** Parser for `systemctl show -p Id,LoadState,ActiveState,SubState,UnitFileState,User -- <units…>`. */
import type { ObservedUnit } from '../../observation.ts';
import { bounded, fail, guard, ok, type ParseResult } from './result.ts';

/**
 * `systemctl show` blocks (separated by blank lines) → units by the name asked for.
 * @param input
 *   Output.
 * @param asked
 *   Unit names in the order they were passed (systemctl prints one block per name, in order).
 */
export function parseSystemctlShow(input: string, asked: readonly string[]): ParseResult<Record<string, ObservedUnit>> {
	return guard('systemctl', input, (s) => {
		const blocks = s.split(/\n\s*\n/).map((b) => b.trim()).filter(Boolean);
		const out: Record<string, ObservedUnit> = {};
		blocks.forEach((b, i) => {
			const kv = new Map<string, string>();
			for (const line of b.split('\n')) {
				const m = /^([A-Za-z]+)=(.*)$/.exec(line);
				if (m) kv.set(m[1]!, m[2]!);
			}
			const name = asked[i] ?? kv.get('Id');
			if (!name) return;
			out[name] = {
				name: bounded(name, 128),
				loadState: bounded(kv.get('LoadState') ?? '', 30),
				activeState: bounded(kv.get('ActiveState') ?? '', 30),
				subState: bounded(kv.get('SubState') ?? '', 30),
				unitFileState: bounded(kv.get('UnitFileState') ?? '', 30),
				user: bounded(kv.get('User') ?? '', 64),
			};
		});
		if (asked.length && !Object.keys(out).length) return fail('systemctl: no unit blocks');
		return ok(out);
	});
}

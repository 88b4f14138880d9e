/** Parser for `/proc/meminfo`. */
import { fail, guard, ok, type ParseResult } from './result.ts';

/** `/proc/meminfo` → `MemTotal` in KiB. */
export function parseMeminfo(input: string): ParseResult<number> {
	return guard('meminfo', input, (s) => {
		const m = /^MemTotal:\s+(\d{1,15})\s*kB\s*$/m.exec(s);
		return m ? ok(Number(m[1])) : fail('meminfo: no MemTotal line');
	});
}

/** Parser for `df -Pk` (POSIX format, 1024-byte blocks). */
import type { ObservedDisk } from '../../observation.ts';
import { bounded, fail, guard, MAX_ITEMS, ok, type ParseResult } from './result.ts';

/** `df -Pk` → filesystems. Mount points with spaces are kept whole. */
export function parseDf(input: string): ParseResult<ObservedDisk[]> {
	return guard('df', input, (s) => {
		const lines = s.split('\n').filter((l) => l.trim() !== '');
		if (!lines.length || !/^Filesystem\s/.test(lines[0]!)) return fail('df: missing header');
		const out: ObservedDisk[] = [];
		for (const line of lines.slice(1, MAX_ITEMS)) {
			const m = /^(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+%|-)\s+(\/.*)$/.exec(line);
			if (!m) continue;
			out.push({ filesystem: bounded(m[1], 120), sizeKiB: Number(m[2]), mount: bounded(m[6], 300) });
		}
		return ok(out);
	});
}

/**
 * Parser for the probe's stat loop: one line per path,
 * `ok|<%F>|<owner>|<group>|<octal mode>|<path>` or `err|<message>|<path>`.
 */
import type { ObservedPath } from '../../observation.ts';
import { bounded, guard, ok, type ParseResult } from './result.ts';

const TYPES: Record<string, 'file' | 'directory' | 'symlink'> = {
	'regular file': 'file', 'regular empty file': 'file', directory: 'directory', 'symbolic link': 'symlink',
};

/** stat loop output → observed paths by path. */
export function parseStat(input: string): ParseResult<Record<string, ObservedPath>> {
	return guard('stat', input, (s) => {
		const out: Record<string, ObservedPath> = {};
		for (const line of s.split('\n')) {
			let m = /^ok\|([^|]*)\|([^|]*)\|([^|]*)\|([0-7]{1,4})\|(\/.*)$/.exec(line);
			if (m) {
				const path = bounded(m[5], 4096);
				out[path] = { path, exists: true, type: TYPES[m[1]!] ?? 'other', owner: bounded(m[2], 64), group: bounded(m[3], 64), mode: m[4]!.padStart(4, '0') };
				continue;
			}
			m = /^err\|([^|]*)\|(\/.*)$/.exec(line);
			if (m) {
				const path = bounded(m[2], 4096);
				out[path] = /No such file or directory|Not a directory/.test(m[1]!)
					? { path, exists: false }
					: { path, exists: 'unknown', message: bounded(m[1], 200) };
			}
		}
		return ok(out);
	});
}

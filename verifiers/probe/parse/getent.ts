/** Parsers for `getent passwd` and `getent group`. Password fields are never kept. */
import type { ObservedGroup, ObservedUser } from '../../observation.ts';
import { bounded, guard, MAX_ITEMS, ok, type ParseResult } from './result.ts';

/** `getent passwd` → users by name. */
export function parsePasswd(input: string): ParseResult<Record<string, ObservedUser>> {
	return guard('passwd', input, (s) => {
		const out: Record<string, ObservedUser> = {};
		for (const line of s.split('\n').slice(0, MAX_ITEMS * 4)) {
			const f = line.split(':');
			if (f.length < 7 || !/^[A-Za-z0-9_][A-Za-z0-9_.@+-]*\$?$/.test(f[0]!)) continue;
			out[f[0]!] = { name: bounded(f[0], 64), uid: Number(f[2]), gid: Number(f[3]), home: bounded(f[5], 200), shell: bounded(f[6], 200) };
		}
		return ok(out);
	});
}

/** `getent group` → groups by name. */
export function parseGroup(input: string): ParseResult<Record<string, ObservedGroup>> {
	return guard('group', input, (s) => {
		const out: Record<string, ObservedGroup> = {};
		for (const line of s.split('\n').slice(0, MAX_ITEMS * 4)) {
			const f = line.split(':');
			if (f.length < 4 || !/^[A-Za-z0-9_][A-Za-z0-9_.@+-]*\$?$/.test(f[0]!)) continue;
			out[f[0]!] = { name: bounded(f[0], 64), gid: Number(f[2]), members: (f[3] ?? '').split(',').map((m) => m.trim()).filter(Boolean).map((m) => bounded(m, 64)).sort() };
		}
		return ok(out);
	});
}

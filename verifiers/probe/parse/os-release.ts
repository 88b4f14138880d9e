/** Parser for `/etc/os-release` (KEY=value, optionally quoted). */
import { bounded, fail, guard, ok, type ParseResult } from './result.ts';

/** Parsed os-release. */
export interface OsRelease { id: string; versionId: string; pretty?: string }

function unquote(v: string): string {
	const t = v.trim();
	if ((t.startsWith('"') && t.endsWith('"')) || (t.startsWith("'") && t.endsWith("'"))) {
		return t.slice(1, -1).replace(/\\(["\\$`])/g, '$1');
	}
	return t;
}

/** `/etc/os-release` → `{ id, versionId, pretty }`. */
export function parseOsRelease(input: string): ParseResult<OsRelease> {
	return guard('os-release', input, (s) => {
		const kv = new Map<string, string>();
		for (const line of s.split('\n').slice(0, 200)) {
			const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
			if (m) kv.set(m[1]!, unquote(m[2]!));
		}
		const id = kv.get('ID');
		if (!id) return fail('os-release: no ID=');
		return ok({ id: bounded(id, 60), versionId: bounded(kv.get('VERSION_ID') ?? '', 60), ...(kv.has('PRETTY_NAME') ? { pretty: bounded(kv.get('PRETTY_NAME'), 120) } : {}) });
	});
}

/** Parser for `sshd -T` (effective settings, lower-case `key value` lines). Only known keys are kept. */
import { bounded, fail, guard, ok, type ParseResult } from './result.ts';

/** Keys the verifier compares or discovers. Everything else (host key paths, ciphers…) is dropped. */
export const SSHD_KEYS = ['port', 'listenaddress', 'passwordauthentication', 'permitrootlogin', 'pubkeyauthentication', 'allowusers', 'allowgroups', 'kbdinteractiveauthentication'] as const;

/** `sshd -T` → key → value (repeated keys joined by a space). */
export function parseSshd(input: string): ParseResult<Record<string, string>> {
	return guard('sshd', input, (s) => {
		const out: Record<string, string> = {};
		const keys = new Set<string>(SSHD_KEYS);
		for (const line of s.split('\n')) {
			const m = /^([a-z0-9]+) (.*)$/.exec(line.trim());
			if (!m || !keys.has(m[1]!)) continue;
			const v = bounded(m[2], 200);
			out[m[1]!] = out[m[1]!] ? `${out[m[1]!]} ${v}` : v;
		}
		if (!('port' in out) && !('permitrootlogin' in out)) return fail('sshd: no effective settings (expected "port …" lines)');
		return ok(out);
	});
}

/** Parser for `ip -j addr show`. */
import type { ObservedAddress } from '../../observation.ts';
import { arr, bounded, fail, guard, isArr, isObj, MAX_ITEMS, ok, parseJson, type ParseResult } from './result.ts';

/** `ip -j addr` → one entry per configured address. */
export function parseIpAddr(input: string): ParseResult<ObservedAddress[]> {
	return guard('ip-addr', input, (s) => {
		const j = parseJson(s.trim() || '[]');
		if (!j.ok) return fail(`ip-addr: ${j.error}`);
		if (!isArr(j.value)) return fail('ip-addr: expected a JSON array');
		const out: ObservedAddress[] = [];
		for (const link of j.value) {
			if (!isObj(link) || typeof link.ifname !== 'string') continue;
			for (const a of arr(link.addr_info)) {
				if (!isObj(a) || (a.family !== 'inet' && a.family !== 'inet6')) continue;
				if (typeof a.local !== 'string' || typeof a.prefixlen !== 'number') continue;
				out.push({ ifname: bounded(link.ifname, 30), cidr: `${bounded(a.local, 60)}/${a.prefixlen}`, family: a.family });
				if (out.length >= MAX_ITEMS) return ok(out);
			}
		}
		return ok(out);
	});
}

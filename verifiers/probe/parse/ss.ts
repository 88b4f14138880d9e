/**
 * Parser for `ss -Htlnu[p]` text (iproute2 6.1 has no JSON output). With both `-t`
 * and `-u` the first column is the netid:
 * `tcp LISTEN 0 511 0.0.0.0:80 0.0.0.0:* users:(("nginx",pid=1,fd=6))`.
 */
import type { ObservedSocket } from '../../observation.ts';
import { normaliseBind } from '../../../lib/net.ts';
import { bounded, fail, guard, MAX_ITEMS, ok, type ParseResult } from './result.ts';

/** Splits `addr:port` where addr may be `[v6]`, `v6` without brackets, `*` or carry `%iface`. */
export function splitHostPort(s: string): { host: string; port: number } | undefined {
	const i = s.lastIndexOf(':');
	if (i <= 0) return undefined;
	const port = Number(s.slice(i + 1));
	if (!Number.isInteger(port) || port < 0 || port > 65535) return undefined;
	return { host: s.slice(0, i).replace(/^\[|\]$/g, '').replace(/%[^\]]*$/, '').replace(/\]%.*$/, ''), port };
}

/** `ss -Htlnu[p]` → listening sockets. Lines that do not look like sockets are skipped. */
export function parseSs(input: string): ParseResult<ObservedSocket[]> {
	return guard('ss', input, (s) => {
		const out: ObservedSocket[] = [];
		const seen = new Set<string>();
		let bad = 0;
		for (const line of s.split('\n')) {
			if (!line.trim()) continue;
			const cols = line.trim().split(/\s+/);
			let i = 0;
			let protocol: 'tcp' | 'udp' | undefined;
			if (cols[0] === 'tcp' || cols[0] === 'udp') { protocol = cols[0]; i = 1; }
			const state = cols[i];
			if (!protocol) protocol = state === 'UNCONN' ? 'udp' : 'tcp';
			if (state !== 'LISTEN' && state !== 'UNCONN') { bad++; continue; }
			const local = cols[i + 3];
			const hp = local ? splitHostPort(local.replace(/%[A-Za-z0-9_.@-]+(?=:\d+$)/, '')) : undefined;
			if (!hp || hp.port === 0) { bad++; continue; }
			const rest = cols.slice(i + 5).join(' ');
			const processes = [...new Set([...rest.matchAll(/\("([^"]{1,64})",pid=/g)].map((m) => bounded(m[1], 64)))].sort();
			const key = `${protocol}|${hp.host}|${hp.port}`;
			if (seen.has(key)) continue;
			seen.add(key);
			const host = bounded(hp.host, 60);
			out.push({ protocol, bind: normaliseBind(host), rawBind: host, port: hp.port, processes });
			if (out.length >= MAX_ITEMS) break;
		}
		if (!out.length && bad) return fail('ss: no socket lines recognised');
		return ok(out);
	});
}

/** Parsers for one-line sections: `uname -n`, `uname -r`, `nproc`, `ip_local_port_range`. */
import { bounded, fail, guard, ok, type ParseResult } from './result.ts';

const firstLine = (s: string) => s.split('\n').map((l) => l.trim()).find((l) => l !== '') ?? '';

/** `uname -n` → hostname. */
export function parseHostname(input: string): ParseResult<string> {
	return guard('hostname', input, (s) => {
		const h = firstLine(s);
		return /^[A-Za-z0-9][A-Za-z0-9.-]{0,252}$/.test(h) ? ok(h) : fail(`hostname: unexpected output ${JSON.stringify(bounded(h, 60))}`);
	});
}

/** `uname -r` → kernel release. */
export function parseKernel(input: string): ParseResult<string> {
	return guard('kernel', input, (s) => {
		const k = firstLine(s);
		return /^[0-9A-Za-z._+~-]{1,120}$/.test(k) ? ok(k) : fail(`kernel: unexpected output ${JSON.stringify(bounded(k, 60))}`);
	});
}

/** `nproc` → CPU count. */
export function parseNproc(input: string): ParseResult<number> {
	return guard('nproc', input, (s) => {
		const n = firstLine(s);
		return /^\d{1,5}$/.test(n) && Number(n) > 0 ? ok(Number(n)) : fail(`nproc: unexpected output ${JSON.stringify(bounded(n, 60))}`);
	});
}

/** `/proc/sys/net/ipv4/ip_local_port_range` → [low, high]. */
export function parsePortRange(input: string): ParseResult<[number, number]> {
	return guard('port-range', input, (s) => {
		const m = /^(\d{1,5})\s+(\d{1,5})$/.exec(firstLine(s));
		if (!m) return fail('port-range: expected two numbers');
		const a = Number(m[1]), b = Number(m[2]);
		return a <= b && b <= 65535 ? ok([a, b]) : fail('port-range: invalid range');
	});
}

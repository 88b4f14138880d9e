/**
 * Address helpers shared by parsers, comparators and the build-machine checks:
 * bind-address normalisation (`0.0.0.0`, `::`, `*`, `::ffff:a.b.c.d`) and CIDR matching.
 */
import { isIP } from 'node:net';

/**
 * Normalises a bind address: the wildcard forms `0.0.0.0`, `::`, `*` and `[::]` become `*`,
 * IPv4-mapped IPv6 (`::ffff:127.0.0.1`) becomes the IPv4 address, brackets and `%iface` are dropped,
 * IPv6 is lower-cased and compressed.
 * @param raw
 *   Address as a tool printed or a document wrote it.
 */
export function normaliseBind(raw: string): string {
	let a = raw.trim().replace(/^\[|\]$/g, '').replace(/%.*$/, '').toLowerCase();
	if (a === '*' || a === '0.0.0.0' || a === '::' || a === '') return '*';
	const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
	if (mapped) a = mapped[1]!;
	if (isIP(a) === 6) a = compressV6(a);
	return a;
}

/** `true` when the (normalised) bind address is a loopback address. */
export function isLoopback(bind: string): boolean {
	const a = normaliseBind(bind);
	return a === '::1' || /^127\./.test(a);
}

function expandV6(a: string): number[] | undefined {
	let s = a.toLowerCase();
	const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
	if (v4) {
		const p = v4[1]!.split('.').map(Number);
		s = s.slice(0, -v4[1]!.length) + ((p[0]! << 8) | p[1]!).toString(16) + ':' + ((p[2]! << 8) | p[3]!).toString(16);
	}
	const [head, tail] = s.split('::');
	const h = head ? head.split(':') : [];
	const t = tail !== undefined ? (tail ? tail.split(':') : []) : [];
	const fill = s.includes('::') ? 8 - h.length - t.length : 0;
	const parts = [...h, ...Array(fill).fill('0'), ...t].map((x) => parseInt(x, 16));
	return parts.length === 8 && parts.every((n) => Number.isInteger(n) && n >= 0 && n <= 0xffff) ? parts : undefined;
}

function compressV6(a: string): string {
	const p = expandV6(a);
	if (!p) return a;
	let best = -1, bestLen = 0;
	for (let i = 0; i < 8; ) {
		if (p[i] !== 0) { i++; continue; }
		let j = i;
		while (j < 8 && p[j] === 0) j++;
		if (j - i > bestLen && j - i > 1) { best = i; bestLen = j - i; }
		i = j;
	}
	const hex = p.map((n) => n.toString(16));
	if (best < 0) return hex.join(':');
	return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

function toBits(addr: string): { v: 4 | 6; bits: bigint } | undefined {
	if (isIP(addr) === 4) {
		const p = addr.split('.').map(Number);
		return { v: 4, bits: BigInt(((p[0]! << 24) >>> 0) + (p[1]! << 16) + (p[2]! << 8) + p[3]!) };
	}
	if (isIP(addr) === 6) {
		const p = expandV6(addr);
		if (!p) return undefined;
		return { v: 6, bits: p.reduce((acc, n) => (acc << 16n) + BigInt(n), 0n) };
	}
	return undefined;
}

/**
 * `true` when `addr` lies inside `cidr` (`10.231.0.0/16`, `::1/128`, or a bare address).
 * @param addr
 *   An IP address.
 * @param cidr
 *   A network.
 */
export function inCidr(addr: string, cidr: string): boolean {
	const [net = '', lenText] = cidr.split('/');
	const a = toBits(normaliseBind(addr) === '*' ? addr : normaliseBind(addr));
	const n = toBits(net);
	if (!a || !n || a.v !== n.v) return false;
	const width = a.v === 4 ? 32 : 128;
	const len = lenText === undefined ? width : Number(lenText);
	if (!Number.isInteger(len) || len < 0 || len > width) return false;
	const shift = BigInt(width - len);
	return a.bits >> shift === n.bits >> shift;
}

/**
 * Parses an egress allowlist such as `127.0.0.0/8,10.231.0.0/16`.
 * @param text
 *   Comma-separated networks; `undefined`/empty means "no allowlist".
 */
export function parseAllowedNetworks(text: string | undefined): string[] | undefined {
	if (!text || !text.trim()) return undefined;
	return text.split(',').map((s) => s.trim()).filter(Boolean);
}

/** `true` when `addr` may be contacted under the allowlist (no allowlist: everything). */
export function egressAllowed(addr: string, allowed: readonly string[] | undefined): boolean {
	if (!allowed) return true;
	return allowed.some((c) => inCidr(addr, c));
}

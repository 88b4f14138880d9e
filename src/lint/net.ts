/**
 * Small pure helpers for addresses: parsing, CIDR containment, documentation
 * ranges and other well-known generic addresses.
 */
import { isIPv4, isIPv6 } from 'node:net';

/** An IPv6 address as a 128-bit bigint. */
function v6ToBig(ip: string): bigint {
	let [head = '', tail = ''] = ip.includes('::') ? ip.split('::') : [ip, ''];
	let h = head ? head.split(':') : [];
	let t = tail ? tail.split(':') : [];
	// embedded IPv4 (::ffff:1.2.3.4)
	const last = (t.length ? t : h).at(-1);
	if (last && last.includes('.')) {
		const o = last.split('.').map(Number);
		const words = [((o[0]! << 8) | o[1]!).toString(16), ((o[2]! << 8) | o[3]!).toString(16)];
		if (t.length) t = [...t.slice(0, -1), ...words];
		else h = [...h.slice(0, -1), ...words];
	}
	const fill = ip.includes('::') ? new Array(8 - h.length - t.length).fill('0') : [];
	return [...h, ...fill, ...t].reduce((acc, w) => (acc << 16n) | BigInt(parseInt(w || '0', 16)), 0n);
}

/** An address as a bigint with its bit width. */
export function ipToBig(ip: string): { value: bigint; bits: number } | undefined {
	if (isIPv4(ip)) return { value: ip.split('.').reduce((a, o) => (a << 8n) | BigInt(Number(o)), 0n), bits: 32 };
	if (isIPv6(ip)) return { value: v6ToBig(ip), bits: 128 };
	return undefined;
}

/**
 * Whether `ip` lies in `cidr`.
 * @param ip
 *   Address without prefix.
 * @param cidr
 *   Network such as `10.0.0.0/8` (an address without prefix is a host route).
 */
export function inCidr(ip: string, cidr: string): boolean {
	const [net = '', p] = cidr.split('/');
	const a = ipToBig(ip);
	const n = ipToBig(net);
	if (!a || !n || a.bits !== n.bits) return false;
	const prefix = p === undefined ? a.bits : Number(p);
	const shift = BigInt(a.bits - prefix);
	return a.value >> shift === n.value >> shift;
}

/** Address part of `1.2.3.4/24` → `1.2.3.4`. */
export const stripPrefix = (cidr: string) => cidr.split('/')[0] ?? cidr;

/** Canonical text of an address (lower-case, compressed IPv6 as written by Node). */
export function canonicalIp(ip: string): string {
	if (isIPv4(ip)) return ip;
	const b = ipToBig(ip);
	if (!b) return ip.toLowerCase();
	const words: string[] = [];
	for (let i = 7; i >= 0; i--) words.push(((b.value >> BigInt(i * 16)) & 0xffffn).toString(16));
	// compress the longest run of zeros
	let best = -1, bestLen = 0;
	for (let i = 0; i < 8; ) {
		if (words[i] !== '0') { i++; continue; }
		let j = i;
		while (j < 8 && words[j] === '0') j++;
		if (j - i > bestLen && j - i > 1) { best = i; bestLen = j - i; }
		i = j;
	}
	if (best < 0) return words.join(':');
	return `${words.slice(0, best).join(':')}::${words.slice(best + bestLen).join(':')}`;
}

/** Wildcard ("all addresses") bind addresses. */
export function isWildcard(ip: string): boolean {
	return ip === '*' || ip === '0.0.0.0' || ip === '::' || ip === '[::]';
}

/** Loopback addresses (127.0.0.0/8, ::1) and `localhost`. */
export function isLoopback(ip: string): boolean {
	return ip === 'localhost' || ip === '::1' || (isIPv4(ip) && ip.startsWith('127.'));
}

/**
 * Ranges whose addresses are examples or generic, never facts about a server:
 * documentation ranges (RFC 5737, RFC 3849), loopback, unspecified, link-local,
 * multicast, netmasks, "everything" routes and the well-known public resolvers.
 */
const GENERIC_CIDRS = [
	'0.0.0.0/32', '127.0.0.0/8', '192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24', '169.254.0.0/16',
	'224.0.0.0/4', '255.0.0.0/8', '::/128', '::1/128', '2001:db8::/32', 'fe80::/10', 'ff00::/8',
];
const GENERIC_IPS = new Set(['1.1.1.1', '1.0.0.1', '8.8.8.8', '8.8.4.4', '9.9.9.9', '208.67.222.222']);
const GENERIC_NETS = new Set(['0.0.0.0/0', '::/0', '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '127.0.0.0/8', '100.64.0.0/10', 'fc00::/7', 'fe80::/10']);

/**
 * Whether an address (optionally with prefix) is an example or a generic value.
 * @param ip
 *   Address without prefix.
 * @param prefix
 *   Prefix length when written.
 */
export function isGenericAddress(ip: string, prefix?: number): boolean {
	if (prefix !== undefined && GENERIC_NETS.has(`${canonicalIp(ip)}/${prefix}`)) return true;
	if (GENERIC_IPS.has(ip)) return true;
	// netmask-looking values (255.255.255.0) and x.x.x.0/x network addresses of generic ranges
	if (/^255\./.test(ip)) return true;
	return GENERIC_CIDRS.some((c) => inCidr(ip, c));
}

/** Private (RFC 1918 / ULA) address. */
export function isPrivate(ip: string): boolean {
	return ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'].some((c) => inCidr(ip, c));
}

/**
 * The one home for IP addresses and networks, shared by the site's fact lint, the topology
 * diagrams, the verifier's parsers and comparators and the egress allowlist. The maths is
 * `ipaddr.js`; only strict dotted-quad IPv4 and standard IPv6 text counts as an address
 * (`node:net` `isIP`), so `127.1` or `0x7f.0.0.1` are never taken for one.
 */
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/** A parsed address: IPv4-mapped IPv6 (`::ffff:10.0.0.1`) is returned as the IPv4 address. */
export type Address = ipaddr.IPv4 | ipaddr.IPv6;

/**
 * Removes `[` `]` around an IPv6 literal and a `%zone` suffix.
 * @param text
 *   Address text as a tool printed or a document wrote it.
 */
export function bareAddress(text: string): string {
	return text.trim().replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
}

/**
 * Parses text that `isIP` accepted. An IPv6 address with a dotted-quad tail is rewritten to
 * hex groups first: ipaddr.js 2.5.0 reads any such tail as IPv4-mapped (`::10.0.0.1` would
 * become `::ffff:10.0.0.1` and then the IPv4 address), which would let an IPv4-compatible
 * IPv6 address pass for an IPv4 one.
 * @param bare
 *   A valid address without brackets, zone or prefix.
 * @param family
 *   What `isIP` returned.
 */
function parseValid(bare: string, family: 4 | 6): Address {
	if (family === 4) return ipaddr.IPv4.parse(bare);
	const quad = /^(.*:)(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(bare);
	if (!quad) return ipaddr.IPv6.parse(bare);
	const [, head = '', a = '0', b = '0', c = '0', d = '0'] = quad;
	const group = (x: string, y: string) => ((Number(x) << 8) | Number(y)).toString(16);
	return ipaddr.IPv6.parse(`${head}${group(a, b)}:${group(c, d)}`);
}

/** `isIP` as a family, or `undefined` for text that is not an address. */
function familyOf(bare: string): 4 | 6 | undefined {
	const family = isIP(bare);
	return family === 4 || family === 6 ? family : undefined;
}

/**
 * Parses an IP address (brackets and zone dropped); IPv4-mapped IPv6 becomes IPv4.
 * @param text
 *   Address text without prefix length.
 * @returns
 *   The address, or `undefined` when the text is not a standard IPv4 or IPv6 address.
 */
export function parseAddress(text: string): Address | undefined {
	const bare = bareAddress(text);
	const family = familyOf(bare);
	if (!family) return undefined;
	const ip = parseValid(bare, family);
	return ip instanceof ipaddr.IPv6 && ip.isIPv4MappedAddress() ? ip.toIPv4Address() : ip;
}

/**
 * Parses a network: `10.231.0.0/16`, `::1/128`, or a bare address (a single host).
 * @param text
 *   Network text.
 * @returns
 *   Address and prefix length, or `undefined` when the text is not a network.
 */
export function parseNetwork(text: string): { address: Address; prefix: number } | undefined {
	const [addressText = '', prefixText, extra] = text.trim().split('/');
	if (extra !== undefined) return undefined;
	const bare = bareAddress(addressText);
	const family = familyOf(bare);
	if (!family) return undefined;
	const width = family === 4 ? 32 : 128;
	const prefix = prefixText === undefined ? width : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
	if (!(prefix >= 0 && prefix <= width)) return undefined;
	// judge the network in the family it was written in (::ffff:0:0/96 stays IPv6)
	return { address: parseValid(bare, family), prefix };
}

/**
 * `true` when `address` lies in `network`. IPv4-mapped addresses are judged as IPv4.
 * @param address
 *   An IP address (a prefix length after `/` is ignored).
 * @param network
 *   A network such as `10.0.0.0/8`; a bare address is a single host.
 * @returns
 *   `false` as well when either text is not an address or network.
 */
export function inCidr(address: string, network: string): boolean {
	const ip = parseAddress(stripPrefix(address));
	const net = parseNetwork(network);
	if (!ip || !net || ip.kind() !== net.address.kind()) return false;
	return ip.match(net.address, net.prefix);
}

/**
 * Address part of `1.2.3.4/24` → `1.2.3.4`.
 * @param cidr
 *   An address with or without prefix length.
 */
export function stripPrefix(cidr: string): string {
	return cidr.split('/')[0] ?? cidr;
}

/**
 * Canonical text of an address: IPv6 lower-case and compressed (RFC 5952), IPv4 as is,
 * brackets and zone dropped. Text that is not an address is returned lower-cased.
 * @param text
 *   An address.
 */
export function canonicalIp(text: string): string {
	const bare = bareAddress(text);
	const family = familyOf(bare);
	if (family === 4) return bare;
	if (family === 6) {
		const ip = parseValid(bare, family);
		return ip instanceof ipaddr.IPv6 ? ip.toRFC5952String() : ip.toString();
	}
	return text.toLowerCase();
}

/**
 * `true` for the wildcard ("all addresses") bind forms `*`, `0.0.0.0`, `::` and `[::]`.
 * @param text
 *   A bind address.
 */
export function isWildcard(text: string): boolean {
	const a = text.trim();
	return a === '*' || a === '0.0.0.0' || a === '::' || a === '[::]';
}

/**
 * Normalises a bind address: the wildcard forms become `*`, IPv4-mapped IPv6
 * (`::ffff:127.0.0.1`) becomes the IPv4 address, brackets and `%iface` are dropped,
 * IPv6 is lower-cased and compressed.
 * @param raw
 *   Address as a tool printed or a document wrote it.
 */
export function normaliseBind(raw: string): string {
	const bare = bareAddress(raw).toLowerCase();
	if (bare === '' || isWildcard(bare)) return '*';
	const ip = parseAddress(bare);
	if (!ip) return bare;
	return ip instanceof ipaddr.IPv6 ? ip.toRFC5952String() : ip.toString();
}

/**
 * `true` for a loopback address (`127.0.0.0/8`, `::1`, also written `[::1]`, `::ffff:127.0.0.1`
 * or with a zone) and for the name `localhost`.
 * @param text
 *   An address, a bind address or a host name.
 */
export function isLoopback(text: string): boolean {
	if (bareAddress(text).toLowerCase() === 'localhost') return true;
	return parseAddress(text)?.range() === 'loopback';
}

/** Private networks (RFC 1918, ULA). */
const PRIVATE_NETWORKS = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'];

/**
 * `true` for a private (RFC 1918 / ULA) address.
 * @param text
 *   An address.
 */
export function isPrivate(text: string): boolean {
	return PRIVATE_NETWORKS.some((c) => inCidr(text, c));
}

/**
 * Ranges whose addresses are examples or generic, never facts about a server:
 * documentation ranges (RFC 5737, RFC 3849), loopback, unspecified, link-local,
 * multicast and netmasks.
 */
const GENERIC_NETWORKS = [
	'0.0.0.0/32', '127.0.0.0/8', '192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24', '169.254.0.0/16',
	'224.0.0.0/4', '255.0.0.0/8', '::/128', '::1/128', '2001:db8::/32', 'fe80::/10', 'ff00::/8',
];
/** Well-known public resolvers. */
const GENERIC_ADDRESSES: ReadonlySet<string> = new Set(['1.1.1.1', '1.0.0.1', '8.8.8.8', '8.8.4.4', '9.9.9.9', '208.67.222.222']);
/** "Everything" routes and whole private ranges, as written with their prefix. */
const GENERIC_ROUTES: ReadonlySet<string> = new Set(['0.0.0.0/0', '::/0', '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '127.0.0.0/8', '100.64.0.0/10', 'fc00::/7', 'fe80::/10']);

/**
 * `true` when an address (optionally with prefix) is an example or a generic value.
 * @param ip
 *   Address without prefix.
 * @param prefix
 *   Prefix length when written.
 */
export function isGenericAddress(ip: string, prefix?: number): boolean {
	if (prefix !== undefined && GENERIC_ROUTES.has(`${canonicalIp(ip)}/${prefix}`)) return true;
	if (GENERIC_ADDRESSES.has(ip)) return true;
	// netmask-looking values (255.255.255.0)
	if (/^255\./.test(ip)) return true;
	return GENERIC_NETWORKS.some((c) => inCidr(ip, c));
}

/**
 * The IPv4 network of an interface address: `10.22.68.248/24` → `10.22.68.0/24`.
 * @param cidr
 *   An IPv4 address with prefix length.
 * @returns
 *   `undefined` for IPv6, host routes (/31, /32), /0 and plain addresses.
 */
export function ipv4Network(cidr: string): string | undefined {
	const net = parseNetwork(cidr);
	if (!net || !cidr.includes('/') || !(net.address instanceof ipaddr.IPv4) || net.prefix >= 31 || net.prefix <= 0) return undefined;
	return `${ipaddr.IPv4.networkAddressFromCIDR(`${net.address.toString()}/${net.prefix}`).toString()}/${net.prefix}`;
}

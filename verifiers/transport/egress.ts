/**
 * The egress allowlist: which networks the transport may contact at all.
 * `VERIFY_ALLOWED_NETWORKS=127.0.0.0/8,10.231.0.0/16` (IPv4 and IPv6 CIDRs, comma-separated).
 * Every address is checked BEFORE any packet is sent; hostnames are resolved first and
 * every resolved address must be allowed; the checked address is the one contacted.
 * Pure except `checkEgress`, which takes the DNS lookup as a parameter.
 */
import { isIP } from 'node:net';
import { inCidr, parseAddress, parseNetwork, type Address } from '../../lib/net.ts';

/** One parsed CIDR block. */
export interface Cidr {
	/** 4 or 6. */
	family: 4 | 6;
	/** Network address (host bits may be set; only the first `prefix` bits count). */
	network: Address;
	/** Prefix length. */
	prefix: number;
	/** The text it came from. */
	text: string;
}

/** The egress policy in force: `null` networks means unrestricted. */
export interface EgressPolicy {
	/** Allowed networks, or `null` for no restriction. */
	networks: Cidr[] | null;
	/** Where the policy came from, for messages. */
	source: string;
}

/** Default networks for the `lab` target when `VERIFY_ALLOWED_NETWORKS` is unset. */
export const LAB_DEFAULT_NETWORKS = '127.0.0.0/8,::1/128,10.231.0.0/16';

/**
 * Parses an IPv4 or IPv6 address (see lib/net.ts). IPv4-mapped IPv6 (`::ffff:10.0.0.1`)
 * is returned as IPv4, so it is judged as IPv4.
 *
 * @param address
 *   The address text.
 * @returns
 *   Family and address, or `undefined` when it is not an IP address.
 */
export function parseIp(address: string): { family: 4 | 6; address: Address } | undefined {
	const ip = parseAddress(address);
	return ip && { family: ip.kind() === 'ipv4' ? 4 : 6, address: ip };
}

/**
 * Parses one CIDR (`10.231.0.0/16`, `::1/128`; a bare address means a single host).
 * IPv4-mapped IPv6 networks are refused: write the IPv4 network.
 *
 * @param text
 *   The CIDR text.
 * @returns
 *   The block.
 * @throws
 *   Error naming the entry and the accepted form.
 */
export function parseCidr(text: string): Cidr {
	const trimmed = text.trim();
	const net = parseNetwork(trimmed);
	if (!net || trimmed.startsWith('[') || trimmed.includes('%') || parseIp(trimmed.split('/')[0] ?? '')?.family !== (net.address.kind() === 'ipv4' ? 4 : 6)) {
		throw new Error(
			`Invalid network "${trimmed}" in VERIFY_ALLOWED_NETWORKS: expected an IPv4 or IPv6 CIDR such as 10.231.0.0/16 or ::1/128, comma-separated.`
		);
	}
	return { family: net.address.kind() === 'ipv4' ? 4 : 6, network: net.address, prefix: net.prefix, text: trimmed };
}

/**
 * Parses a comma-separated CIDR list. Empty entries are ignored; an empty list allows nothing.
 *
 * @param text
 *   The list, e.g. `127.0.0.0/8,10.231.0.0/16`.
 * @returns
 *   The blocks.
 */
export function parseCidrList(text: string): Cidr[] {
	return text
		.split(',')
		.map((entry) => entry.trim())
		.filter((entry) => entry !== '')
		.map(parseCidr);
}

/**
 * Tells whether an IP address lies in one of the networks.
 *
 * @param address
 *   An IP address (a hostname is never allowed here: resolve it first).
 * @param networks
 *   The allowed networks.
 * @returns
 *   True when allowed.
 */
export function isAllowed(address: string, networks: readonly Cidr[]): boolean {
	const ip = parseIp(stripBrackets(address));
	if (!ip) return false;
	return networks.some((net) => net.family === ip.family && inCidr(ip.address.toString(), `${net.network.toString()}/${net.prefix}`));
}

/**
 * Decides the policy from the environment and the target:
 * `VERIFY_ALLOWED_NETWORKS` when set (even empty: then nothing is allowed); else the lab
 * networks for target `lab`; else unrestricted (a real user's own target).
 *
 * @param env
 *   Environment variables.
 * @param target
 *   Target name.
 * @returns
 *   The policy.
 * @throws
 *   Error when the variable holds an invalid entry.
 */
export function egressPolicy(env: Record<string, string | undefined>, target: string): EgressPolicy {
	const value = env['VERIFY_ALLOWED_NETWORKS'];
	if (value !== undefined) {
		return { networks: parseCidrList(value), source: `VERIFY_ALLOWED_NETWORKS=${value}` };
	}
	if (target === 'lab') {
		return { networks: parseCidrList(LAB_DEFAULT_NETWORKS), source: `the lab default (${LAB_DEFAULT_NETWORKS})` };
	}
	return { networks: null, source: 'no restriction (VERIFY_ALLOWED_NETWORKS unset)' };
}

/** Outcome of `checkEgress`. */
export type EgressDecision =
	| { allowed: true; address: string }
	| { allowed: false; reason: string };

/**
 * Checks one address against the policy, resolving a hostname first (every resolved
 * address must be allowed). Returns the address to contact, which is the checked one,
 * so a second DNS answer cannot change the destination.
 *
 * @param address
 *   IP address or hostname from the inventory.
 * @param policy
 *   The policy in force.
 * @param lookup
 *   Resolves a hostname to all its addresses (not called for IP literals).
 * @returns
 *   The decision.
 */
export async function checkEgress(
	address: string,
	policy: EgressPolicy,
	lookup: (hostname: string) => Promise<string[]>
): Promise<EgressDecision> {
	const literal = stripBrackets(address);
	if (isIP(literal)) {
		if (policy.networks === null || isAllowed(literal, policy.networks)) return { allowed: true, address: literal };
		return { allowed: false, reason: `${literal} is outside the allowed networks (${policy.source})` };
	}
	if (policy.networks === null) return { allowed: true, address };
	let resolved: string[];
	try {
		resolved = await lookup(address);
	} catch (error) {
		return {
			allowed: false,
			reason: `${address} could not be resolved to check it against the allowed networks (${policy.source}): ${error instanceof Error ? error.message : String(error)}`,
		};
	}
	if (resolved.length === 0) return { allowed: false, reason: `${address} resolved to no address` };
	const denied = resolved.filter((ip) => !isAllowed(ip, policy.networks ?? []));
	if (denied.length > 0) {
		return { allowed: false, reason: `${address} resolves to ${denied.join(', ')}, outside the allowed networks (${policy.source})` };
	}
	return { allowed: true, address: resolved[0] ?? address };
}

/**
 * Removes `[` `]` around an IPv6 literal.
 *
 * @param address
 *   Address text.
 * @returns
 *   The bare address.
 */
function stripBrackets(address: string): string {
	return address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
}

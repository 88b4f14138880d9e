/**
 * Egress for checks from the build machine: the same allowlist the SSH transport enforces
 * (`VERIFY_ALLOWED_NETWORKS`, lab default), checked before any packet is sent.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { checkEgress, type EgressPolicy } from '../transport/egress.ts';

export type { EgressPolicy };

/**
 * Checks an address; returns the address to contact, or the reason it is refused.
 * @param address
 *   IP (or name) from the inventory.
 * @param policy
 *   The policy in force.
 */
export async function allowEgress(address: string, policy: EgressPolicy): Promise<{ ok: true; address: string } | { ok: false; reason: string }> {
	const d = await checkEgress(address, policy, async (h) => (await dnsLookup(h, { all: true })).map((a) => a.address));
	return d.allowed ? { ok: true, address: d.address } : { ok: false, reason: d.reason };
}

/** A `lookup` for node:net/tls/http that always answers `address` (the inventory address, never the document's). */
export function fixedLookup(address: string) {
	const family = address.includes(':') ? 6 : 4;
	return (_host: string, options: unknown, cb?: (...args: unknown[]) => void) => {
		const callback = (typeof options === 'function' ? options : cb) as (...args: unknown[]) => void;
		const all = typeof options === 'object' && options !== null && (options as { all?: boolean }).all;
		if (all) callback(null, [{ address, family }]);
		else callback(null, address, family);
	};
}

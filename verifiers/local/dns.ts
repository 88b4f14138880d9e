/** DNS queries against the target's resolver (dns facts). */
import { Resolver } from 'node:dns/promises';
import type { DnsObservation } from '../observation.ts';
import { bounded } from '../probe/parse/result.ts';
import { allowEgress, type EgressPolicy } from './egress.ts';

/**
 * Resolves one record (never rejects).
 * @param name
 *   Record name.
 * @param type
 *   A, AAAA, CNAME, MX, TXT or NS.
 * @param resolver
 *   The target's resolver.
 * @param opts
 *   Timeout, egress policy.
 */
export async function observeDns(name: string, type: string, resolver: { address: string; port: number }, opts: { timeoutMs: number; egress: EgressPolicy }): Promise<DnsObservation> {
	const server = `${resolver.address.includes(':') ? `[${resolver.address}]` : resolver.address}:${resolver.port}`;
	const base = { name, type, resolver: server };
	const eg = await allowEgress(resolver.address, opts.egress);
	if (!eg.ok) return { ...base, error: { code: 'EGRESS', message: `egress denied: ${eg.reason}` } };
	const r = new Resolver({ timeout: opts.timeoutMs, tries: 1 });
	r.setServers([server]);
	try {
		let values: string[];
		switch (type) {
			case 'A': values = await r.resolve4(name); break;
			case 'AAAA': values = await r.resolve6(name); break;
			case 'CNAME': values = await r.resolveCname(name); break;
			case 'NS': values = await r.resolveNs(name); break;
			case 'MX': values = (await r.resolveMx(name)).map((m) => `${m.priority} ${m.exchange}`); break;
			case 'TXT': values = (await r.resolveTxt(name)).map((parts) => parts.join('')); break;
			default: return { ...base, error: { code: 'EBADTYPE', message: `unsupported record type ${type}` } };
		}
		return { ...base, values: values.map((v) => bounded(v, 500)).slice(0, 50) };
	} catch (e) {
		const err = e as NodeJS.ErrnoException;
		return { ...base, error: { code: err.code ?? 'ERROR', message: bounded(err.message, 200) } };
	}
}

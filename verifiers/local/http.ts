/** HTTP(S) requests from the build machine (http facts): no redirects followed, body discarded. */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { HttpObservation } from '../observation.ts';
import { bounded } from '../probe/parse/result.ts';
import { allowEgress, fixedLookup, type EgressPolicy } from './egress.ts';

/**
 * Requests `url` at `address` and records status and the asked-for headers (never rejects).
 * @param url
 *   The documented URL.
 * @param address
 *   Inventory address to connect to.
 * @param opts
 *   Header names to keep, CA, timeout, egress policy.
 */
export async function observeHttp(url: string, address: string | undefined, opts: { headers: string[]; ca?: string; timeoutMs: number; egress: EgressPolicy }): Promise<HttpObservation> {
	const base = { url, ...(address ? { address } : {}) };
	if (!address) return { ...base, error: { code: 'NOADDRESS', message: `no address for ${new URL(url).hostname}: add it to the target's resolve map or set the fact's host` } };
	const eg = await allowEgress(address, opts.egress);
	if (!eg.ok) return { ...base, error: { code: 'EGRESS', message: `egress denied: ${eg.reason}` } };
	const u = new URL(url);
	const req = u.protocol === 'https:' ? httpsRequest : httpRequest;
	const keep = new Set(['location', ...opts.headers.map((h) => h.toLowerCase())]);
	return new Promise((resolve) => {
		let done = false;
		const finish = (o: HttpObservation) => { if (!done) { done = true; resolve(o); } };
		// Connect to the checked inventory address, never to the URL's host: with an IP literal in
		// the URL (a documented public address) Node would otherwise skip `lookup` and dial it.
		const r = req({
			protocol: u.protocol, host: eg.address, port: u.port || (u.protocol === 'https:' ? 443 : 80), path: `${u.pathname}${u.search}`,
			method: 'GET', lookup: fixedLookup(eg.address) as never, timeout: opts.timeoutMs, agent: false,
			headers: { host: u.host, 'user-agent': 'verified-runbooks-verifier', accept: '*/*' },
			...(u.protocol === 'https:' ? { servername: u.hostname, rejectUnauthorized: false, ...(opts.ca ? { ca: opts.ca } : {}) } : {}),
		}, (res) => {
			const headers: Record<string, string> = {};
			for (const [k, v] of Object.entries(res.headers)) {
				if (keep.has(k) && k !== 'set-cookie') headers[k] = bounded(Array.isArray(v) ? v.join(', ') : String(v ?? ''), 500);
			}
			res.resume();
			finish({ ...base, status: res.statusCode ?? 0, headers });
			r.destroy();
		});
		r.on('timeout', () => { finish({ ...base, error: { code: 'ETIMEDOUT', message: `no answer within ${opts.timeoutMs} ms` } }); r.destroy(); });
		r.on('error', (e: NodeJS.ErrnoException) => finish({ ...base, error: { code: e.code ?? 'ERROR', message: bounded(e.message, 200) } }));
		r.end();
	});
}

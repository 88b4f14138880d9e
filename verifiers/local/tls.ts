/** TLS handshake with SNI from the build machine (certificates facts). */
import { connect } from 'node:tls';
import type { TlsObservation } from '../observation.ts';
import { bounded } from '../probe/parse/result.ts';
import { allowEgress, type EgressPolicy } from './egress.ts';

/** What to contact. */
export interface TlsTarget { domain: string; port: number; address: string | undefined }

/**
 * Performs one handshake and records what was served (never rejects).
 * @param t
 *   Domain (SNI), port and the inventory address to connect to.
 * @param opts
 *   CA bundle (PEM), timeout, egress policy.
 */
export async function observeTls(t: TlsTarget, opts: { ca?: string; timeoutMs: number; egress: EgressPolicy }): Promise<TlsObservation> {
	const at = new Date().toISOString();
	const base = { domain: t.domain, port: t.port, at, ...(t.address ? { address: t.address } : {}) };
	if (!t.address) return { ...base, error: { code: 'NOADDRESS', message: `no address for ${t.domain}: add it to the target's resolve map or set the fact's host` } };
	const eg = await allowEgress(t.address, opts.egress);
	if (!eg.ok) return { ...base, error: { code: 'EGRESS', message: `egress denied: ${eg.reason}` } };
	return new Promise((resolve) => {
		let done = false;
		const finish = (o: TlsObservation) => { if (!done) { done = true; sock.destroy(); resolve(o); } };
		const sock = connect({ host: eg.address, port: t.port, servername: t.domain, rejectUnauthorized: false, ...(opts.ca ? { ca: opts.ca } : {}), timeout: opts.timeoutMs });
		sock.setTimeout(opts.timeoutMs, () => finish({ ...base, error: { code: 'ETIMEDOUT', message: `no TLS handshake within ${opts.timeoutMs} ms` } }));
		sock.once('error', (e: NodeJS.ErrnoException) => finish({ ...base, error: { code: e.code ?? 'ERROR', message: bounded(e.message, 200) } }));
		sock.once('secureConnect', () => {
			const c = sock.getPeerCertificate();
			const san = typeof c?.subjectaltname === 'string' ? c.subjectaltname.split(/,\s*/).filter((s) => s.startsWith('DNS:')).map((s) => s.slice(4)) : [];
			const issuer = c?.issuer ? [c.issuer.O, c.issuer.CN].filter(Boolean).join(' / ') : undefined;
			finish({
				...base,
				authorized: sock.authorized,
				...(sock.authorizationError ? { authorizationError: String(sock.authorizationError) } : {}),
				altNames: san.map((s) => bounded(s, 253)).slice(0, 200),
				...(c?.subject?.CN ? { subject: bounded(c.subject.CN, 200) } : {}),
				...(issuer ? { issuer: bounded(issuer, 200) } : {}),
				...(c?.valid_from ? { validFrom: new Date(c.valid_from).toISOString() } : {}),
				...(c?.valid_to ? { validTo: new Date(c.valid_to).toISOString() } : {}),
				...(sock.getProtocol() ? { protocol: String(sock.getProtocol()) } : {}),
			});
		});
	});
}

/** `certificates`: the certificate served for a domain (SAN, issuer, chain, days left, protocol), seen from the build machine. */
import { FindingBuilder, type Kind } from './kind.ts';

/** `true` when `name` is covered by a SAN entry (`*.example.org` covers one label). */
export function sanCovers(sans: readonly string[], name: string): boolean {
	const n = name.toLowerCase();
	return sans.some((s) => {
		const a = s.toLowerCase();
		if (a === n) return true;
		if (a.startsWith('*.')) {
			const rest = n.slice(n.indexOf('.') + 1);
			return n.includes('.') && rest === a.slice(2);
		}
		return false;
	});
}

const OLD_PROTOCOLS = new Set(['TLSv1', 'TLSv1.1', 'SSLv3']);

/** Checks certificates. */
export const certificatesKind: Kind<'certificates'> = {
	kind: 'certificates',
	meta: {
		description: 'The certificate served for a domain covers it, chains to a trusted CA, comes from the documented issuer and is valid long enough.',
		messages: {
			notServed: 'No TLS certificate could be fetched for {{domain}}:{{port}} from {{address}} ({{observed}}).',
			san: 'The certificate served for {{domain}}:{{port}} does not cover {{missing}}; it names {{observed}}.',
			chain: 'The certificate served for {{domain}}:{{port}} is not trusted: {{observed}}.',
			issuer: 'The certificate for {{domain}}:{{port}} was issued by {{observed}}, documented {{expected}}.',
			expiry: 'The certificate for {{domain}}:{{port}} expires on {{validTo}} ({{observed}} days left), documented at least {{expected}} days; renew it.',
			protocol: '{{domain}}:{{port}} negotiated {{observed}}; TLS 1.2 or newer is expected.',
		},
	},
	needs: () => [],
	compare(f, _obs, ctx) {
		const v = f.value;
		const b = new FindingBuilder(f, this.meta);
		const d = { domain: v.domain, port: v.port };
		const t = ctx.local.tls.find((x) => x.domain === v.domain && x.port === v.port);
		if (!t) return b.unverified('probe', `no TLS observation for ${v.domain}:${v.port}`).out;
		if (t.error) {
			if (t.error.code === 'ECONNREFUSED' || t.error.code === 'ECONNRESET' || t.error.code === 'EPROTO') return b.drift('served', 'notServed', 'certificate served', `${t.error.code}: ${t.error.message}`, { ...d, address: t.address ?? '(none)' }).out;
			return b.unverified('probe', `TLS handshake with ${v.domain}:${v.port} not possible: ${t.error.message}`).out;
		}
		const names = [v.domain, ...v.altNames];
		const missing = names.filter((n) => !sanCovers(t.altNames ?? [], n));
		if (missing.length) b.drift('san', 'san', names, t.altNames ?? [], { ...d, missing: missing.join(', ') });
		if (!t.authorized) b.drift('chain', 'chain', 'valid chain', t.authorizationError ?? 'untrusted', d);
		if (v.issuer && !(t.issuer ?? '').toLowerCase().includes(String(v.issuer).toLowerCase())) b.drift('issuer', 'issuer', v.issuer, t.issuer, d);
		if (t.validTo) {
			const days = Math.floor((Date.parse(t.validTo) - ctx.observedAt.getTime()) / 86_400_000);
			if (days < v.minDaysLeft) b.drift('expiry', 'expiry', v.minDaysLeft, days, { ...d, validTo: new Date(Date.parse(t.validTo)).toISOString().slice(0, 10) });
		}
		if (t.protocol && OLD_PROTOCOLS.has(t.protocol)) b.drift('protocol', 'protocol', 'TLSv1.2+', t.protocol, d);
		return b.done(`certificate for ${v.domain}:${v.port} is valid until ${t.validTo ?? '?'} (${t.protocol ?? '?'})`);
	},
};

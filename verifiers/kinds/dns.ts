/** `dns`: records resolved through the target's resolver from the build machine. */
import { normaliseBind } from '../../lib/net.ts';
import { FindingBuilder, sameSet, type Kind } from './kind.ts';

/** Normalises one record value for comparison (addresses compressed, names lower-case without trailing dot). */
export function normaliseDnsValue(type: string, v: string): string {
	if (type === 'A' || type === 'AAAA') return normaliseBind(v);
	if (type === 'TXT') return v;
	return v.trim().toLowerCase().replace(/\.$/, '').replace(/\s+/g, ' ');
}

/** Checks DNS records. */
export const dnsKind: Kind<'dns'> = {
	kind: 'dns',
	meta: {
		description: 'A DNS record resolves to the documented values through the target’s resolver.',
		messages: {
			missing: '{{type}} {{name}} does not resolve ({{observed}}).',
			values: '{{type}} {{name}} resolves to {{observed}}, documented {{expected}}.',
		},
	},
	needs: () => [],
	compare(f, _obs, ctx) {
		const v = f.value;
		const b = new FindingBuilder(f, this.meta);
		const d = { name: v.name, type: v.type };
		if (!ctx.hasResolver) return b.unverified('probe', `no resolver configured for target ${ctx.target}`).out;
		const o = ctx.local.dns.find((x) => x.name === v.name && x.type === v.type);
		if (!o) return b.unverified('probe', `no DNS observation for ${v.type} ${v.name}`).out;
		if (o.error) {
			if (o.error.code === 'ENOTFOUND' || o.error.code === 'ENODATA') return b.drift('values', 'missing', v.values, o.error.code, d).out;
			return b.unverified('probe', `DNS query ${v.type} ${v.name} failed: ${o.error.message}`).out;
		}
		const want = v.values.map((x) => normaliseDnsValue(v.type, x)).sort();
		const got = (o.values ?? []).map((x) => normaliseDnsValue(v.type, x)).sort();
		if (!sameSet(want, got)) b.drift('values', 'values', want, got, d);
		return b.done(`${v.type} ${v.name} → ${got.join(', ')}`);
	},
};

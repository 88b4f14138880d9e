/** `http`: status, redirect target and headers of an endpoint, requested from the build machine. */
import { FindingBuilder, type Kind } from './kind.ts';

/** Checks HTTP endpoints. */
export const httpKind: Kind<'http'> = {
	kind: 'http',
	meta: {
		description: 'An HTTP(S) endpoint answers with the documented status, redirect target and headers.',
		messages: {
			failed: 'No HTTP answer from {{url}} via {{address}} ({{observed}}).',
			status: '{{url}} answered {{observed}}, documented {{expected}}.',
			redirect: '{{url}} redirects to {{observed}}, documented {{expected}}.',
			header: '{{url}}: header {{name}} is {{observed}}, documented {{expected}}.',
		},
	},
	needs: () => [],
	compare(f, _obs, ctx) {
		const v = f.value;
		const b = new FindingBuilder(f, this.meta);
		const d = { url: v.url };
		const h = ctx.local.http.find((x) => x.url === v.url);
		if (!h) return b.unverified('probe', `no HTTP observation for ${v.url}`).out;
		if (h.error) {
			if (h.error.code === 'ECONNREFUSED') return b.drift('status', 'failed', v.statusCode, `${h.error.code}: ${h.error.message}`, { ...d, address: h.address ?? '(none)' }).out;
			return b.unverified('probe', `HTTP request to ${v.url} not possible: ${h.error.message}`).out;
		}
		if (h.status !== v.statusCode) b.drift('status', 'status', v.statusCode, h.status, d);
		if (v.redirect !== undefined && (h.headers?.location ?? '') !== v.redirect) b.drift('redirect', 'redirect', v.redirect, h.headers?.location, d);
		for (const [name, want] of Object.entries(v.headers)) {
			const got = h.headers?.[name.toLowerCase()];
			if (want === true ? got === undefined : got !== want) b.drift('header', 'header', want === true ? '(present)' : want, got, { ...d, name });
		}
		return b.done(`${v.url} answered ${h.status}`);
	},
};

/** `addresses`: an address with prefix length configured on an interface (`ip -j addr`). */
import { normaliseBind } from '../../lib/net.ts';
import { FindingBuilder, type Kind } from './kind.ts';

/** Splits `addr/len` and normalises the address. */
export function splitCidr(cidr: string): { ip: string; len: number } {
	const [ip = '', len = ''] = cidr.split('/');
	return { ip: normaliseBind(ip), len: Number(len) };
}

/** Checks interface addresses. */
export const addressesKind: Kind<'addresses'> = {
	kind: 'addresses',
	meta: {
		description: 'Addresses configured on the host’s interfaces.',
		messages: {
			missing: 'Address {{expected}} is not configured on any interface of {{host}} (ip addr).',
			prefix: 'Address {{ip}} on {{host}} has prefix {{observed}}, documented {{expected}}.',
			interface: 'Address {{ip}} on {{host}} is on interface {{observed}}, documented {{expected}}.',
		},
	},
	needs: () => ['ip-addr'],
	compare(f, obs) {
		const b = new FindingBuilder(f, this.meta);
		if (!b.need(obs, 'ip-addr')) return b.out;
		const want = splitCidr(f.value.address);
		const found = (obs.addresses ?? []).filter((a) => splitCidr(a.cidr).ip === want.ip);
		if (!found.length) return b.drift('present', 'missing', f.value.address, '(absent)').out;
		const exact = found.find((a) => splitCidr(a.cidr).len === want.len);
		if (!exact) b.drift('prefix', 'prefix', `/${want.len}`, found.map((a) => `/${splitCidr(a.cidr).len}`), { ip: want.ip });
		const onIf = (exact ? [exact] : found).map((a) => a.ifname);
		if (f.value.interface && !onIf.includes(f.value.interface)) b.drift('interface', 'interface', f.value.interface, onIf, { ip: want.ip });
		return b.done(`${f.value.address} is configured on ${onIf.join(', ')}`);
	},
};

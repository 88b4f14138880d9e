/** `networks`: Docker networks (driver, subnet, gateway, bridge interface). */
import { FindingBuilder, type Kind } from './kind.ts';

/** Checks Docker networks. */
export const networksKind: Kind<'networks'> = {
	kind: 'networks',
	meta: {
		description: 'A Docker network exists with the documented driver, subnet, gateway and bridge interface.',
		messages: {
			missing: 'Docker network {{name}} does not exist on {{host}} (docker network ls).',
			driver: 'Docker network {{name}} on {{host}} uses driver {{observed}}, documented {{expected}}.',
			subnet: 'Docker network {{name}} on {{host}} has subnet {{observed}}, documented {{expected}}.',
			gateway: 'Docker network {{name}} on {{host}} has gateway {{observed}}, documented {{expected}}.',
			interface: 'Docker network {{name}} on {{host}} uses bridge {{observed}}, documented {{expected}}.',
		},
	},
	needs: () => ['docker-networks'],
	compare(f, obs) {
		const v = f.value;
		const b = new FindingBuilder(f, this.meta);
		if (!b.need(obs, 'docker-networks')) return b.out;
		const d = { name: v.name };
		const n = (obs.networks ?? []).find((x) => x.name === v.name);
		if (!n) return b.drift('present', 'missing', `${v.name} exists`, '(absent)', d).out;
		if (n.driver !== v.driver) b.drift('driver', 'driver', v.driver, n.driver, d);
		if (v.subnet && !n.subnets.some((s) => s.subnet === v.subnet)) b.drift('subnet', 'subnet', v.subnet, n.subnets.map((s) => s.subnet), d);
		if (v.gateway && !n.subnets.some((s) => s.gateway === v.gateway)) b.drift('gateway', 'gateway', v.gateway, n.subnets.map((s) => s.gateway ?? '(none)'), d);
		if (v.interface && n.interface !== v.interface) b.drift('interface', 'interface', v.interface, n.interface, d);
		return b.done(`network ${v.name} (${n.driver}) exists`);
	},
};

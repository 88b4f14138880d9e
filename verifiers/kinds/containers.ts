/** `containers`: image, state, health, published ports, networks, mounts, restart policy, env names; exposure of published ports. */
import { normaliseBind } from '../../lib/net.ts';
import type { ObservedPort } from '../observation.ts';
import { normaliseImage } from '../probe/parse/docker-image.ts';
import { exposureOf, reachOf, shouldProbe } from './exposure.ts';
import { FindingBuilder, sameSet, show, type Kind } from './kind.ts';

/** `hostIp:hostPort->containerPort/proto`, with wildcard host addresses written `0.0.0.0`. */
export function portText(p: { hostIp: string; hostPort: number; containerPort: number; protocol: string }): string {
	const ip = normaliseBind(p.hostIp) === '*' ? '0.0.0.0' : normaliseBind(p.hostIp);
	return `${ip.includes(':') ? `[${ip}]` : ip}:${p.hostPort}->${p.containerPort}/${p.protocol}`;
}

/** Checks containers. */
export const containersKind: Kind<'containers'> = {
	kind: 'containers',
	meta: {
		description: 'A container exists with the documented image, state, health, ports, networks, mounts, restart policy and env names.',
		messages: {
			missing: 'Container {{name}} does not exist on {{host}} (docker ps -a).',
			image: 'Container {{name}} on {{host}} runs image {{observed}}, documented {{expected}}.',
			state: 'Container {{name}} on {{host}} is {{observed}}, documented {{expected}}.',
			health: 'Container {{name}} on {{host}} is {{observed}}, documented {{expected}} (.State.Health.Status).',
			ports: 'Container {{name}} on {{host}} publishes {{observed}}, documented {{expected}}.',
			networks: 'Container {{name}} on {{host}} is attached to {{observed}}, documented {{expected}}.',
			mounts: 'Container {{name}} on {{host}} mounts {{observed}}, documented {{expected}}.',
			restart: 'Container {{name}} on {{host}} has restart policy {{observed}}, documented {{expected}}.',
			env: 'Container {{name}} on {{host}} lacks environment variable(s) {{observed}} (values are never read).',
			internalReachable: 'Port {{port}} of container {{name}} on {{host}} is documented as internal but the build machine reached it at {{address}}:{{port}}.',
			publicUnreachable: 'Port {{port}} of container {{name}} on {{host}} is documented as public but the build machine could not reach {{address}}:{{port}} ({{observed}}).',
		},
	},
	needs: () => ['docker-inspect'],
	compare(f, obs, ctx) {
		const v = f.value;
		const b = new FindingBuilder(f, this.meta);
		if (!b.need(obs, 'docker-inspect')) return b.out;
		const d = { name: v.name };
		const c = (obs.containers ?? []).find((x) => x.name === v.name);
		if (!c) return b.drift('present', 'missing', `${v.name} exists`, '(absent)', d).out;
		if (v.image && normaliseImage(v.image) !== c.image) b.drift('image', 'image', v.image, c.image, d);
		if (v.state !== c.state) b.drift('state', 'state', v.state, c.state, d);
		if (v.health && v.health !== c.health) b.drift('health', 'health', v.health, c.health, d);
		if (v.ports) {
			const want = (v.ports as ObservedPort[]).map(portText).sort();
			const got = c.ports.map(portText).sort();
			if (!sameSet(want, got)) b.drift('ports', 'ports', want.length ? want : '(not published)', got.length ? got : '(not published)', d);
		}
		if (v.networks && !sameSet(v.networks, c.networks)) b.drift('networks', 'networks', [...v.networks].sort(), c.networks, d);
		if (v.mounts) {
			const want = (v.mounts as { source: string; target: string }[]).map((m) => `${m.source}:${m.target}`).sort();
			const got = c.mounts.map((m) => `${m.source}:${m.target}`).sort();
			if (!sameSet(want, got)) b.drift('mounts', 'mounts', want, got, d);
		}
		if (v.restart && v.restart !== c.restart) b.drift('restart', 'restart', v.restart, c.restart, d);
		if (v.env) {
			const missing = v.env.filter((n) => !c.envNames.includes(n));
			if (missing.length) b.add('drift', 'env', 'env', { ...d, expected: show([...v.env].sort()), observed: show(missing) });
		}
		for (const p of (v.ports ?? []) as ObservedPort[]) {
			if (p.protocol !== 'tcp') continue;
			// a socket fact for the same port may say explicitly how far it is exposed (e.g. internal behind a firewall)
			const exposure = ctx.explicitExposure?.get(`${f.host}/${p.protocol}/${p.hostPort}`) ?? exposureOf(p.hostIp);
			const r = shouldProbe(p.hostIp, exposure) ? reachOf(ctx.local, f.host, p.hostPort) : undefined;
			if (!r) continue;
			const rd = { ...d, port: p.hostPort, address: r.address };
			if (r.result === 'denied' || r.result === 'error') b.unverified('exposure', `exposure of port ${p.hostPort} not checked from the build machine: ${r.message ?? r.result}`);
			else if (exposure === 'internal' && r.result === 'open') b.drift('exposure', 'internalReachable', 'not reachable from the build machine', `reachable at ${r.address}:${p.hostPort}`, rd);
			else if (exposure === 'public' && r.result !== 'open') b.drift('exposure', 'publicUnreachable', 'reachable from the build machine', r.result, rd);
		}
		return b.done(`container ${v.name} (${c.image}) is ${c.state}`);
	},
};

/**
 * Parser for `docker container inspect --format <CONTAINER_TEMPLATE> -- <ids…>` (Docker, or
 * Podman behind the docker CLI). The template already leaves out every secret (environment
 * VALUES, command, arguments, labels, health logs); `containerFromInspect` keeps only names
 * for the environment anyway, so it is also safe on full `docker inspect` JSON.
 */
import type { ObservedContainer, ObservedPort } from '../../observation.ts';
import { normaliseImage } from './docker-image.ts';
import { bounded, guard, isArr, isObj, ok, type ParseResult } from './result.ts';
import { readLabelled, str, strs, type LabelledRecord } from './labelled.ts';

function ports(c: Record<string, unknown>): ObservedPort[] {
	const fromSettings = isObj(c.NetworkSettings) && isObj(c.NetworkSettings.Ports) ? c.NetworkSettings.Ports : undefined;
	const fromConfig = isObj(c.HostConfig) && isObj(c.HostConfig.PortBindings) ? c.HostConfig.PortBindings : undefined;
	const hasSettings = fromSettings && Object.values(fromSettings).some((v) => isArr(v) && v.length);
	const src = (hasSettings ? fromSettings : fromConfig) ?? {};
	const out: ObservedPort[] = [];
	for (const [key, binds] of Object.entries(src)) {
		const m = /^(\d{1,5})(?:\/(tcp|udp|sctp))?$/.exec(key);
		if (!m || !isArr(binds)) continue;
		const protocol = m[2] ?? 'tcp';
		if (protocol !== 'tcp' && protocol !== 'udp') continue;
		for (const b of binds) {
			if (!isObj(b)) continue;
			const hostPort = Number(b.HostPort);
			if (!Number.isInteger(hostPort) || hostPort < 1 || hostPort > 65535) continue;
			const hostIp = typeof b.HostIp === 'string' && b.HostIp !== '' ? b.HostIp : '0.0.0.0';
			out.push({ hostIp: bounded(hostIp, 60), hostPort, containerPort: Number(m[1]), protocol });
		}
	}
	// real Docker lists each wildcard binding twice (0.0.0.0 and ::): keep the IPv4 form
	const dedup = out.filter((p) => !(p.hostIp === '::' && out.some((q) => q.hostIp === '0.0.0.0' && q.hostPort === p.hostPort && q.protocol === p.protocol)));
	return dedup.sort((a, b) => a.hostPort - b.hostPort || a.protocol.localeCompare(b.protocol) || a.hostIp.localeCompare(b.hostIp));
}

/** One inspect object → container observation. */
export function containerFromInspect(c: Record<string, unknown>): ObservedContainer | undefined {
	const name = typeof c.Name === 'string' ? c.Name.replace(/^\//, '') : undefined;
	if (!name) return undefined;
	const cfg: Record<string, unknown> = isObj(c.Config) ? c.Config : {};
	const state: Record<string, unknown> = isObj(c.State) ? c.State : {};
	const health = isObj(state.Health) ? state.Health : isObj(state.Healthcheck) ? state.Healthcheck : undefined;
	const hostCfg: Record<string, unknown> = isObj(c.HostConfig) ? c.HostConfig : {};
	const nets = isObj(c.NetworkSettings) && isObj(c.NetworkSettings.Networks) ? Object.keys(c.NetworkSettings.Networks) : [];
	const mounts = isArr(c.Mounts) ? c.Mounts.filter(isObj) : [];
	const env = isArr(cfg.Env) ? cfg.Env.filter((e: unknown): e is string => typeof e === 'string') : [];
	return {
		name: bounded(name, 128),
		image: normaliseImage(bounded(typeof cfg.Image === 'string' ? cfg.Image : (c.ImageName ?? c.Image ?? ''), 200)),
		state: bounded(typeof state.Status === 'string' ? state.Status : state.Running ? 'running' : 'unknown', 30),
		health: bounded(health && typeof health.Status === 'string' && health.Status !== '' ? health.Status : 'none', 30),
		ports: ports(c),
		networks: nets.map((n) => bounded(n, 128)).sort(),
		mounts: mounts
			.map((m) => ({
				type: bounded(m.Type ?? '', 20),
				source: bounded(m.Type === 'volume' && typeof m.Name === 'string' ? m.Name : (m.Source ?? ''), 300),
				target: bounded(m.Destination ?? '', 300),
			}))
			.sort((a, b) => a.target.localeCompare(b.target)),
		restart: bounded(isObj(hostCfg.RestartPolicy) && hostCfg.RestartPolicy.Name ? hostCfg.RestartPolicy.Name : 'no', 30),
		// values are secrets: keep the names only
		envNames: [...new Set(env.map((e: string) => e.split('=', 1)[0] ?? '').filter((n: string) => /^[A-Za-z_][A-Za-z0-9_]{0,127}$/.test(n)))].sort(),
	};
}

/** One labelled record → the shape of `docker inspect` JSON that `containerFromInspect` reads. */
function inspectShape(r: LabelledRecord): Record<string, unknown> {
	const mounts: Record<string, string>[] = [];
	const at = (label: string, i: number) => { const v = r.get(label)?.[i]; return typeof v === 'string' ? v : ''; };
	strs(r, 'MT').forEach((t, i) => mounts.push({ Type: t, Name: at('MN', i), Source: at('MS', i), Destination: at('MD', i) }));
	return {
		Name: str(r, 'CN'),
		Config: { Image: str(r, 'IM'), Env: strs(r, 'EN') },
		State: { Status: str(r, 'ST'), ...(str(r, 'HE') ? { Health: { Status: str(r, 'HE') } } : {}) },
		HostConfig: { RestartPolicy: { Name: str(r, 'RP') }, PortBindings: r.get('PB')?.[0] ?? {} },
		NetworkSettings: { Ports: r.get('PS')?.[0] ?? {}, Networks: Object.fromEntries(strs(r, 'NW').map((n) => [n, {}])) },
		Mounts: mounts,
	};
}

/** `docker container inspect --format <CONTAINER_TEMPLATE>` → containers, sorted by name. */
export function parseDockerInspect(input: string): ParseResult<ObservedContainer[]> {
	return guard('docker-inspect', input, (s) => {
		const recs = readLabelled(s, 'CN', 'docker-inspect');
		if (!recs.ok) return recs;
		const out = recs.value.map(inspectShape).filter(isObj).map(containerFromInspect).filter((c): c is ObservedContainer => !!c);
		return ok(out.sort((a, b) => a.name.localeCompare(b.name)));
	});
}

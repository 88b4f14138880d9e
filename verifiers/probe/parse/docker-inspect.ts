/**
 * Parser for `docker container inspect <ids…>` JSON (Docker or Podman behind the docker CLI).
 * Secrets: environment variable VALUES are dropped here (only names are kept), and the command,
 * arguments and labels are not kept at all.
 */
import type { ObservedContainer, ObservedPort } from '../../observation.ts';
import { normaliseImage } from './docker-image.ts';
import { bounded, fail, guard, isObj, MAX_ITEMS, ok, parseJson, type ParseResult } from './result.ts';

function ports(c: Record<string, any>): ObservedPort[] {
	const fromSettings = isObj(c.NetworkSettings) && isObj(c.NetworkSettings.Ports) ? c.NetworkSettings.Ports : undefined;
	const fromConfig = isObj(c.HostConfig) && isObj(c.HostConfig.PortBindings) ? c.HostConfig.PortBindings : undefined;
	const hasSettings = fromSettings && Object.values(fromSettings).some((v) => Array.isArray(v) && v.length);
	const src = (hasSettings ? fromSettings : fromConfig) ?? {};
	const out: ObservedPort[] = [];
	for (const [key, binds] of Object.entries(src)) {
		const m = /^(\d{1,5})(?:\/(tcp|udp|sctp))?$/.exec(key);
		if (!m || !Array.isArray(binds)) continue;
		const protocol = (m[2] ?? 'tcp') as 'tcp' | 'udp';
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
export function containerFromInspect(c: Record<string, any>): ObservedContainer | undefined {
	const name = typeof c.Name === 'string' ? c.Name.replace(/^\//, '') : undefined;
	if (!name) return undefined;
	const cfg = isObj(c.Config) ? c.Config : {};
	const state = isObj(c.State) ? c.State : {};
	const health = isObj(state.Health) ? state.Health : isObj(state.Healthcheck) ? state.Healthcheck : undefined;
	const hostCfg = isObj(c.HostConfig) ? c.HostConfig : {};
	const nets = isObj(c.NetworkSettings) && isObj(c.NetworkSettings.Networks) ? Object.keys(c.NetworkSettings.Networks) : [];
	const mounts = Array.isArray(c.Mounts) ? c.Mounts.filter(isObj) : [];
	const env = Array.isArray(cfg.Env) ? cfg.Env.filter((e: unknown): e is string => typeof e === 'string') : [];
	return {
		name: bounded(name, 128),
		image: normaliseImage(bounded(typeof cfg.Image === 'string' ? cfg.Image : String(c.ImageName ?? c.Image ?? ''), 200)),
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
		envNames: [...new Set(env.map((e: string) => e.split('=', 1)[0]!).filter((n: string) => /^[A-Za-z_][A-Za-z0-9_]{0,127}$/.test(n)))].sort() as string[],
	};
}

/** `docker container inspect` → containers, sorted by name. */
export function parseDockerInspect(input: string): ParseResult<ObservedContainer[]> {
	return guard('docker-inspect', input, (s) => {
		const j = parseJson(s.trim() || '[]');
		if (!j.ok) return fail(`docker-inspect: ${j.error}`);
		if (!Array.isArray(j.value)) return fail('docker-inspect: expected a JSON array');
		const out = j.value.slice(0, MAX_ITEMS).filter(isObj).map(containerFromInspect).filter((c): c is ObservedContainer => !!c);
		return ok(out.sort((a, b) => a.name.localeCompare(b.name)));
	});
}

/** Parser for `docker network inspect <ids…>` JSON. */
import type { ObservedNetwork } from '../../observation.ts';
import { bounded, fail, guard, isObj, MAX_ITEMS, ok, parseJson, type ParseResult } from './result.ts';

/** `docker network inspect` → networks sorted by name. */
export function parseDockerNetworks(input: string): ParseResult<ObservedNetwork[]> {
	return guard('docker-networks', input, (s) => {
		const t = s.trim();
		if (t === '') return ok([]);
		const j = parseJson(t);
		if (!j.ok) return fail(`docker-networks: ${j.error}`);
		if (!Array.isArray(j.value)) return fail('docker-networks: expected a JSON array');
		const out: ObservedNetwork[] = [];
		for (const n of j.value.slice(0, MAX_ITEMS)) {
			if (!isObj(n) || typeof n.Name !== 'string') continue;
			const cfg = isObj(n.IPAM) && Array.isArray(n.IPAM.Config) ? n.IPAM.Config.filter(isObj) : [];
			const opts = isObj(n.Options) ? n.Options : {};
			const iface = opts['com.docker.network.bridge.name'] ?? (typeof n.NetworkInterface === 'string' ? n.NetworkInterface : undefined);
			out.push({
				name: bounded(n.Name, 128),
				driver: bounded(n.Driver ?? '', 30),
				subnets: cfg.filter((c: any) => typeof c.Subnet === 'string').map((c: any) => ({ subnet: bounded(c.Subnet, 60), ...(typeof c.Gateway === 'string' && c.Gateway ? { gateway: bounded(c.Gateway, 60) } : {}) })),
				...(typeof iface === 'string' && iface ? { interface: bounded(iface, 30) } : {}),
			});
		}
		return ok(out.sort((a, b) => a.name.localeCompare(b.name)));
	});
}

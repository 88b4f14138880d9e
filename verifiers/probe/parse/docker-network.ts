/** Parser for `docker network inspect --format <NETWORK_TEMPLATE> -- <ids…>`. */
import type { ObservedNetwork } from '../../observation.ts';
import { bounded, guard, ok, type ParseResult } from './result.ts';
import { readLabelled, str, strs } from './labelled.ts';

/** `docker network inspect` → networks sorted by name. */
export function parseDockerNetworks(input: string): ParseResult<ObservedNetwork[]> {
	return guard('docker-networks', input, (s) => {
		const recs = readLabelled(s, 'NN', 'docker-networks');
		if (!recs.ok) return recs;
		const out: ObservedNetwork[] = [];
		for (const r of recs.value) {
			const name = str(r, 'NN');
			if (!name) continue;
			const subnets = strs(r, 'SU'), gateways = r.get('GW') ?? [];
			const iface = str(r, 'IF');
			out.push({
				name: bounded(name, 128),
				driver: bounded(str(r, 'ND'), 30),
				subnets: subnets.map((sub, i) => ({ subnet: bounded(sub, 60), ...(typeof gateways[i] === 'string' && gateways[i] ? { gateway: bounded(gateways[i], 60) } : {}) })),
				...(iface ? { interface: bounded(iface, 30) } : {}),
			});
		}
		return ok(out.sort((a, b) => a.name.localeCompare(b.name)));
	});
}

/** `sockets`: listening sockets (bind address, owning process) plus reachability from the build machine. */
import { normaliseBind } from '../../lib/net.ts';
import { SUDO_HINT } from '../probe/observe.ts';
import { exposureOf, reachOf, shouldProbe } from './exposure.ts';
import { FindingBuilder, type Kind } from './kind.ts';

/**
 * Process names that stand for "the container engine's port holder": real Docker shows
 * `docker-proxy`, Podman `conmon` (or `rootlessport`). Documenting either matches any.
 */
export const PORT_PROXY_ALIASES: ReadonlySet<string> = new Set(['docker-proxy', 'conmon', 'rootlessport']);

/** `true` when the documented process name matches one of the observed ones. */
export function processMatches(documented: string, observed: readonly string[]): boolean {
	if (observed.includes(documented)) return true;
	return PORT_PROXY_ALIASES.has(documented) && observed.some((p) => PORT_PROXY_ALIASES.has(p));
}

/** Checks listening sockets. */
export const socketsKind: Kind<'sockets'> = {
	kind: 'sockets',
	meta: {
		description: 'A socket listens on the documented port, address and process; internal ports are not reachable from outside, public ones are.',
		messages: {
			notListening: 'Nothing listens on {{proto}}/{{port}} on {{host}} (ss); is the service down, or did the port change?',
			bind: '{{proto}}/{{port}} on {{host}} is bound to {{observed}}, documented {{expected}}.',
			process: '{{proto}}/{{port}} on {{host}} belongs to {{observed}}, documented {{expected}}.',
			internalReachable: '{{proto}}/{{port}} on {{host}} is documented as internal but the build machine reached it at {{address}}:{{port}}.',
			publicUnreachable: '{{proto}}/{{port}} on {{host}} is documented as public but the build machine could not reach {{address}}:{{port}} ({{observed}}); check the firewall.',
		},
	},
	needs: () => ['ss'],
	compare(f, obs, ctx) {
		const v = f.value;
		const b = new FindingBuilder(f, this.meta);
		if (!b.need(obs, 'ss')) return b.out;
		const data = { proto: v.protocol, port: v.port };
		const same = (obs.sockets ?? []).filter((s) => s.protocol === v.protocol && s.port === v.port);
		if (!same.length) return b.drift('listening', 'notListening', `${v.protocol}/${v.port} listening`, '(nothing)', data).out;
		const want = normaliseBind(v.bind);
		const match = same.filter((s) => s.bind === want);
		if (!match.length) b.drift('bind', 'bind', v.bind, same.map((s) => s.rawBind || s.bind), data);
		if (v.process) {
			if (!obs.socketsWithProcesses) b.unverified('process', `process of ${v.protocol}/${v.port} not checked: ss ran without root, ${SUDO_HINT}`);
			else {
				const procs = [...new Set((match.length ? match : same).flatMap((s) => s.processes))].sort();
				if (!processMatches(v.process, procs)) b.drift('process', 'process', v.process, procs, data);
			}
		}
		if (v.protocol === 'tcp') {
			const exposure = exposureOf(v.bind, v.exposure);
			const r = shouldProbe(v.bind, exposure) ? reachOf(ctx.local, f.host, v.port) : undefined;
			if (r) {
				if (r.result === 'denied' || r.result === 'error') b.unverified('exposure', `exposure of ${v.protocol}/${v.port} not checked from the build machine: ${r.message ?? r.result}`);
				else if (exposure === 'internal' && r.result === 'open') b.drift('exposure', 'internalReachable', 'not reachable from the build machine', `reachable at ${r.address}:${r.port}`, { ...data, address: r.address });
				else if (exposure === 'public' && r.result !== 'open') b.drift('exposure', 'publicUnreachable', 'reachable from the build machine', r.result, { ...data, address: r.address });
			}
		}
		return b.done(`${v.protocol}/${v.port} listens on ${v.bind}${v.process ? ` (${v.process})` : ''}`);
	},
};

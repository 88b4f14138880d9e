/**
 * The second vantage point, shared by `sockets` and `containers`: what a documented
 * port's exposure means for a TCP connect from the build machine to the host's
 * inventory address.
 */
import { isLoopback, normaliseBind } from '../../lib/net.ts';
import type { LocalObservation, ReachObservation } from '../observation.ts';

/** `public` or `internal`, from the fact or derived from the bind address. */
export function exposureOf(bind: string, explicit?: 'public' | 'internal'): 'public' | 'internal' {
	if (explicit) return explicit;
	return isLoopback(bind) ? 'internal' : 'public';
}

/**
 * Whether a reachability probe makes sense: internal ports always; public ports only when
 * bound to every address (a port bound to one documented public IP cannot be reached
 * through the inventory address).
 */
export function shouldProbe(bind: string, exposure: 'public' | 'internal'): boolean {
	return exposure === 'internal' || normaliseBind(bind) === '*';
}

/** The recorded reachability of host:port, if any. */
export function reachOf(local: LocalObservation, host: string | undefined, port: number): ReachObservation | undefined {
	return local.reach.find((r) => r.host === host && r.port === port);
}

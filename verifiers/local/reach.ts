/** TCP connect from the build machine (the second vantage point for sockets and published ports). */
import { connect } from 'node:net';
import type { ReachObservation } from '../observation.ts';
import { allowEgress, type EgressPolicy } from './egress.ts';

/**
 * Tries to open a TCP connection and closes it at once (never rejects).
 * @param host
 *   Host id.
 * @param address
 *   Inventory address.
 * @param port
 *   Port.
 * @param opts
 *   Timeout, egress policy.
 */
export async function observeReach(host: string, address: string, port: number, opts: { timeoutMs: number; egress: EgressPolicy }): Promise<ReachObservation> {
	const base = { host, address, port };
	const eg = await allowEgress(address, opts.egress);
	if (!eg.ok) return { ...base, result: 'denied', message: `egress denied: ${eg.reason}` };
	return new Promise((resolve) => {
		let done = false;
		const s = connect({ host: eg.address, port, timeout: opts.timeoutMs });
		const finish = (o: ReachObservation) => { if (!done) { done = true; s.destroy(); resolve(o); } };
		s.once('connect', () => finish({ ...base, result: 'open' }));
		s.once('timeout', () => finish({ ...base, result: 'filtered', message: `no answer within ${opts.timeoutMs} ms` }));
		s.once('error', (e: NodeJS.ErrnoException) => {
			if (e.code === 'ECONNREFUSED') finish({ ...base, result: 'closed', message: 'connection refused' });
			else if (e.code === 'EHOSTUNREACH' || e.code === 'ENETUNREACH' || e.code === 'ETIMEDOUT') finish({ ...base, result: 'filtered', message: e.code });
			else finish({ ...base, result: 'error', message: `${e.code ?? 'error'}: ${e.message}` });
		});
	});
}

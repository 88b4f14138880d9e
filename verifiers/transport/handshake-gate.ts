/**
 * Limits the SSH handshakes in flight per sshd endpoint (`address:port`). sshd drops
 * unauthenticated connections beyond `MaxStartups` (OpenSSH default 10:30:100: from the
 * 11th on, 30 % are dropped), which hits hard when many hosts share one jump host: each
 * host's chain opens its own connection to it. A connection holds its slot from TCP
 * connect until authentication succeeds or fails; then the next one may start.
 */

/** Handshakes in flight per endpoint: below OpenSSH's default MaxStartups start (10). */
export const HANDSHAKES_PER_ENDPOINT = 8;

/** Per endpoint: handshakes in flight and the queue of waiters. */
const gates = new Map<string, { active: number; waiting: (() => void)[] }>();

/**
 * Waits for a handshake slot at an endpoint.
 *
 * @param endpoint
 *   `address:port` of the sshd.
 * @param limit
 *   Slots per endpoint.
 * @returns
 *   A release function (idempotent).
 */
export async function acquireHandshake(endpoint: string, limit = HANDSHAKES_PER_ENDPOINT): Promise<() => void> {
	let gate = gates.get(endpoint);
	if (!gate) {
		gate = { active: 0, waiting: [] };
		gates.set(endpoint, gate);
	}
	const g = gate;
	if (g.active >= limit) await new Promise<void>((resolve) => g.waiting.push(resolve));
	else g.active++;
	let released = false;
	return () => {
		if (released) return;
		released = true;
		const next = g.waiting.shift();
		if (next) next(); // the slot passes straight to the next waiter
		else {
			g.active--;
			if (g.active === 0) gates.delete(endpoint);
		}
	};
}

/**
 * Handshakes in flight at an endpoint (for tests).
 *
 * @param endpoint
 *   `address:port`.
 * @returns
 *   Count.
 */
export function handshakesInFlight(endpoint: string): number {
	return gates.get(endpoint)?.active ?? 0;
}

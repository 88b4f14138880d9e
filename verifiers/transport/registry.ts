/**
 * The process-wide registries of the transport: every ssh2 client still open and every
 * open session, and the connections still closing, so that `closeAll` (end of a run, SIGINT) can end
 * them and tests can check for leaks.
 */
import type ssh2 from 'ssh2';
import type { Session } from './types.ts';

/** An ssh2 client. */
export type SshClient = InstanceType<typeof ssh2.Client>;

/** Every ssh2 client this module has opened and not yet seen closed (for `closeAll`). */
const liveClients = new Set<SshClient>();

/** Every open session (for `closeAll`). */
const openSessions = new Set<Session>();

/**
 * Registers a client from the moment it starts connecting; it leaves on close.
 *
 * @param client
 *   The new client.
 */
export function trackClient(client: SshClient): void {
	liveClients.add(client);
	client.once('close', () => liveClients.delete(client));
}

/**
 * Forgets a client (after destroying it).
 *
 * @param client
 *   The client.
 */
export function untrackClient(client: SshClient): void {
	liveClients.delete(client);
}

/**
 * Registers an open session until it closes.
 *
 * @param session
 *   The session.
 * @returns
 *   A function that removes it again.
 */
export function trackSession(session: Session): () => void {
	openSessions.add(session);
	return () => openSessions.delete(session);
}

/** Outermost clients ended and not yet seen closed: `closeAll` waits for them. */
const closing = new Set<Promise<void>>();

/**
 * Ends a client and resolves once its connection closed, destroying it after a second.
 *
 * @param client
 *   The client.
 */
function endClient(client: SshClient): Promise<void> {
	return new Promise<void>((resolve) => {
		if (!liveClients.has(client)) return resolve();
		const timer = setTimeout(() => {
			client.destroy();
			resolve();
		}, 1_000);
		// trackClient's own 'close' listener takes it out of liveClients
		client.once('close', () => {
			clearTimeout(timer);
			resolve();
		});
		client.end();
	});
}

/**
 * Ends clients, innermost first. An inner client (a jump chain's) is waited for: its goodbye travels
 * through the outer one. The outermost is not: its goodbye is on its own socket once `end()` returns,
 * and the host's answer takes a round trip the caller need not wait for (the judgement and the
 * report go on meanwhile); `closeAll` waits for it.
 *
 * @param clients
 *   Clients, outermost first.
 */
export async function closeClients(clients: readonly SshClient[]): Promise<void> {
	const [outermost, ...inner] = clients;
	for (const client of inner.reverse()) await endClient(client);
	if (!outermost) return;
	const closed = endClient(outermost).finally(() => closing.delete(closed));
	closing.add(closed);
}

/**
 * Closes every open session, waits for the connections still closing and ends every connection
 * still being set up (at the end of a run, and for SIGINT).
 *
 * @returns
 *   Resolves when all are closed.
 */
export async function closeAll(): Promise<void> {
	const sessions = [...openSessions];
	await Promise.all(sessions.map((s) => s.close()));
	await Promise.all(closing);
	for (const client of liveClients) client.destroy();
	liveClients.clear();
}

/**
 * The number of open sessions (for tests and leak checks).
 *
 * @returns
 *   Count.
 */
export function openSessionCount(): number {
	return openSessions.size;
}

/**
 * The number of outermost connections ended and still closing (for tests).
 *
 * @returns
 *   Count.
 */
export function closingConnectionCount(): number {
	return closing.size;
}

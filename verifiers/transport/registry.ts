/**
 * The process-wide registries of the transport: every ssh2 client still open and every
 * open session, so that `closeAll` (SIGINT) can end them and tests can check for leaks.
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

/**
 * Ends clients, innermost first, waiting briefly for each to close.
 *
 * @param clients
 *   Clients, outermost first.
 */
export async function closeClients(clients: readonly SshClient[]): Promise<void> {
	for (const client of [...clients].reverse()) {
		await new Promise<void>((resolve) => {
			if (!liveClients.has(client)) return resolve();
			const timer = setTimeout(() => {
				client.destroy();
				resolve();
			}, 1_000);
			client.once('close', () => {
				clearTimeout(timer);
				resolve();
			});
			client.end();
		});
		liveClients.delete(client);
	}
}

/**
 * Closes every open session and every connection still being set up (for SIGINT).
 *
 * @returns
 *   Resolves when all are closed.
 */
export async function closeAll(): Promise<void> {
	const sessions = [...openSessions];
	await Promise.all(sessions.map((s) => s.close()));
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

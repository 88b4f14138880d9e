/**
 * What the transport tells the user: how a hop is named in messages, and the
 * `TransportError`s for host-key mismatches and connect failures (each with a hint
 * saying what to do). Pure: no I/O.
 */
import { isAbsolute, relative } from 'node:path';
import { TransportError } from './errors.ts';
import { pinCommand, type HostKeyCheck } from './known-hosts.ts';
import type { Endpoint } from './types.ts';

/**
 * Shows a path relative to the working directory when it is inside it.
 *
 * @param file
 *   Absolute path.
 * @returns
 *   Display path.
 */
export function shown(file: string): string {
	const rel = relative(process.cwd(), file);
	return rel.startsWith('..') || isAbsolute(rel) ? file : rel;
}

/**
 * Describes a hop for messages: `gm-vserver (10.231.1.2:22)` or
 * `jump host nb-revproxy (10.231.4.1:22) for nb-staging`.
 *
 * @param hop
 *   The hop.
 * @param hostId
 *   The final host id.
 * @returns
 *   Display text.
 */
export function describe(hop: Endpoint, hostId: string): string {
	const where = `${hop.address}:${hop.port}`;
	return hop.id === hostId ? `${hostId} (${where})` : `jump host ${hop.id} (${where}) for ${hostId}`;
}

/**
 * Builds the error for a host key that is not a match.
 *
 * @param check
 *   The check result.
 * @param hop
 *   The hop.
 * @param hostId
 *   Final host id.
 * @param missing
 *   known_hosts files that do not exist.
 * @returns
 *   The error.
 */
export function hostKeyError(check: HostKeyCheck, hop: Endpoint, hostId: string, missing: readonly string[] = []): TransportError {
	const who = describe(hop, hostId);
	const key = `${check.keyType} ${check.fingerprint}`;
	const files = hop.knownHosts.map((f) => (missing.includes(f) ? `${shown(f)}, which does not exist` : shown(f))).join('; ');
	const pinFile = shown(hop.knownHosts[0] ?? 'known_hosts');
	const pin = pinCommand(hop.address, hop.port, check.keyType, pinFile);
	const details = { host: hostId, address: hop.address };
	if (check.status === 'revoked') {
		return new TransportError(
			'hostkey-revoked',
			`Host key for ${who} (${key}) is marked @revoked in known_hosts (${check.lines.join(', ')}); refusing to connect.`,
			{ ...details, hint: 'The host must get a new host key; pin the new key only after verifying it out of band.' }
		);
	}
	if (check.status === 'changed') {
		return new TransportError(
			'hostkey-changed',
			`Host key for ${who} has CHANGED: it presents ${key}, but known_hosts pins a different ${check.keyType} key (${check.lines.join(', ')}). This may be a man-in-the-middle attack, or the host was reinstalled.`,
			{
				...details,
				hint: `Verify the new key out of band. Only if it is legitimate, remove the old pin (ssh-keygen -R '${check.lookupName}' -f ${pinFile}) and pin the new one: ${pin}`,
			}
		);
	}
	const ca = check.certAuthority
		? ' (known_hosts has @cert-authority lines for it, but host certificates are not supported: pin the plain host key)'
		: '';
	const hint = `Verify it out of band, then pin it: ${pin}`;
	return new TransportError('hostkey-unknown', `Host key for ${who} (${key}) is not in known_hosts (${files})${ca}. ${hint}`, {
		...details,
		hint,
	});
}

/**
 * Maps an ssh2 error to a TransportError.
 *
 * @param error
 *   The ssh2 error (has `level`, maybe `code`).
 * @param hop
 *   The hop.
 * @param hostId
 *   Final host id.
 * @param timeoutMs
 *   The connect timeout, for the message.
 * @returns
 *   The error.
 */
export function mapConnectError(error: unknown, hop: Endpoint, hostId: string, timeoutMs: number): TransportError {
	const err = error as Error & { level?: string; code?: string };
	const who = describe(hop, hostId);
	const details = { host: hostId, address: hop.address, cause: error };
	if (err.level === 'client-timeout' || err.code === 'ETIMEDOUT') {
		return new TransportError('timeout', `No SSH handshake from ${who} within ${timeoutMs} ms.`, {
			...details,
			hint: 'Check that sshd runs on that address and port, and that no firewall or non-SSH service is in the way.',
		});
	}
	if (err.level === 'client-authentication') {
		const key = hop.identityFile ? shown(hop.identityFile) : 'the ssh-agent keys';
		return new TransportError('auth', `Authentication as ${hop.user} failed on ${who}.`, {
			...details,
			hint: `Check that the public key of ${key} is in ~${hop.user}/.ssh/authorized_keys on the host, and that user ${hop.user} exists.`,
		});
	}
	const reason = err.code ?? err.message;
	return new TransportError('unreachable', `Cannot reach ${who}: ${reason}.`, {
		...details,
		hint: 'Check that the host is up and that its address and port in the inventory are right.',
	});
}

/**
 * The error for a connection that sshd closed before the SSH handshake (no host key seen).
 *
 * @param hop
 *   The hop.
 * @param hostId
 *   Final host id.
 * @returns
 *   The error.
 */
export function closedDuringHandshake(hop: Endpoint, hostId: string): TransportError {
	return new TransportError('unreachable', `Connection to ${describe(hop, hostId)} closed during the SSH handshake.`, {
		host: hostId,
		address: hop.address,
		hint: 'Check sshd on the host (its logs say why it closed the connection).',
	});
}

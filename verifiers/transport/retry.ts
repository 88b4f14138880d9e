/**
 * When and how long to wait before connecting again after sshd dropped a connection
 * before the SSH handshake (its `MaxStartups` limit, or a reset under load). Pure.
 * Hosts that refuse TCP (nothing listens), time out, fail authentication or present a
 * wrong host key are never retried: those are answers, not load.
 */

/** How often and how long to back off. */
export interface RetryPolicy {
	/** Connection attempts in all (first try included). */
	attempts: number;
	/** Upper bound of the first pause, ms; doubles per attempt. */
	baseMs: number;
	/** Largest pause, ms. */
	maxMs: number;
}

/** Default: pauses of up to 0.25, 0.5, 1, then 2 s (full jitter), at most 12 attempts, never past the connect timeout. */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 12, baseMs: 250, maxMs: 2_000 };

/**
 * Whether an ssh2 connect failure means sshd dropped us before the handshake: the socket
 * closed or was reset before the server's identification line (`Exceeded MaxStartups`
 * is sent as a plain line before closing), and no host key was presented.
 *
 * @param error
 *   The ssh2 error, or undefined for a close without error.
 * @param hostKeySeen
 *   Whether the host key had been presented.
 * @returns
 *   True when a retry after a pause may succeed.
 */
export function isDroppedHandshake(error: unknown, hostKeySeen: boolean): boolean {
	if (hostKeySeen) return false;
	if (error === undefined) return true;
	const e = error as { code?: unknown; message?: unknown; level?: unknown };
	if (e.code === 'ECONNRESET' || e.code === 'EPIPE') return true;
	return e.level === 'protocol' && e.message === 'Connection lost before handshake';
}

/**
 * The pause before attempt `attempt + 1` ("full jitter": uniform in [0, cap]), or
 * undefined when no attempt is left or the pause would pass the deadline.
 *
 * @param attempt
 *   Attempts made so far (≥ 1).
 * @param policy
 *   The policy.
 * @param remainingMs
 *   Time left before the connect deadline.
 * @param random
 *   Uniform [0, 1) source.
 * @returns
 *   Milliseconds to wait, or undefined: give up.
 */
export function backoffMs(attempt: number, policy: RetryPolicy, remainingMs: number, random: () => number = Math.random): number | undefined {
	if (attempt >= policy.attempts) return undefined;
	const cap = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1));
	const pause = Math.round(random() * cap);
	return pause < remainingMs ? pause : undefined;
}

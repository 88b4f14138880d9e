/** When a dropped handshake is retried, how long the pauses are, and the per-endpoint handshake gate. */
import { describe, expect, test } from 'vitest';
import { backoffMs, DEFAULT_RETRY, isDroppedHandshake } from '../../../verifiers/transport/retry.ts';
import { acquireHandshake, handshakesInFlight } from '../../../verifiers/transport/handshake-gate.ts';

describe('isDroppedHandshake', () => {
	test.each([
		['close before the identification line', undefined, false, true],
		['ssh2: lost before handshake (e.g. "Exceeded MaxStartups")', Object.assign(new Error('Connection lost before handshake'), { level: 'protocol' }), false, true],
		['reset', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }), false, true],
		['broken pipe', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }), false, true],
		['refused: nothing listens (an answer, not load)', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), false, false],
		['timeout', Object.assign(new Error('Timed out while waiting for handshake'), { level: 'client-timeout' }), false, false],
		['auth failure', Object.assign(new Error('All configured authentication methods failed'), { level: 'client-authentication' }), false, false],
		['reset after the host key was presented', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }), true, false],
	])('%s', (_name, error, hostKeySeen, expected) => {
		expect(isDroppedHandshake(error, hostKeySeen)).toBe(expected);
	});
});

describe('backoffMs', () => {
	test('full jitter under a doubling cap, bounded by maxMs', () => {
		expect([1, 2, 3, 4, 5].map((a) => backoffMs(a, DEFAULT_RETRY, 60_000, () => 0.999999))).toEqual([250, 500, 1000, 2000, 2000]);
		expect(backoffMs(3, DEFAULT_RETRY, 60_000, () => 0)).toBe(0);
	});
	test('gives up after the last attempt or when the pause would pass the deadline', () => {
		expect(backoffMs(DEFAULT_RETRY.attempts, DEFAULT_RETRY, 60_000, () => 0.5)).toBeUndefined();
		expect(backoffMs(4, DEFAULT_RETRY, 500, () => 0.5)).toBeUndefined();
		expect(backoffMs(4, DEFAULT_RETRY, 1500, () => 0.5)).toBe(1000);
	});
});

describe('handshake gate', () => {
	test('at most `limit` handshakes per endpoint; a release hands the slot to the next waiter', async () => {
		const a = await acquireHandshake('10.231.9.9:22', 2);
		const b = await acquireHandshake('10.231.9.9:22', 2);
		const other = await acquireHandshake('10.231.9.10:22', 2);
		let third = false;
		const c = acquireHandshake('10.231.9.9:22', 2).then((release) => { third = true; return release; });
		await new Promise((resolve) => setTimeout(resolve, 20));
		expect(third).toBe(false);
		expect(handshakesInFlight('10.231.9.9:22')).toBe(2);
		a();
		a(); // idempotent
		const releaseC = await c;
		expect(third).toBe(true);
		expect(handshakesInFlight('10.231.9.9:22')).toBe(2);
		b();
		releaseC();
		other();
		expect(handshakesInFlight('10.231.9.9:22')).toBe(0);
		expect(handshakesInFlight('10.231.9.10:22')).toBe(0);
	});
});

import { describe, expect, test } from 'vitest';
import type { Finding, Outcome, VerifyReport } from '../../model/report/schema.ts';
import { certificateDaysLeft, factMark, formatUtc, pageAnchor, pageStatus, type MarkedFact } from '../../src/verification/status.ts';
import { printable } from '../../src/verification/report.ts';

// fixed report times below: keep them from turning 'stale' as the calendar moves on
process.env.VERIFY_MAX_AGE = String(24 * 365 * 100);

const fact = (id: string, host = 'h1', status: 'current' | 'planned' = 'current'): MarkedFact => ({ id, host, value: { status } });
const report = (findings: Finding[], hosts: VerifyReport['hosts'] = [{ id: 'h1', state: 'reached', hostKeys: [], durationMs: 1 }]): VerifyReport => ({
	version: 1, target: 'lab', startedAt: '2026-11-23T10:00:00Z', finishedAt: '2026-11-23T10:04:31Z', complete: true,
	source: { mode: 'live' }, hosts, summary: { verified: 0, drift: 0, unverified: 0, undocumented: 0, waived: 0, planned: 0 }, findings,
});
const finding = (factId: string, outcome: Outcome, extra: Partial<Finding> = {}): Finding => ({ factId, outcome, kind: 'sockets', ruleId: 'sockets/bind', message: 'm', ...extra });

describe('factMark', () => {
	test('no report: unchecked', () => {
		expect(factMark(undefined, fact('a')).state).toBe('unchecked');
	});
	test('the worst finding wins and drift carries the observed value', () => {
		const r = report([finding('a', 'verified'), finding('a', 'drift', { observed: '0.0.0.0' }), finding('b', 'waived')]);
		expect(factMark(r, fact('a'))).toMatchObject({ state: 'drift', observed: '0.0.0.0' });
		expect(factMark(r, fact('b')).state).toBe('waived');
	});
	test('no finding: planned facts are planned, others unverified with the host cause', () => {
		const r = report([], [{ id: 'h1', state: 'unreachable', message: 'timeout', hostKeys: [], durationMs: 1 }]);
		expect(factMark(r, fact('p', 'h1', 'planned')).state).toBe('planned');
		expect(factMark(r, fact('x'))).toMatchObject({ state: 'unverified', message: 'h1: unreachable (timeout)' });
	});
});

describe('pageStatus', () => {
	const r = report([finding('a', 'verified'), finding('b', 'drift'), finding('c', 'unverified'), finding('d', 'waived')]);
	const planned = new Set(['p']);
	test.each<[string[], string, VerifyReport | undefined]>([
		[[], 'unchecked', undefined],
		[['a', 'b', 'c'], 'drift', r],
		[['a', 'c'], 'unverified', r],
		[['a', 'd'], 'verified', r],
		[['a', 'p'], 'verified', r],
		[['p'], 'planned', r],
	])('facts %j → %s', (ids, state, rep) => {
		expect(pageStatus(rep, ids.map((i) => fact(i, 'h1', planned.has(i) ? 'planned' : 'current'))).state).toBe(state);
	});
	test('counts', () => {
		expect(pageStatus(r, ['a', 'b', 'c', 'd'].map((i) => fact(i)))).toMatchObject({ state: 'drift', drift: 1, unverified: 1, verified: 1, waived: 1, planned: 0, total: 4 });
	});
	test('planned is not unverified', () => {
		expect(pageStatus(r, [fact('a'), fact('p', 'h1', 'planned'), fact('q', 'h1', 'planned')])).toMatchObject({ state: 'verified', verified: 1, unverified: 0, planned: 2, total: 3 });
	});
});

describe('helpers', () => {
	test('formatUtc', () => expect(formatUtc('2026-11-23T10:04:31.960Z')).toBe('2026-11-23 10:04 UTC'));
	test('pageAnchor', () => expect(pageAnchor('grocerymate/services/docker')).toBe('page-grocerymate-services-docker'));
	test.each([
		['17', 17],
		['expires on 2027-01-05 (42 days left), documented at least 14 days', 42],
		['certificate for a:443 is valid until 2026-12-23T10:04:31.000Z (TLSv1.3)', 30],
		['issued by Lab CA', undefined],
	])('certificateDaysLeft(%j) = %j', (text, days) => expect(certificateDaysLeft(text, '2026-11-23T10:04:31Z')).toBe(days));
	test('printable shows control characters', () => expect(printable('\u001b[31mred\u0000')).toBe('\\x1b[31mred\\x00'));
});

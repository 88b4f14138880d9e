/** Facts that rest on an assumption are never reported as plainly verified. */
import { describe, expect, test } from 'vitest';
import type { Finding, VerifyReport } from '../../../model/report/schema.ts';
import { summaryText } from '../../../verifiers/reporters/shared.ts';
import { ReportersMap } from '../../../verifiers/reporters/all.ts';

const verified = (factId: string, assumption?: boolean): Finding => ({
	outcome: 'verified', kind: 'sockets', ruleId: 'sockets/fact', factId, host: 'nb-staging', file: 'content/docs/en/norda/servers/staging.mdx', line: 30,
	message: `${factId} verified`, ...(assumption ? { assumption } : {}),
});
const report = (findings: Finding[]): VerifyReport => ({
	version: 1, target: 'lab', startedAt: '2026-12-02T12:00:00.000Z', finishedAt: '2026-12-02T12:00:01.000Z', complete: true,
	source: { mode: 'live' }, hosts: [],
	summary: { verified: findings.length, drift: 0, unverified: 0, undocumented: 0, waived: 0, planned: 0 }, findings,
});

describe('assumptions in the reporters', () => {
	test.each([
		['no assumption', [verified('a'), verified('b')], '2 verified'],
		['one assumption', [verified('a'), verified('b', true)], '2 verified (1 of them assumptions – confirm on the real server)'],
	])('summary with %s', (_, findings, text) => {
		expect(summaryText(report(findings))).toBe(text);
	});

	test('the terminal reporter says how many verified facts of a page are assumptions', () => {
		const out = ReportersMap.terminal(report([verified('nb-staging/socket/tcp:22', true), verified('nb-staging/socket/tcp:5000', true), verified('x')]), { color: false });
		expect(out).toContain('3 facts verified (2 of them assumptions – confirm on the real server)');
	});
});

import { describe, expect, it } from 'vitest';
import { mergeReports } from '../../verifiers/merge.ts';
import type { Finding, HostResult, VerifyReport } from '../../model/report/schema.ts';

const host = (id: string, state: HostResult['state'] = 'reached'): HostResult => ({
	id,
	state,
	address: `10.231.9.${id.length}`,
	hostKeys: [{ host: id, type: 'ssh-ed25519', fingerprint: `SHA256:${id}` }],
	durationMs: 100,
	...(state === 'reached' ? {} : { message: `${id} ${state}` }),
});

const finding = (hostId: string | undefined, outcome: Finding['outcome'], line: number, extra: Partial<Finding> = {}): Finding => ({
	outcome,
	kind: 'hosts',
	ruleId: 'hosts/hostname',
	factId: hostId ? `hosts:${hostId}` : undefined,
	host: hostId,
	file: 'content/docs/en/fleet.mdx',
	line,
	message: `${hostId} ${outcome}`,
	...extra,
});

function report(partial: Partial<VerifyReport> & Pick<VerifyReport, 'hosts' | 'findings'>): VerifyReport {
	return {
		version: 1,
		target: 'production',
		startedAt: '2026-11-23T08:00:00.000Z',
		finishedAt: '2026-11-23T08:00:10.000Z',
		complete: true,
		source: { mode: 'live' },
		summary: { verified: 0, drift: 0, unverified: 0, undocumented: 0, waived: 0, planned: 0 },
		...partial,
	};
}

describe('mergeReports', () => {
	const a = report({
		startedAt: '2026-11-23T08:00:02.000Z',
		finishedAt: '2026-11-23T08:00:09.000Z',
		commit: 'abc123',
		hosts: [host('fleet-01'), host('fleet-03')],
		findings: [finding('fleet-01', 'verified', 5), finding('fleet-03', 'drift', 9, { expected: 'a', observed: 'b' }), finding(undefined, 'verified', 40, { kind: 'certificates', ruleId: 'certificates/days' })],
	});
	const b = report({
		startedAt: '2026-11-23T08:00:01.000Z',
		finishedAt: '2026-11-23T08:00:07.000Z',
		commit: 'abc123',
		hosts: [host('fleet-02', 'unreachable')],
		findings: [
			finding('fleet-02', 'unverified', 7),
			// the build-machine check ran in both shards: same finding, other key order
			{ message: 'undefined verified', line: 40, file: 'content/docs/en/fleet.mdx', ruleId: 'certificates/days', kind: 'certificates', outcome: 'verified' },
		],
	});

	it('unions hosts, concatenates findings without duplicates, recomputes the summary', () => {
		const merged = mergeReports([a, b]);
		expect(merged.hosts.map((h) => h.id)).toEqual(['fleet-01', 'fleet-03', 'fleet-02']);
		expect(merged.findings).toHaveLength(4);
		expect(merged.summary).toEqual({ verified: 2, drift: 1, unverified: 1, undocumented: 0, waived: 0, planned: 0 });
		expect(merged.target).toBe('production');
		expect(merged.commit).toBe('abc123');
		expect(merged.version).toBe(1);
	});

	it('takes the earliest start and the latest end; complete only when all are', () => {
		const merged = mergeReports([a, { ...b, complete: false, finishedAt: '2026-11-23T08:00:30.000Z' }]);
		expect(merged.startedAt).toBe('2026-11-23T08:00:01.000Z');
		expect(merged.finishedAt).toBe('2026-11-23T08:00:30.000Z');
		expect(merged.complete).toBe(false);
		expect(mergeReports([a, b]).complete).toBe(true);
	});

	it('ignores a stale summary in the inputs', () => {
		const merged = mergeReports([{ ...a, summary: { verified: 99, drift: 0, unverified: 0, undocumented: 0, waived: 0, planned: 0 } }]);
		expect(merged.summary.verified).toBe(2);
	});

	it('keeps the most informative state of a host seen in several reports and drops the worse findings', () => {
		const skipped = report({ hosts: [host('fleet-01', 'skipped')], findings: [finding('fleet-01', 'unverified', 5)] });
		const merged = mergeReports([skipped, a]);
		expect(merged.hosts.find((h) => h.id === 'fleet-01')?.state).toBe('reached');
		expect(merged.findings.filter((f) => f.host === 'fleet-01').map((f) => f.outcome)).toEqual(['verified']);
	});

	it('is the identity (up to the summary) for one report', () => {
		const merged = mergeReports([a]);
		expect(merged.findings).toEqual(a.findings);
		expect(merged.hosts).toEqual(a.hosts);
	});

	it('refuses different targets, versions, commits or source modes, naming the files', () => {
		expect(() => mergeReports([{ name: 'a.json', report: a }, { name: 'b.json', report: { ...b, target: 'lab' } }])).toThrow(
			'cannot merge reports with different targets: a.json has "production", b.json has "lab"',
		);
		expect(() => mergeReports([{ name: 'a.json', report: a }, { name: 'b.json', report: { ...b, version: 2 as 1 } }])).toThrow(/b\.json has report version 2/);
		expect(() => mergeReports([a, { ...b, commit: 'def456' }])).toThrow(/different commits/);
		expect(() => mergeReports([a, { ...b, source: { mode: 'replay' } }])).toThrow(/different source modes/);
		expect(() => mergeReports([])).toThrow(/no reports to merge/);
	});
});

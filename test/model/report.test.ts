import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parseReport } from '../../model/report/parse.ts';
import { REPORT_VERSION, type VerifyReport } from '../../model/report/schema.ts';

const valid: VerifyReport = {
	version: REPORT_VERSION,
	target: 'production',
	startedAt: '2026-12-02T10:00:00.000Z',
	finishedAt: '2026-12-02T10:01:00.000Z',
	complete: true,
	source: { mode: 'live' },
	hosts: [{ id: 'h1', state: 'reached', hostKeys: [], durationMs: 1 }],
	summary: { verified: 1, drift: 0, unverified: 0, undocumented: 0, waived: 0, planned: 0 },
	findings: [{ outcome: 'verified', kind: 'hosts', ruleId: 'hosts/hostname', message: 'ok' }],
};
const json = (value: unknown) => JSON.stringify(value);

describe('parseReport', () => {
	test('accepts a valid report and the fixture reports', () => {
		expect(parseReport(json(valid), 'x.json')).toEqual(valid);
		for (const f of ['clean', 'drift']) expect(parseReport(readFileSync(`test/fixtures/reports/${f}.json`, 'utf8'), f).target).toBe('lab');
	});

	test.each([
		['broken JSON', '{', /^x\.json: not valid JSON \(.+\); rerun "npm run verify"/],
		['empty text', '', /^x\.json: not valid JSON/],
		['an array', '[]', /^x\.json: not a verifier JSON report: expected a JSON object; rerun "npm run verify"\.$/],
		['another version', json({ version: 2 }), /^x\.json: report has version 2, this checkout reads version 1; rerun "npm run verify" with this checkout\.$/],
		['no version', json({ target: 't' }), /^x\.json: report has version undefined/],
		['missing startedAt', json({ ...valid, startedAt: undefined }), /^x\.json: not a verifier JSON report: startedAt: /],
		['an invalid time', json({ ...valid, finishedAt: 'yesterday' }), /finishedAt: must be an ISO time/],
		['a bad outcome', json({ ...valid, findings: [{ ...valid.findings[0], outcome: 'fine' }] }), /findings\[0\]\.outcome: must be one of: verified, drift, unverified, undocumented, waived, planned/],
		['a bad host state', json({ ...valid, hosts: [{ ...valid.hosts[0], state: 'gone' }] }), /hosts\[0\]\.state: must be one of: reached, unreachable, skipped/],
		['a bad kind', json({ ...valid, findings: [{ ...valid.findings[0], kind: 'printers' }] }), /findings\[0\]\.kind: must be a fact kind/],
	])('rejects %s, naming the file and the field', (_name, text, error) => {
		expect(() => parseReport(text, 'x.json')).toThrow(error);
	});

	test('lists at most three problems', () => {
		const bad = { version: 1, hosts: 'none', findings: 'none', summary: {}, complete: 'yes' };
		expect(() => parseReport(json(bad), 'x.json')).toThrow(/; and \d+ more; rerun/);
	});
});

/**
 * The strict build's failure as Astro prints it: run through Astro's own error pipeline
 * (collectErrorMetadata + formatErrorMessage, what `astro build` does when a hook throws),
 * it must show our hint, never Astro's "Browser APIs are not available" advice.
 */
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, test } from 'vitest';
import type { Finding, VerifyReport } from '../../model/report/schema.ts';
import { verificationFailure } from '../../verifiers/integration.ts';
// Astro's internals (not exported): the exact functions `astro build` formats a thrown error with.
import { collectErrorMetadata } from '../../node_modules/astro/dist/core/errors/dev/utils.js';
import { formatErrorMessage } from '../../node_modules/astro/dist/core/messages/runtime.js';

const drift: Finding = {
	outcome: 'drift', kind: 'sockets', ruleId: 'sockets/bind', factId: 'nb-vps/socket/tcp:5000', host: 'nb-vps',
	file: 'content/docs/en/norda/services/application.mdx', line: 10, expected: '127.0.0.1', observed: '0.0.0.0',
	message: 'tcp/5000 on nb-vps is bound to 0.0.0.0, documented 127.0.0.1 (window of document).',
};
const unverified: Finding = { outcome: 'unverified', kind: 'host', ruleId: 'host/unreachable', host: 'gm-vserver', message: 'gm-vserver unreachable (ECONNREFUSED)' };
const report = (findings: Finding[]): VerifyReport => ({
	version: 1, target: 'lab', startedAt: '2026-12-02T10:00:00Z', finishedAt: '2026-12-02T10:00:03Z', complete: true,
	source: { mode: 'live' }, hosts: [], summary: { verified: 0, drift: 0, unverified: 0, undocumented: 0, waived: 0, planned: 0 }, findings,
});
const printed = (findings: Finding[]) =>
	stripVTControlCharacters(formatErrorMessage(collectErrorMetadata(verificationFailure(report(findings), findings, { reportFile: 'reports/verify.json', maxListed: 10 })), true));

describe('strict build failure', () => {
	test.each([
		['drift', [drift], /Fix the page .* or fix the server/],
		['unverified', [unverified], /could not be checked .*npm run lab -- up/],
		['both', [drift, unverified], /Fix the page[\s\S]*npm run lab -- up/],
	] as const)('%s: our hint, not Astro\'s browser-API hint', (_, findings, own) => {
		const text = printed([...findings]);
		expect(text).not.toMatch(/Browser APIs/);
		expect(text).toMatch(own);
		expect(text).toMatch(/VERIFY=warn/);
		expect(text).toMatch(/reports\/verify\.json/);
		expect(text).toMatch(/\/en\/verification\/report\//);
	});
	test('names the file, line and message of each finding, and counts the rest', () => {
		const many = Array.from({ length: 12 }, (_, i) => ({ ...drift, line: i + 1 }));
		const text = printed(many);
		expect(text).toContain('content/docs/en/norda/services/application.mdx:1 — tcp/5000 on nb-vps is bound to 0.0.0.0');
		expect(text).toContain('… and 2 more');
		expect(text).toMatch(/12 facts on the pages disagree with the servers/);
		// no stack trace or code frame pointing into the integration
		expect(text).not.toMatch(/Stack trace|integration\.ts/);
	});
});

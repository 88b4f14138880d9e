/** JUnit XML reporter: one test suite per runbook, one test case per command block. */
import type { RunbookReport } from '../../model/report/runbooks.ts';
import { escapeXml } from '../../verifiers/reporters/shared.ts';

/**
 * Renders the report as JUnit XML.
 * @param report
 *   The runbook report.
 */
export function junitReporter(report: RunbookReport): string {
	let tests = 0, failures = 0, skipped = 0;
	const suites = report.runbooks.map((rb) => {
		const cases = rb.steps.map((s) => {
			const attrs = `classname="${escapeXml(rb.id)}" name="${escapeXml(`${s.file}:${s.line} ${s.session}`)}" file="${escapeXml(s.file)}" line="${s.line}" time="${(s.durationMs / 1000).toFixed(3)}"`;
			if (s.status === 'failed') return `\t\t<testcase ${attrs}>\n\t\t\t<failure message="${escapeXml(s.detail ?? s.reason ?? 'failed')}" type="${escapeXml(s.reason ?? 'failed')}">${escapeXml(s.diff ?? '')}</failure>\n\t\t</testcase>`;
			if (s.status !== 'passed') return `\t\t<testcase ${attrs}>\n\t\t\t<skipped message="${escapeXml(`${s.status}${s.reason ? `: ${s.reason}` : ''}${s.detail ? ` — ${s.detail}` : ''}`)}"/>\n\t\t</testcase>`;
			return `\t\t<testcase ${attrs}/>`;
		});
		if (rb.error) cases.push(`\t\t<testcase classname="${escapeXml(rb.id)}" name="runbook"><failure message="${escapeXml(rb.error)}" type="runbook"/></testcase>`);
		const nf = rb.steps.filter((s) => s.status === 'failed').length + (rb.error ? 1 : 0);
		const ns = rb.steps.filter((s) => s.status !== 'failed' && s.status !== 'passed').length;
		tests += cases.length; failures += nf; skipped += ns;
		return `\t<testsuite name="${escapeXml(rb.id)}" tests="${cases.length}" failures="${nf}" skipped="${ns}" time="${(rb.durationMs / 1000).toFixed(3)}">\n${cases.join('\n')}\n\t</testsuite>`;
	});
	return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="runbooks lab" tests="${tests}" failures="${failures}" skipped="${skipped}" timestamp="${escapeXml(report.startedAt)}">\n${suites.join('\n')}\n</testsuites>\n`;
}

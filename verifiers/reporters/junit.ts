/** JUnit XML reporter: one test suite per page, one test case per finding. */
import type { VerifyReport } from '../../model/report/schema.ts';
import { byFile, escapeXml, failing } from './shared.ts';

/** Renders the report as JUnit XML. */
export function junitReporter(report: VerifyReport): string {
	const groups = byFile(report.findings);
	const suites: string[] = [];
	let tests = 0, failures = 0, skipped = 0;
	for (const [file, fs] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
		const cases = fs.map((f) => {
			const name = `${f.ruleId} ${f.factId ?? f.observed ?? f.host ?? ''}`.trim();
			const attrs = `classname="${escapeXml(file || `host.${f.host ?? ''}`)}" name="${escapeXml(name)}"${f.line ? ` line="${f.line}"` : ''}`;
			const body = `${f.message}${f.expected !== undefined ? `\ndocumented: ${f.expected}` : ''}${f.observed !== undefined ? `\nobserved: ${f.observed}` : ''}`;
			if (failing(f)) return `\t\t<testcase ${attrs}>\n\t\t\t<failure message="${escapeXml(f.message)}" type="${escapeXml(f.outcome)}">${escapeXml(body)}</failure>\n\t\t</testcase>`;
			if (f.outcome === 'unverified' || f.outcome === 'planned' || f.outcome === 'undocumented' || f.outcome === 'waived') return `\t\t<testcase ${attrs}>\n\t\t\t<skipped message="${escapeXml(`${f.outcome}: ${f.message}`)}"/>\n\t\t</testcase>`;
			return `\t\t<testcase ${attrs}/>`;
		});
		const nf = fs.filter(failing).length;
		const ns = fs.filter((f) => !failing(f) && f.outcome !== 'verified').length;
		tests += fs.length; failures += nf; skipped += ns;
		suites.push(`\t<testsuite name="${escapeXml(file || 'hosts')}" tests="${fs.length}" failures="${nf}" skipped="${ns}">\n${cases.join('\n')}\n\t</testsuite>`);
	}
	return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="verifier ${escapeXml(report.target)}" tests="${tests}" failures="${failures}" skipped="${skipped}" timestamp="${escapeXml(report.startedAt)}">\n${suites.join('\n')}\n</testsuites>\n`;
}

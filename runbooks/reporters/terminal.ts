/** Terminal reporter: per runbook its status, every failed step with page, line and the short diff. */
import type { RunbookReport } from '../../model/report/runbooks.ts';

/**
 * Renders the report for a terminal.
 * @param report
 *   The runbook report.
 */
export function terminalReporter(report: RunbookReport): string {
	const out: string[] = [];
	for (const rb of report.runbooks) {
		const n = (st: string) => rb.steps.filter((s) => s.status === st).length;
		const mark = rb.status === 'passed' ? '✓' : rb.status === 'failed' ? '✗' : '·';
		out.push(`${mark} ${rb.id}${rb.destructive ? ' (destructive)' : ''}  ${n('passed')} passed, ${n('failed')} failed, ${n('skipped')} skipped, ${n('stub')} stub, ${n('not-run')} not run  ${(rb.durationMs / 1000).toFixed(1)} s`);
		for (const s of rb.steps) {
			if (s.status === 'failed') {
				out.push(`    ✗ ${s.file}:${s.line}  ${s.session}  ${s.detail ?? s.reason ?? ''}`);
				if (s.diff) out.push(...s.diff.split('\n').map((l) => `        ${l}`));
			} else if (s.status === 'stub') out.push(`    ~ ${s.file}:${s.line}  stub: ${s.detail ?? ''}`);
		}
		if (rb.error) out.push(`    ✗ ${rb.error}`);
	}
	const s = report.summary;
	const secs = (Date.parse(report.finishedAt) - Date.parse(report.startedAt)) / 1000;
	out.push(`Summary: ${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped, ${s.stub} stub, ${s.notRun} not run — ${report.runbooks.length} runbooks against the lab in ${secs.toFixed(1)} s${report.complete ? '' : ' (partial run)'}`);
	return `${out.join('\n')}\n`;
}

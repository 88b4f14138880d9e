/** Markdown reporter: summary table, non-verified findings with page and line, hosts. Also the GitHub step summary. */
import type { VerifyReport } from '../../model/report/schema.ts';
import { escapeMarkdown, failing, MARK, OUTCOME_ORDER } from './shared.ts';

/** Renders the report as Markdown. */
export function markdownReporter(report: VerifyReport): string {
	const out: string[] = [];
	const bad = report.findings.some(failing);
	out.push(`## Verification against \`${escapeMarkdown(report.target)}\`: ${bad ? 'drift found' : report.summary.unverified ? 'not everything verified' : 'all verified'}`);
	out.push('');
	out.push(`${report.source.mode === 'replay' ? `Replayed evidence observed ${escapeMarkdown(report.source.observedAt)}` : `Observed ${escapeMarkdown(report.startedAt)}`}${report.commit ? ` at commit \`${escapeMarkdown(report.commit.slice(0, 12))}\`` : ''}${report.complete ? '' : ' — **incomplete (interrupted)**'}.`);
	out.push('');
	out.push('| outcome | count |', '| --- | ---: |');
	for (const o of OUTCOME_ORDER) out.push(`| ${MARK[o]} ${o} | ${report.summary[o]} |`);
	out.push('');
	const shown = report.findings.filter((f) => f.outcome !== 'verified');
	if (shown.length) {
		out.push('| | where | host | rule | message | documented | observed |', '| --- | --- | --- | --- | --- | --- | --- |');
		for (const f of shown) {
			const label = `${MARK[f.outcome]} ${f.outcome}${failing(f) && f.outcome === 'undocumented' ? ' (fails)' : ''}`;
			out.push(`| ${label} | ${escapeMarkdown(f.file ? `${f.file}:${f.line ?? ''}` : '')} | ${escapeMarkdown(f.host)} | ${escapeMarkdown(f.ruleId)} | ${escapeMarkdown(f.message)}${f.waiver ? ` (waiver: ${escapeMarkdown(f.waiver.reason)}, ${escapeMarkdown(f.waiver.owner)}, ${f.waiver.expired ? 'expired' : 'until'} ${escapeMarkdown(f.waiver.expires)})` : ''} | ${escapeMarkdown(f.expected)} | ${escapeMarkdown(f.observed)} |`);
		}
		out.push('');
	}
	out.push('| host | state | address | host key | time |', '| --- | --- | --- | --- | ---: |');
	for (const h of report.hosts) {
		const k = h.hostKeys.at(-1);
		out.push(`| ${escapeMarkdown(h.id)} | ${h.state}${h.message ? `: ${escapeMarkdown(h.message)}` : ''} | ${escapeMarkdown(h.address)} | ${k ? escapeMarkdown(`${k.type} ${k.fingerprint}`) : ''} | ${(h.durationMs / 1000).toFixed(1)} s |`);
	}
	return out.join('\n') + '\n';
}

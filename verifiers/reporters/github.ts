/**
 * GitHub Actions reporter: one workflow command per non-verified finding, on the fact's
 * frontmatter line. Drift and failing undocumented findings are errors, unverified ones
 * warnings, the rest notices. The CLI appends `markdownReporter` to `$GITHUB_STEP_SUMMARY`.
 */
import type { Finding, VerifyReport } from '../../model/report/schema.ts';
import { escapeData, escapeProperty, escapeText, failing } from './shared.ts';

/** `::error file=…,line=…,title=…::message` with escaping (property values are made printable too: they may come from a forged shard report). */
export function formatCommand(command: 'error' | 'warning' | 'notice', properties: Record<string, string | number | undefined>, message: string): string {
	const props = Object.entries(properties).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => `${k}=${escapeProperty(escapeText(String(v)))}`).join(',');
	return `::${command}${props ? ` ${props}` : ''}::${escapeData(message)}`;
}

function level(f: Finding): 'error' | 'warning' | 'notice' {
	if (failing(f)) return 'error';
	return f.outcome === 'unverified' ? 'warning' : 'notice';
}

/** Renders the annotations. */
export function githubReporter(report: VerifyReport): string {
	const lines = report.findings
		.filter((f) => f.outcome !== 'verified' && f.outcome !== 'planned')
		.map((f) => {
			const detail = f.expected !== undefined || f.observed !== undefined ? `\ndocumented: ${escapeText(f.expected)}\nobserved: ${escapeText(f.observed)}` : '';
			return formatCommand(level(f), { file: f.file, line: f.line, title: `${f.outcome}: ${f.ruleId}${f.host ? ` (${f.host})` : ''}` }, `${escapeText(f.message)}${detail}`);
		});
	return lines.length ? lines.join('\n') + '\n' : '';
}

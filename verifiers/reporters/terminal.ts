/** Terminal reporter: findings grouped by page, hosts, summary; colour only when asked (TTY). */
import type { Finding, VerifyReport } from '../../model/report/schema.ts';
import { byFile, escapeText, failing, MARK, plural, summaryText } from './shared.ts';

/** Options of the terminal reporter. */
export interface TerminalOptions {
	/** ANSI colours (the CLI sets this only on a TTY without NO_COLOR). @default false */
	color?: boolean;
	/** List verified facts one by one. @default false */
	verbose?: boolean;
}

const C = { red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36, gray: 90, bold: 1 } as const;

/** Renders a report for a terminal. */
export function terminalReporter(report: VerifyReport, options: TerminalOptions = {}): string {
	const paint = (code: keyof typeof C, s: string) => (options.color ? `\u001b[${C[code]}m${s}\u001b[0m` : s);
	const tone = (f: Finding): keyof typeof C => (f.outcome === 'verified' ? 'green' : failing(f) ? 'red' : f.outcome === 'unverified' ? 'yellow' : f.outcome === 'undocumented' ? 'magenta' : f.outcome === 'waived' ? 'cyan' : 'gray');
	const lines: string[] = [];
	const groups = byFile(report.findings);
	const files = [...groups.keys()].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)));
	for (const file of files) {
		const fs = groups.get(file)!;
		const shown = options.verbose ? fs : fs.filter((f) => f.outcome !== 'verified');
		const ok = fs.filter((f) => f.outcome === 'verified').length;
		lines.push(paint('bold', escapeText(file || '(not declared on a page)')));
		for (const f of shown) {
			const label = `${MARK[f.outcome]} ${f.outcome === 'undocumented' && !failing(f) ? 'undocumented (info)' : f.outcome}`;
			lines.push(`  ${String(f.line ?? '').padStart(4)}  ${paint(tone(f), label.padEnd(20))} ${paint('gray', escapeText(f.ruleId).padEnd(26))} ${escapeText(f.host ?? '')}`);
			lines.push(`        ${escapeText(f.message)}`);
			if (f.outcome === 'drift' || f.outcome === 'waived') {
				if (f.expected !== undefined || f.observed !== undefined) lines.push(`        ${paint('green', 'documented:')} ${escapeText(f.expected ?? '')}   ${paint('red', 'observed:')} ${escapeText(f.observed ?? '')}`);
			}
			if (f.waiver) lines.push(`        ${paint('cyan', `waiver (${f.waiver.expired ? 'EXPIRED' : 'until'} ${escapeText(f.waiver.expires)}, ${escapeText(f.waiver.owner)}):`)} ${escapeText(f.waiver.reason)}`);
		}
		const assumed = fs.filter((f) => f.outcome === 'verified' && f.assumption).length;
		if (ok && !options.verbose) lines.push(`        ${paint('green', `${MARK.verified} ${plural(ok, 'fact')} verified`)}${assumed ? paint('yellow', ` (${assumed} of them assumptions – confirm on the real server)`) : ''}`);
		lines.push('');
	}
	lines.push(paint('bold', 'Hosts'));
	for (const h of report.hosts) {
		const state = h.state === 'reached' ? paint('green', 'reached') : h.state === 'skipped' ? paint('gray', 'skipped') : paint('red', 'unreachable');
		const key = h.hostKeys.at(-1);
		lines.push(`  ${escapeText(h.id).padEnd(16)} ${state.padEnd(options.color ? 20 : 11)} ${escapeText(h.address ?? '').padEnd(16)} ${(h.durationMs / 1000).toFixed(1).padStart(5)} s  ${key ? escapeText(`${key.type} ${key.fingerprint}`) : ''}`);
		if (h.message) lines.push(`  ${' '.repeat(16)} ${escapeText(h.message)}`);
		if (options.verbose && h.probe) {
			lines.push(`  ${' '.repeat(16)} ${paint('gray', `probe on the host: ${h.probe.cpuMs} ms CPU, ${h.probe.wallMs} ms wall — CPU/wall ms per section:`)}`);
			const secs = h.probe.sections.map((s) => `${escapeText(s.name)}${s.priv === 'root' ? '(root)' : ''} ${s.cpuMs}/${s.wallMs}`);
			for (let i = 0; i < secs.length; i += 6) lines.push(`  ${' '.repeat(18)} ${paint('gray', secs.slice(i, i + 6).join(', '))}`);
		}
	}
	lines.push('');
	const secs = ((Date.parse(report.finishedAt) - Date.parse(report.startedAt)) / 1000).toFixed(1);
	const src = report.source.mode === 'replay' ? `replay of ${escapeText(report.source.evidence ?? '')} (observed ${escapeText(report.source.observedAt)})` : 'live';
	const failed = report.findings.some(failing);
	lines.push(`${paint(failed ? 'red' : report.summary.unverified ? 'yellow' : 'green', 'Summary:')} ${summaryText(report)} — target ${escapeText(report.target)}, ${src}, ${plural(report.hosts.filter((h) => h.state === 'reached').length, 'host')} reached in ${secs} s${report.complete ? '' : ' — INCOMPLETE (interrupted)'}`);
	return lines.join('\n') + '\n';
}

/**
 * The runbook results the site shows: reads `reports/runbooks.json` (the runner's report), and for a
 * page computes the mark of every command block (by position, with the block's current hash: a block
 * edited since the last run is "changed", never passed) and the runbook's summary line. Pure except
 * for the cached report read.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { RunbookReportSchema, type RunbookReport, type RunbookResult } from '../../../model/report/runbooks.ts';
import { extractSteps } from '../../../runbooks/extract.ts';
import { SKIP_LABELS, isSkipReason } from '../../../runbooks/reasons.ts';
import { formatUtc } from '../../verification/status.ts';

/** Page language. */
export type Lang = 'de' | 'en';

/** What a command block shows. */
export interface BlockMark {
	/** 1-based block position on the page. */
	index: number;
	/** Outcome, or `changed` (edited since the run) / `unknown` (no run recorded). */
	status: 'passed' | 'failed' | 'skipped' | 'stub' | 'not-run' | 'changed' | 'unknown';
	/** The text shown under the block. */
	text: string;
}

/** Path of the runbook report (`RUNBOOKS_REPORT` overrides, for tests). */
export function runbookReportPath(): string {
	return resolve(process.env.RUNBOOKS_REPORT ?? 'reports/runbooks.json');
}

let cached: { path: string; stamp: number; report: RunbookReport | undefined } | undefined;

/** The runbook report, or undefined when none was written (cached per file version). */
export function siteRunbookReport(): RunbookReport | undefined {
	const path = runbookReportPath();
	const stamp = existsSync(path) ? statSync(path).mtimeMs : -1;
	if (cached && cached.path === path && cached.stamp === stamp) return cached.report;
	let report: RunbookReport | undefined;
	if (stamp >= 0) {
		const r = RunbookReportSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
		if (!r.success) throw new Error(`${path}: not a runbook report: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')} — run npm run runbooks again`);
		report = r.data;
	}
	cached = { path, stamp, report };
	return report;
}

const T = {
	de: {
		passed: '✓ im Labor bestanden', failed: '✗ im Labor fehlgeschlagen', stub: '◐ lief gegen einen Platzhalter des Labors (nicht bestanden)', notRun: '○ nicht ausgeführt (ein früherer Schritt schlug fehl)',
		notTested: (r: string) => `○ nicht getestet: ${r}`, changed: '△ geändert seit dem letzten Laborlauf', unknown: '○ noch nicht im Labor gelaufen',
		ran: (date: string, passed: number, total: number) => `Im Labor gelaufen am ${date}: ${passed} von ${total} Schritten bestanden`,
		notTestable: (n: number, why: string) => `${n} nicht testbar: ${why}`, failedN: (n: number) => `${n} fehlgeschlagen`, changedN: (n: number) => `${n} seitdem geändert`, stubN: (n: number) => `${n} gegen Platzhalter`,
		never: 'Dieses Runbook ist noch nicht gegen das Labor gelaufen (npm run runbooks).', details: 'Schritte',
	},
	en: {
		passed: '✓ passed in the lab', failed: '✗ failed in the lab', stub: '◐ ran against a lab stand-in (not a pass)', notRun: '○ not run (an earlier step failed)',
		notTested: (r: string) => `○ not tested: ${r}`, changed: '△ changed since the last lab run', unknown: '○ not run in the lab yet',
		ran: (date: string, passed: number, total: number) => `Ran against the lab on ${date}: ${passed} of ${total} steps passed`,
		notTestable: (n: number, why: string) => `${n} not testable: ${why}`, failedN: (n: number) => `${n} failed`, changedN: (n: number) => `${n} changed since`, stubN: (n: number) => `${n} against stand-ins`,
		never: 'This runbook has not run against the lab yet (npm run runbooks).', details: 'Steps',
	},
} as const;

/**
 * Label of a skip reason in the reader's language (unknown keys are shown as they are).
 * @param reason
 *   Reason key.
 * @param lang
 *   Language.
 */
export function reasonLabel(reason: string | undefined, lang: Lang): string {
	return reason && isSkipReason(reason) ? SKIP_LABELS[reason][lang] : (reason ?? '');
}

/**
 * The runbook result of a page.
 * @param report
 *   The runbook report.
 * @param slug
 *   Page path without language, e.g. `norda/runbooks/logs`.
 */
export function pageRunbook(report: RunbookReport | undefined, slug: string): RunbookResult | undefined {
	return report?.runbooks.find((r) => r.id === slug);
}

/**
 * Marks of every command block of a page.
 * @param source
 *   Page source.
 * @param file
 *   Its path.
 * @param result
 *   The page's runbook result (undefined: never run).
 * @param lang
 *   Page language.
 */
export function blockMarks(source: string, file: string, result: RunbookResult | undefined, lang: Lang): BlockMark[] {
	const t = T[lang];
	return extractSteps(source, file).steps.map((s): BlockMark => {
		const r = result?.steps.find((x) => x.index === s.index);
		if (!r) return { index: s.index, status: 'unknown', text: t.unknown };
		if (r.hash && r.hash !== s.hash) return { index: s.index, status: 'changed', text: t.changed };
		const gap = r.detail && r.reason === 'lab-gap' ? ` — ${r.detail}` : '';
		switch (r.status) {
			case 'passed': return { index: s.index, status: 'passed', text: t.passed };
			case 'failed': return { index: s.index, status: 'failed', text: `${t.failed}${r.detail ? `: ${r.detail}` : ''}` };
			case 'stub': return { index: s.index, status: 'stub', text: `${t.stub}${r.detail ? `: ${r.detail}` : ''}` };
			case 'skipped': return { index: s.index, status: 'skipped', text: `${t.notTested(reasonLabel(r.reason, lang))}${gap}` };
			default: return { index: s.index, status: 'not-run', text: t.notRun };
		}
	});
}

/** The summary of a runbook page (badge text and state). */
export interface RunbookSummary {
	/** passed / failed / changed / never. */
	state: 'passed' | 'failed' | 'changed' | 'never';
	/** One line. */
	text: string;
}

/**
 * The summary line of a runbook page.
 * @param result
 *   The page's runbook result.
 * @param marks
 *   Its block marks (current hashes).
 * @param lang
 *   Page language.
 */
export function runbookSummary(result: RunbookResult | undefined, marks: readonly BlockMark[], lang: Lang, finishedAt?: string): RunbookSummary {
	const t = T[lang];
	if (!result) return { state: 'never', text: t.never };
	const n = (s: BlockMark['status']) => marks.filter((m) => m.status === s).length;
	const reasons = new Map<string, number>();
	for (const m of marks) {
		if (m.status !== 'skipped') continue;
		const r = result.steps.find((x) => x.index === m.index)?.reason;
		const label = reasonLabel(r, lang);
		reasons.set(label, (reasons.get(label) ?? 0) + 1);
	}
	const parts = [t.ran(formatUtc(finishedAt ?? new Date().toISOString()), n('passed'), marks.length)];
	if (n('failed')) parts.push(t.failedN(n('failed')));
	if (n('stub')) parts.push(t.stubN(n('stub')));
	if (n('skipped')) parts.push(t.notTestable(n('skipped'), [...reasons].map(([k, v]) => (reasons.size > 1 ? `${v} ${k}` : k)).join(', ')));
	if (n('changed')) parts.push(t.changedN(n('changed')));
	const state = result.status === 'failed' || n('failed') ? 'failed' : n('changed') || n('unknown') ? 'changed' : 'passed';
	return { state, text: parts.join(', ') };
}

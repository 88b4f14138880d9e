/**
 * The runbook figures of issue #18, measured by `npm run bench`: the whole runbook suite (both
 * estates, resets included) run once against the lab twins through the project's own CLI, its wall
 * time, and the coverage of the `user@host` command blocks per estate and language.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalog } from '../runbooks/catalog.ts';
import { coverage, type CoverageRow } from '../runbooks/coverage.ts';
import { RunbookReportSchema, type RunbookReport } from '../model/report/runbooks.ts';
import { formatSeconds, markdownTable } from './lib.ts';

/** Target of issue #18: the whole suite in at most this long. */
export const SUITE_TARGET_MS = 240_000;

/** Target of issue #18: at least this share of the blocks executed, per estate and language. */
export const COVERAGE_TARGET_PERCENT = 85;

/** One measurement of the runbook suite. */
export interface RunbookBench {
	/** Wall time of `npm run runbooks` (whole suite), ms; absent when it could not run. */
	ms?: number;
	/** Exit code of the runner. */
	exit?: number | null;
	/** Step counts of the report. */
	summary?: RunbookReport['summary'];
	/** Coverage per estate and language. */
	coverage: CoverageRow[];
	/** Why the suite was not measured. */
	note?: string;
}

/**
 * Runs the whole suite once and reads its report.
 * @param root
 *   Project root.
 * @param work
 *   Work directory (the report goes there, reports/runbooks.json is left alone).
 * @param timeoutMs
 *   Give up after this long.
 */
export function measureRunbooks(root: string, work: string, timeoutMs: number): RunbookBench {
	if (process.getuid?.() !== 0) return { coverage: [], note: 'the lab needs root' };
	if (!existsSync(join(root, '.lab', 'inventory.yaml'))) return { coverage: [], note: 'the lab is not up (npm run lab -- up)' };
	const file = join(work, 'runbooks.json');
	const t0 = performance.now();
	const r = spawnSync(process.execPath, [join(root, 'runbooks', 'cli.ts'), '--reporter', `json:${file}`], { cwd: root, encoding: 'utf8', timeout: timeoutMs, stdio: ['ignore', 'ignore', 'pipe'] });
	const ms = performance.now() - t0;
	if (!existsSync(file)) return { coverage: [], exit: r.status, note: `the runner wrote no report (exit ${r.status}): ${(r.stderr || '').trim().split('\n').slice(-2).join(' | ')}` };
	const report = RunbookReportSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
	return { ms, exit: r.status, summary: report.summary, coverage: coverage(loadCatalog(root), report) };
}

/**
 * The runbook table and the judged figures.
 * @param bench
 *   The measurement.
 */
export function runbookMarkdown(bench: RunbookBench): { table: string; figures: string[] } {
	if (bench.ms === undefined) return { table: `Runbook suite not measured: ${bench.note ?? 'unknown reason'}.`, figures: [`- runbook suite ≤ ${SUITE_TARGET_MS / 60_000} min and coverage ≥ ${COVERAGE_TARGET_PERCENT} %: not measured`] };
	const rows = bench.coverage.map((c) => [c.estate, c.lang, String(c.blocks), String(c.executed), `${c.percent.toFixed(1)} %`, Object.entries(c.skipped).map(([k, v]) => `${k} ${v}`).join(', '), String(c.notRun)]);
	const table = [
		`Whole suite (both estates, resets included): ${formatSeconds(bench.ms)}, runner exit ${bench.exit}; steps passed ${bench.summary?.passed}, failed ${bench.summary?.failed}, skipped ${bench.summary?.skipped}, stub ${bench.summary?.stub}, not run ${bench.summary?.notRun}.`,
		'',
		markdownTable(['estate', 'language', 'user@host blocks', 'executed', 'share', 'skipped (typed reason)', 'not run'], rows, ['l', 'l', 'r', 'r', 'r', 'l', 'r']),
	].join('\n');
	const judge = (ok: boolean) => (ok ? 'met' : 'NOT met');
	const low = bench.coverage.filter((c) => c.percent < COVERAGE_TARGET_PERCENT);
	return {
		table,
		figures: [
			`- runbook suite ≤ ${SUITE_TARGET_MS / 60_000} min: ${judge(bench.ms <= SUITE_TARGET_MS && bench.exit === 0)} (${formatSeconds(bench.ms)}, exit ${bench.exit})`,
			`- ≥ ${COVERAGE_TARGET_PERCENT} % of the user@host blocks executed, per estate and language: ${judge(bench.coverage.length > 0 && low.length === 0)} (${bench.coverage.map((c) => `${c.estate}/${c.lang} ${c.percent.toFixed(1)} %`).join(', ')})`,
		],
	};
}

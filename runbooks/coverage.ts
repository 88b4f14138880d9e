/**
 * Coverage of the command blocks: of all `user@host` blocks of the site (per estate and language),
 * how many were executed against the twins in the last run, how many were skipped with a typed
 * reason, and how many were not run (pages outside the suite, steps after a failure). Pure.
 */
import type { Catalog } from './catalog.ts';
import type { RunbookReport } from '../model/report/runbooks.ts';

/** Counts of one estate and language. */
export interface CoverageRow {
	/** Estate. */
	estate: string;
	/** Language. */
	lang: 'de' | 'en';
	/** All `user@host` blocks. */
	blocks: number;
	/** Executed (passed, failed or stub). */
	executed: number;
	/** Skipped with a typed reason, by reason. */
	skipped: Record<string, number>;
	/** Neither (page outside the suite, or not reached). */
	notRun: number;
	/** executed / blocks in percent (one decimal). */
	percent: number;
}

/**
 * Coverage rows per estate and language.
 * @param catalog
 *   All pages with command blocks.
 * @param report
 *   The last runbook report.
 */
export function coverage(catalog: Catalog, report: RunbookReport | undefined): CoverageRow[] {
	const rows = new Map<string, CoverageRow>();
	for (const rb of catalog.runbooks) {
		const result = report?.runbooks.find((r) => r.id === rb.id);
		for (const lang of ['de', 'en'] as const) {
			const key = `${rb.estate}/${lang}`;
			const row = rows.get(key) ?? { estate: rb.estate, lang, blocks: 0, executed: 0, skipped: {}, notRun: 0, percent: 0 };
			for (const s of rb.steps) {
				row.blocks++;
				const r = result?.steps.find((x) => x.index === s.index && x.hash === s.hash);
				if (r && (r.status === 'passed' || r.status === 'failed' || r.status === 'stub')) row.executed++;
				else if (r?.status === 'skipped') row.skipped[r.reason ?? '?'] = (row.skipped[r.reason ?? '?'] ?? 0) + 1;
				else row.notRun++;
			}
			rows.set(key, row);
		}
	}
	return [...rows.values()].map((r) => ({ ...r, percent: r.blocks ? Math.round((1000 * r.executed) / r.blocks) / 10 : 0 }));
}

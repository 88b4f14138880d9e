/**
 * Loads the verifier's JSON report for the site (badges, fact tables, report page,
 * host pages, PDF). Path: `VERIFY_REPORT` or `reports/verify.json` in the project
 * root. A missing report is not an error: the site then says "not checked in this build".
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { VerifyReport } from '../../model/report/schema.ts';
import { parseReport } from '../../model/report/parse.ts';

/** Where the report is read from (absolute). */
export function reportPath(root = process.cwd()): string {
	const p = process.env.VERIFY_REPORT || join('reports', 'verify.json');
	return isAbsolute(p) ? p : join(root, p);
}

let cached: { path: string; stamp: number; report: VerifyReport | undefined } | undefined;

/**
 * The report of this build, or `undefined` when there is none.
 * Cached per process (re-read when the file changes, for `astro dev`).
 */
export function siteReport(): VerifyReport | undefined {
	const path = reportPath();
	const stamp = existsSync(path) ? statSync(path).mtimeMs : -1;
	if (cached && cached.path === path && cached.stamp === stamp) return cached.report;
	const report = stamp < 0 ? undefined : parseReport(readFileSync(path, 'utf8'), path);
	cached = { path, stamp, report };
	return report;
}

/** The site's escaping of report values (control characters made visible); its home is lib/escape.ts. */
export { printable } from '../../lib/escape.ts';

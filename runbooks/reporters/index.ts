/** The runbook reporters by name (`--reporter terminal,json:FILE,junit:FILE`). */
import type { RunbookReport } from '../../model/report/runbooks.ts';
import { junitReporter } from './junit.ts';
import { terminalReporter } from './terminal.ts';

/** Reporter names and their renderers. */
export const RUNBOOK_REPORTERS = {
	terminal: terminalReporter,
	json: (r: RunbookReport) => `${JSON.stringify(r, null, 2)}\n`,
	junit: junitReporter,
} as const;

/** A reporter name. */
export type RunbookReporterName = keyof typeof RUNBOOK_REPORTERS;

/**
 * True when `name` is a reporter.
 * @param name
 *   Candidate.
 */
export function isRunbookReporter(name: string): name is RunbookReporterName {
	return Object.hasOwn(RUNBOOK_REPORTERS, name);
}

/** JSON reporter: the `VerifyReport` contract itself (see ../report/types.ts). */
import type { VerifyReport } from '../report/types.ts';

/** Renders the report as JSON (control characters are escaped by JSON itself). */
export function jsonReporter(report: VerifyReport): string {
	return JSON.stringify(report, null, '\t') + '\n';
}

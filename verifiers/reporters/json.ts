/** JSON reporter: the `VerifyReport` contract itself (see model/report/schema.ts). */
import type { VerifyReport } from '../../model/report/schema.ts';

/**
 * Renders the report as JSON. JSON escapes C0 controls itself; C1 controls, line/paragraph
 * separators and bidi overrides are escaped too, so the text is inert wherever it is shown.
 */
export function jsonReporter(report: VerifyReport): string {
	return JSON.stringify(report, null, '\t').replace(/[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) + '\n';
}

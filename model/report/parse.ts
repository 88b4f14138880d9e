/**
 * Reading a verifier report from JSON text: the one validator of the report contract,
 * used by `--merge`, the site and the runbook report.
 */
import { REPORT_VERSION, VerifyReportSchema, type VerifyReport } from './schema.ts';

/** How many schema problems an error message lists before "and N more". */
const MAX_LISTED = 3;

/**
 * Parses and validates a report's JSON text.
 *
 * @param text
 *   JSON text.
 * @param source
 *   Where it came from (file path), for messages.
 * @returns
 *   The report.
 * @throws
 *   `Error` naming the file, the field and what is allowed, and how to get a valid report.
 */
export function parseReport(text: string, source: string): VerifyReport {
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch (cause) {
		throw new Error(`${source}: not valid JSON (${cause instanceof Error ? cause.message : String(cause)}); rerun "npm run verify" or point at a valid report.`, { cause });
	}
	if (typeof data !== 'object' || data === null || Array.isArray(data)) {
		throw new Error(`${source}: not a verifier JSON report: expected a JSON object; rerun "npm run verify".`);
	}
	const version = 'version' in data ? data.version : undefined;
	if (version !== REPORT_VERSION) {
		throw new Error(`${source}: report has version ${JSON.stringify(version) ?? 'undefined'}, this checkout reads version ${REPORT_VERSION}; rerun "npm run verify" with this checkout.`);
	}
	const result = VerifyReportSchema.safeParse(data);
	if (!result.success) {
		const problems = result.error.issues.map((issue) => `${issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') || '(top level)'}: ${issue.message}`);
		const listed = problems.slice(0, MAX_LISTED).join('; ');
		const more = problems.length > MAX_LISTED ? `; and ${problems.length - MAX_LISTED} more` : '';
		throw new Error(`${source}: not a verifier JSON report: ${listed}${more}; rerun "npm run verify".`);
	}
	return result.data;
}

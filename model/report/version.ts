/**
 * The zod-free part of the report contract (`schema.ts` re-exports it): what the verifier needs
 * on every run before it has connected to a host, so its start-up does not load zod for it.
 */

/** Version of the report contract. Bump on any incompatible change of `schema.ts`. */
export const REPORT_VERSION = 1 as const;

/**
 * The one answer to "does this finding fail the run": the policy's `fails` flag, or drift
 * when the finding carries no flag (reports written before the policy set it).
 * @param f
 *   A finding.
 */
export function findingFails(f: { fails?: boolean | undefined; outcome: string }): boolean {
	return f.fails ?? f.outcome === 'drift';
}

/**
 * The suite: which runbooks run in which order, the lanes (one per estate, in parallel: their twins
 * are disjoint), resets of touched twins at the end of each lane, and the report.
 */
import type { Runbook } from './catalog.ts';
import { destructiveHosts, runRunbook, UnreachableError, type LabHooks } from './run.ts';
import type { Inventory } from '../verifiers/transport/types.ts';
import { RUNBOOK_REPORT_VERSION, type RunbookReport, type RunbookResult } from '../model/report/runbooks.ts';

/** Lab affordances the runner relies on (listed in every report). */
export const AFFORDANCES = [
	'gm-vserver: jeff logs in with the lab key and has passwordless sudo (lab/twins/gm-vserver.sh); on the server sudo asks for his password',
	'nb-vps: maciejpi has passwordless sudo, as on the server',
	"nb-vps: for troubleshooting/common-issues a hidden setup step writes maciejpi's ~/.pgpass on the twin, so the psql step that asks for the password runs unattended; the password never leaves the twin and the file is removed afterwards",
];

/** Options of {@link runSuite}. */
export interface SuiteOptions {
	/** Lab inventory. */
	inventory: Inventory;
	/** Lab hooks (reset, readiness, reverify). */
	lab: LabHooks;
	/** Progress lines. */
	log?: (line: string) => void;
	/** True when the selection is the whole suite. */
	complete: boolean;
}

/**
 * Orders runbooks into lanes: per estate, read-only runbooks first, then the destructive ones.
 * @param runbooks
 *   Selected runbooks.
 */
export function lanes(runbooks: readonly Runbook[]): Runbook[][] {
	const by = new Map<string, Runbook[]>();
	for (const rb of runbooks) by.set(rb.estate, [...(by.get(rb.estate) ?? []), rb]);
	return [...by.values()].map((l) => [...l.filter((r) => !r.destructive), ...l.filter((r) => r.destructive)]);
}

/**
 * Runs the selected runbooks and resets every twin a destructive runbook touched.
 * @param runbooks
 *   Runbooks of the suite (already checked: no catalog problems).
 * @param options
 *   Inventory, hooks, log.
 * @throws
 *   UnreachableError when a twin cannot be reached (after the touched twins were reset).
 */
export async function runSuite(runbooks: readonly Runbook[], options: SuiteOptions): Promise<{ report: RunbookReport; unreachable?: string }> {
	const startedAt = new Date().toISOString();
	const log = options.log ?? (() => {});
	const touched = new Set<string>();
	const resets: { host: string; durationMs: number }[] = [];
	const lab: LabHooks = {
		...options.lab,
		reset: async (h) => {
			const ms = await options.lab.reset(h);
			resets.push({ host: h, durationMs: ms });
			return ms;
		},
		touched: (h) => touched.has(h),
		touch: (h) => void touched.add(h),
	};
	const results = new Map<string, RunbookResult>();
	let unreachable: string | undefined;
	/** Resets a twin a destructive runbook touched, so the verifier and the benchmark see it pristine. */
	const resetTouched = async (h: string) => {
		log(`  reset ${h} (touched by a destructive runbook)`);
		try {
			resets.push({ host: h, durationMs: await options.lab.reset(h) });
		} catch (e) {
			// the report is still written; a twin that cannot be reset is a lab problem (exit 2)
			unreachable = `${unreachable ? `${unreachable}; ` : ''}${(e as Error).message}`;
		}
	};
	await Promise.all(
		lanes(runbooks).map(async (lane) => {
			for (const rb of lane) {
				if (unreachable) break;
				log(`▶ ${rb.id}`);
				try {
					results.set(rb.id, await runRunbook(rb, { ...options, lab, log }));
				} catch (e) {
					if (!(e instanceof UnreachableError)) throw e;
					unreachable = e.message;
					results.set(rb.id, { id: rb.id, title: rb.titles.en, titles: rb.titles, files: [...rb.files], destructive: rb.destructive, status: 'not-run', error: e.message, durationMs: 0, steps: rb.steps.map((s) => ({ file: s.file, line: s.line, lines: s.lines, index: s.index, hash: s.hash, session: `${s.session.user}@${s.session.host}`, status: s.mode === 'skip' ? 'skipped' : 'not-run', ...(s.reason ? { reason: s.reason } : {}), durationMs: 0 })) });
				}
			}
			// a lane's twins are its own (estates are disjoint): reset them as soon as the lane is done,
			// while the other lane still runs
			const mine = new Set(lane.flatMap(destructiveHosts));
			for (const h of [...touched].filter((t) => mine.has(t))) {
				touched.delete(h);
				await resetTouched(h);
			}
		}),
	);
	const ordered = runbooks.map((r) => results.get(r.id)).filter((r): r is RunbookResult => !!r);
	const all = ordered.flatMap((r) => r.steps);
	const count = (s: string) => all.filter((x) => x.status === s).length;
	const report: RunbookReport = {
		version: RUNBOOK_REPORT_VERSION,
		target: 'lab',
		startedAt,
		finishedAt: new Date().toISOString(),
		complete: options.complete && !unreachable,
		summary: { passed: count('passed'), failed: count('failed'), skipped: count('skipped'), stub: count('stub'), notRun: count('not-run') },
		runbooks: ordered,
		affordances: AFFORDANCES,
		resets,
	};
	return { report, ...(unreachable ? { unreachable } : {}) };
}

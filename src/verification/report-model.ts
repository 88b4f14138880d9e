/**
 * How the report page (and the host pages) group the findings, problems first: what
 * fails or could not be checked, then undocumented things per host, then per host and
 * per page (with the same fact counts as each page's badge). Also the page outline for
 * Starlight's "On this page". Pure.
 */
import type { DeclaredFact, FactStore } from '../../model/facts/store.ts';
import type { Finding, VerifyReport } from '../../model/report/schema.ts';
import { pageAnchor, pageStatus, type PageStatus } from './status.ts';

/** A heading for Starlight's table of contents. */
export interface OutlineHeading {
	depth: number;
	slug: string;
	text: string;
}

/** The report, grouped. */
export interface ReportModel {
	/** Drift, unverified and failing undocumented findings, drift first. */
	problems: Finding[];
	/** Undocumented findings that do not fail the run, by host id. */
	undocumented: [string, Finding[]][];
	/** Every page that declares or shows facts: its anchor, facts, counts and findings. */
	pages: { slug: string; anchor: string; facts: DeclaredFact[]; status: PageStatus; findings: Finding[] }[];
}

const ORDER: Record<string, number> = { drift: 0, unverified: 1, undocumented: 2, waived: 3, planned: 4, verified: 5 };

/** `true` when a finding needs a decision: drift, unverified, or an undocumented thing that fails the run. */
export function isProblem(f: Finding): boolean {
	return f.outcome === 'drift' || f.outcome === 'unverified' || (f.outcome === 'undocumented' && f.fails === true);
}

/** Sorts findings problems first (host-level ones, such as an unreachable host, first within an outcome), then by host and fact. */
export function byOutcome(a: Finding, b: Finding): number {
	return (ORDER[a.outcome]! - ORDER[b.outcome]!) || Number(b.kind === 'host') - Number(a.kind === 'host') || (a.host ?? '').localeCompare(b.host ?? '') || (a.factId ?? a.ruleId).localeCompare(b.factId ?? b.ruleId, 'en', { numeric: true });
}

/**
 * Groups a report.
 * @param report
 *   The build's report.
 * @param pages
 *   Pages with their facts (see `pagesWithFacts`).
 */
export function reportModel(report: VerifyReport, pages: readonly { slug: string; facts: DeclaredFact[] }[]): ReportModel {
	const problems = report.findings.filter(isProblem).sort(byOutcome);
	const undocumented = new Map<string, Finding[]>();
	for (const f of report.findings) {
		if (f.outcome !== 'undocumented' || isProblem(f)) continue;
		const host = f.host ?? '–';
		undocumented.set(host, [...(undocumented.get(host) ?? []), f]);
	}
	const byFact = new Map<string, Finding[]>();
	for (const f of report.findings) if (f.factId) byFact.set(f.factId, [...(byFact.get(f.factId) ?? []), f]);
	return {
		problems,
		undocumented: [...undocumented.entries()].sort(([a], [b]) => a.localeCompare(b)),
		pages: pages.map(({ slug, facts }) => ({
			slug, anchor: pageAnchor(slug), facts, status: pageStatus(report, facts),
			findings: facts.flatMap((f) => byFact.get(f.id) ?? []).sort(byOutcome),
		})),
	};
}

/**
 * Findings about one host: its facts' findings and the host-level and undocumented ones.
 * @param report
 *   The build's report.
 * @param host
 *   Host id.
 * @param store
 *   The fact store.
 */
export function hostFindings(report: VerifyReport, host: string, store: FactStore): Finding[] {
	return report.findings.filter((f) => f.host === host || (f.factId !== undefined && store.facts.get(f.factId)?.host === host)).sort(byOutcome);
}

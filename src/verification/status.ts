/**
 * What the report says about one fact and one page: pure functions shared by the
 * status badge, fact tables, host pages, the report page and the PDF.
 */
import type { Finding, Outcome, VerifyReport } from '../../model/report/schema.ts';
import type { DeclaredFact } from '../../model/facts/store.ts';
import type { FactValue } from '../../model/schemas/facts.ts';

/** What the marks read of a declared fact: its id, host and status. */
export type MarkedFact = Pick<DeclaredFact, 'id' | 'host'> & { value: Pick<FactValue, 'status'> };

/**
 * State of one fact in this build. `unchecked`: the build has no report. `stale`: the
 * report says verified, but its observations are older than `VERIFY_MAX_AGE` hours.
 */
export type FactState = 'verified' | 'drift' | 'unverified' | 'waived' | 'planned' | 'unchecked' | 'stale';

/** State of a page (the worst of its facts; `planned` when every fact is planned). */
export type PageState = 'verified' | 'drift' | 'unverified' | 'planned' | 'unchecked' | 'stale';

/** Hours after which a report's observations no longer count as verified. @default 24 */
export const DEFAULT_MAX_AGE_HOURS = 24;

/**
 * The maximum age of observations in hours, from `VERIFY_MAX_AGE` (default 24).
 * @throws
 *   For a value that is not a positive number.
 */
export function maxAgeHours(env: Record<string, string | undefined> = process.env): number {
	const raw = env.VERIFY_MAX_AGE;
	if (raw === undefined || raw.trim() === '') return DEFAULT_MAX_AGE_HOURS;
	const n = Number(raw);
	if (!Number.isFinite(n) || n <= 0) throw new Error(`VERIFY_MAX_AGE must be a positive number of hours, got: ${JSON.stringify(raw)}`);
	return n;
}

/** When the report's observations were made: the recorded evidence's time for a replay, else the run's start. */
export function observedAtOf(report: VerifyReport): string {
	return report.source?.observedAt ?? report.startedAt;
}

/**
 * Whether the report's observations are older than the maximum age (an unreadable time counts as stale).
 * @param report
 *   The build's report.
 * @param now
 *   Current time in ms. @default Date.now()
 * @param env
 *   Environment with `VERIFY_MAX_AGE`.
 */
export function isStale(report: VerifyReport, now = Date.now(), env: Record<string, string | undefined> = process.env): boolean {
	const at = Date.parse(observedAtOf(report));
	return Number.isNaN(at) || now - at > maxAgeHours(env) * 3_600_000;
}

/** The mark of one fact. */
export interface FactMark {
	state: FactState;
	/** Findings about this fact (empty when none). */
	findings: Finding[];
	/** Observed value of the first drift finding. */
	observed?: string;
	/** Why the fact is unverified / drifted (first finding's message or the host's). */
	message?: string;
}

/**
 * Counts and state of a page, by fact, in the report's categories (a fact with several
 * findings counts once, in its worst outcome).
 */
export interface PageStatus {
	state: PageState;
	/** Facts of the page with drift. */
	drift: number;
	/** Facts that could not be checked (host unreachable, no permission, …). Planned facts are not unverified. */
	unverified: number;
	/** Facts verified (waived ones not included). */
	verified: number;
	/** Facts with an accepted (waived) drift. */
	waived: number;
	/** Facts declared as planned: described for the future, not checked. */
	planned: number;
	/** Facts verified only by observations older than the maximum age. */
	stale: number;
	/** Facts of the page (planned ones included). */
	total: number;
}

const RANK: Record<Outcome, number> = { drift: 5, unverified: 4, waived: 3, verified: 2, undocumented: 1, planned: 0 };
const indexes = new WeakMap<VerifyReport, Map<string, Finding[]>>();

/** Findings of a report grouped by fact id (cached per report object). */
export function findingsByFact(report: VerifyReport): Map<string, Finding[]> {
	let index = indexes.get(report);
	if (!index) {
		index = new Map();
		for (const f of report.findings) {
			if (!f.factId) continue;
			const list = index.get(f.factId) ?? [];
			list.push(f);
			index.set(f.factId, list);
		}
		indexes.set(report, index);
	}
	return index;
}

/**
 * The mark of one fact.
 * @param report
 *   The build's report, or `undefined` when there is none.
 * @param fact
 *   The declared fact.
 */
export function factMark(report: VerifyReport | undefined, fact: MarkedFact): FactMark {
	if (!report) return { state: 'unchecked', findings: [] };
	const findings = findingsByFact(report).get(fact.id) ?? [];
	if (!findings.length) {
		if (fact.value.status === 'planned') return { state: 'planned', findings };
		const host = fact.host ? report.hosts.find((h) => h.id === fact.host) : undefined;
		const why = host && host.state !== 'reached' ? `${host.id}: ${host.state}${host.message ? ` (${host.message})` : ''}` : 'no result for this fact in the report';
		return { state: 'unverified', findings, message: why };
	}
	const worst = findings.reduce((a, b) => (RANK[b.outcome] > RANK[a.outcome] ? b : a));
	const state: FactState = worst.outcome === 'undocumented' ? 'verified' : worst.outcome;
	if ((state === 'verified' || state === 'waived') && isStale(report)) {
		return { state: 'stale', findings, message: `observed ${observedAtOf(report)}, older than ${maxAgeHours()} h (VERIFY_MAX_AGE)` };
	}
	return { state, findings, ...(state === 'drift' && worst.observed !== undefined ? { observed: worst.observed } : {}), ...(state === 'verified' ? {} : { message: worst.message }) };
}

/**
 * The status of a page from the marks of its facts.
 * @param report
 *   The build's report, or `undefined`.
 * @param facts
 *   The facts declared by the page (shared by its translations).
 */
export function pageStatus(report: VerifyReport | undefined, facts: readonly MarkedFact[]): PageStatus {
	const status: PageStatus = { state: 'unchecked', drift: 0, unverified: 0, verified: 0, waived: 0, planned: 0, stale: 0, total: facts.length };
	if (!report) return status;
	for (const fact of facts) {
		const { state } = factMark(report, fact);
		if (state !== 'unchecked') status[state]++;
	}
	status.state = status.drift ? 'drift' : status.unverified ? 'unverified' : status.stale ? 'stale' : status.verified || status.waived || !status.planned ? 'verified' : 'planned';
	return status;
}

/** `2026-11-23T10:04:31Z` → `2026-11-23 10:04 UTC` (the input when it is not a date). */
export function formatUtc(iso: string): string {
	const d = new Date(iso);
	if (Number.isNaN(d.getTime())) return iso;
	return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)} UTC`;
}

/** Anchor of a page's findings on the report page, e.g. `page-grocerymate-overview`. */
export function pageAnchor(slug: string): string {
	return `page-${slug.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'index'}`;
}

/**
 * Days a certificate has left, read from a finding's text such as `42 days left`,
 * `valid until 2027-01-05T10:00:00.000Z`, `notAfter=2027-01-05` or `expires on 2027-01-05`.
 * @param observed
 *   The finding's observed text.
 * @param at
 *   When it was observed (ISO), to count days to a date.
 */
export function certificateDaysLeft(observed: string | undefined, at: string): number | undefined {
	if (!observed) return undefined;
	if (/^-?\d+$/.test(observed.trim())) return Number(observed.trim());
	const days = /(-?\d+)\s*(?:days?|Tage?)\s*(?:left|übrig|remaining)/i.exec(observed);
	if (days) return Number(days[1]);
	const date = /(?:until|expires(?: on)?|notAfter=|bis)\s*(\d{4}-\d{2}-\d{2}(?:[T ][0-9:.]+Z?)?)/i.exec(observed);
	if (!date) return undefined;
	const end = new Date(date[1]!.includes('T') || date[1]!.includes(' ') ? date[1]!.replace(' ', 'T') : `${date[1]}T00:00:00Z`).getTime();
	const from = new Date(at).getTime();
	if (Number.isNaN(end) || Number.isNaN(from)) return undefined;
	return Math.floor((end - from) / 86_400_000);
}

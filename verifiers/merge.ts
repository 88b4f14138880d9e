/**
 * Merging the JSON reports of several verifier runs (CI shards, `--merge a.json b.json …`)
 * into one report. Pure; no I/O. Reports are read with `parseReport` (model/report/parse.ts).
 *
 * - hosts: union by id; when a host appears in several reports, the most informative
 *   result wins (`reached` > `unreachable` > `skipped`, first report on a tie), and the
 *   host's findings from reports where it was in a worse state are dropped (a shard that
 *   skipped a host must not contradict the shard that verified it);
 * - findings: concatenated in report order, identical findings kept once (checks made
 *   from the build machine, such as TLS or DNS, may run in every shard);
 * - summary: recomputed from the merged findings;
 * - startedAt: earliest, finishedAt: latest; complete: all complete;
 * - error when the report versions, targets, commits or source modes differ.
 */
import { OUTCOMES, REPORT_VERSION, type Finding, type HostResult, type Outcome, type VerifyReport } from '../model/report/schema.ts';

/** How informative a host state is (higher wins). */
const STATE_RANK: Record<HostResult['state'], number> = { reached: 3, unreachable: 2, skipped: 1 };

/** A report together with the name it came from (file path), for error messages. */
export interface NamedReport {
	/** Where the report came from, e.g. `reports/shard-1.json`. */
	name: string;
	/** The report. */
	report: VerifyReport;
}

/**
 * A canonical text for a value (object keys sorted), used to recognise identical findings.
 *
 * @param value
 *   Any JSON value.
 * @returns
 *   Canonical JSON text.
 */
function canonical(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
	if (value && typeof value === 'object') {
		const entries = Object.entries(value as Record<string, unknown>)
			.filter(([, v]) => v !== undefined)
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
		return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
	}
	return JSON.stringify(value);
}

/**
 * The one distinct value among several, or an error naming the reports that disagree.
 *
 * @param reports
 *   The reports.
 * @param what
 *   Field label for the message.
 * @param pick
 *   Reads the field.
 * @returns
 *   The common value (undefined values are ignored; undefined when all are undefined).
 */
function common<T>(reports: readonly NamedReport[], what: string, pick: (r: VerifyReport) => T | undefined): T | undefined {
	let first: { name: string; value: T } | undefined;
	for (const { name, report } of reports) {
		const value = pick(report);
		if (value === undefined) continue;
		if (!first) first = { name, value };
		else if (value !== first.value) {
			throw new Error(`cannot merge reports with different ${what}: ${first.name} has ${JSON.stringify(first.value)}, ${name} has ${JSON.stringify(value)}`);
		}
	}
	return first?.value;
}

/**
 * Merges several reports into one.
 *
 * @param input
 *   Reports, plain or with the name they came from (for error messages).
 * @returns
 *   The merged report.
 * @throws
 *   `Error` when no report is given or when versions, targets, commits or source modes differ.
 */
export function mergeReports(input: readonly (VerifyReport | NamedReport)[]): VerifyReport {
	if (input.length === 0) throw new Error('--merge: no reports to merge (give one or more JSON report files)');
	const reports: NamedReport[] = input.map((entry, i) =>
		'report' in entry && 'name' in entry ? entry : { name: `report #${i + 1}`, report: entry },
	);
	for (const { name, report } of reports) {
		if (report.version !== REPORT_VERSION) {
			throw new Error(`cannot merge: ${name} has report version ${JSON.stringify(report.version)}, this verifier reads version ${String(REPORT_VERSION)}`);
		}
	}
	const target = common(reports, 'targets', (r) => r.target) as string;
	const commit = common(reports, 'commits (docs revisions)', (r) => r.commit);
	const mode = common(reports, 'source modes (live / replay)', (r) => r.source?.mode) ?? 'live';

	// Winner per host: the most informative state, first report on a tie.
	const winner = new Map<string, { rank: number; host: HostResult }>();
	for (const { report } of reports) {
		for (const host of report.hosts) {
			const rank = STATE_RANK[host.state];
			const current = winner.get(host.id);
			if (!current || rank > current.rank) winner.set(host.id, { rank, host });
		}
	}

	const seen = new Set<string>();
	const findings: Finding[] = [];
	for (const { report } of reports) {
		const stateHere = new Map(report.hosts.map((h) => [h.id, STATE_RANK[h.state]]));
		for (const finding of report.findings) {
			if (finding.host !== undefined) {
				const here = stateHere.get(finding.host);
				const best = winner.get(finding.host)?.rank;
				if (here !== undefined && best !== undefined && here < best) continue;
			}
			const key = canonical(finding);
			if (seen.has(key)) continue;
			seen.add(key);
			findings.push(finding);
		}
	}

	const summary = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
	for (const finding of findings) summary[finding.outcome] += 1;

	const times = (pick: (r: VerifyReport) => string) => reports.map(({ report }) => pick(report)).sort((a, b) => Date.parse(a) - Date.parse(b));
	const started = times((r) => r.startedAt);
	const finished = times((r) => r.finishedAt);

	const source: VerifyReport['source'] = { mode };
	const evidence = [...new Set(reports.map(({ report }) => report.source?.evidence).filter((e): e is string => e !== undefined))];
	if (evidence.length === 1) source.evidence = evidence[0];
	const observed = reports.map(({ report }) => report.source?.observedAt).filter((t): t is string => t !== undefined).sort((a, b) => Date.parse(a) - Date.parse(b));
	if (observed.length > 0) source.observedAt = observed[0];

	const merged: VerifyReport = {
		version: REPORT_VERSION,
		target,
		startedAt: started[0]!,
		finishedAt: finished[finished.length - 1]!,
		complete: reports.every(({ report }) => report.complete),
		source,
		hosts: [...winner.values()].map((w) => w.host),
		summary,
		findings,
	};
	if (commit !== undefined) merged.commit = commit;
	return merged;
}

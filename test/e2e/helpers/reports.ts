/**
 * Verifier reports for the e2e builds, generated from the current fact store so
 * they stay valid while the content changes: `clean` (every fact verified) and
 * `drift` (one fact drifted, plus an unreachable host with hostile text).
 */
import { loadFactStore, type DeclaredFact } from '../../../model/facts/store.ts';
import type { Finding, VerifyReport } from '../../../model/report/schema.ts';
import { ROOT } from './build.ts';

/**
 * When the e2e reports say they ran: the last full hour minus one hour, so the
 * observations are fresh (not stale under VERIFY_MAX_AGE) and the build cache,
 * keyed by the report text, is reused within the hour.
 */
export const RUN_AT = {
	started: new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000),
	get finished() { return new Date(this.started.getTime() + 4 * 60_000 + 31_000); },
};

/** Observed value the drift report puts on the drifted fact. */
export const DRIFT_OBSERVED = 'DRIFT-OBSERVED-<b>x</b>';

/** The fact store, the fact the drift report drifts and the ids of hosts. */
export function factsForReports() {
	const store = loadFactStore(ROOT);
	const facts = [...store.facts.values()].filter((f) => f.value.status !== 'planned').sort((a, b) => a.id.localeCompare(b.id));
	const bilingual = (f: DeclaredFact) => store.pages.has(`de/${f.slug}`) && store.pages.has(`en/${f.slug}`);
	const drifted = facts.find((f) => f.kind === 'sockets' && bilingual(f)) ?? facts.find(bilingual) ?? facts[0];
	if (!drifted) throw new Error('No facts declared in content/docs; the e2e reports need at least one.');
	const hosts = facts.filter((f) => f.kind === 'hosts').map((f) => String(f.value.id));
	return { store, facts, drifted, hosts };
}

/**
 * A report.
 * @param kind
 *   `clean` or `drift`.
 */
export function makeReport(kind: 'clean' | 'drift'): VerifyReport {
	const { facts, drifted, hosts } = factsForReports();
	const findings: Finding[] = facts.map((f) => ({
		outcome: 'verified', kind: f.kind, ruleId: `${f.kind}/value`, factId: f.id, host: f.host, file: f.file, line: f.line,
		message: 'documented and observed agree',
		...(f.kind === 'certificates' ? { message: `certificate is valid until 2027-01-23T10:00:00.000Z (TLSv1.3)` } : {}),
	}));
	const report: VerifyReport = {
		version: 1, target: 'lab', startedAt: RUN_AT.started.toISOString(), finishedAt: RUN_AT.finished.toISOString(), commit: 'e2e', complete: true,
		source: { mode: 'live' },
		hosts: hosts.map((id, i) => ({ id, state: 'reached', address: `10.231.${i + 1}.2`, durationMs: 1200, hostKeys: [{ host: id, type: 'ssh-ed25519', fingerprint: `SHA256:e2e-${id}` }] })),
		summary: { verified: findings.length, drift: 0, unverified: 0, undocumented: 0, waived: 0, planned: 0 },
		findings,
	};
	if (kind === 'drift') {
		const f = findings.find((x) => x.factId === drifted.id)!;
		Object.assign(f, { outcome: 'drift', ruleId: `${drifted.kind}/value`, expected: 'documented', observed: DRIFT_OBSERVED, message: 'drift injected by the e2e test' });
		report.hosts.push({ id: 'evil<script>', state: 'unreachable', durationMs: 5, hostKeys: [], message: '\u001b[31m<img src=x onerror="window.__pwned=1"> **bold**\u001b[0m' });
		report.findings.push({ outcome: 'undocumented', kind: 'sockets', ruleId: 'sockets/undocumented', host: hosts[0], observed: '<script>window.__pwned=2</script>', message: '# not a heading' });
		// an undocumented container as the verifier writes it: English message + message id and data (the site renders German from those)
		report.findings.push({
			outcome: 'undocumented', kind: 'containers', ruleId: 'containers/undocumented', host: hosts[0], observed: 'e2e-helper busybox:1.36 running',
			message: `Container e2e-helper (busybox:1.36, running) runs on ${hosts[0]} but no page documents it; add a container fact or ignore.containers.`,
			messageId: 'undocumented/container', data: { host: hosts[0]!, name: 'e2e-helper', image: 'busybox:1.36', state: 'running' },
		});
		report.summary = { ...report.summary, verified: findings.length - 1, drift: 1, undocumented: 2 };
	}
	return report;
}

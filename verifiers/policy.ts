/**
 * Policy: what fails a run. Owns waivers, the `fails` flag of findings and the exit
 * code — reporters never decide either (goss anti-pattern).
 *
 * Exit codes: 0 everything verified (waived/planned/non-failing undocumented are fine),
 * 1 any drift or failing undocumented finding, 2 no drift but something unverified,
 * 3 usage or configuration error, 130 interrupted.
 */
import type { DeclaredFact } from '../model/facts/store.ts';
import type { Finding, Outcome, VerifyReport } from '../model/report/schema.ts';
import { findingFails } from '../model/report/version.ts';
import { isLoopback } from '../lib/net.ts';

/** Exit codes of the CLI. */
export const EXIT = { ok: 0, drift: 1, unverified: 2, usage: 3, interrupted: 130 } as const;

/** Which undocumented findings fail the run. */
export interface UndocumentedPolicy {
	/** Listening sockets: `non-loopback` (default), `all`, or `never`. */
	sockets: 'non-loopback' | 'all' | 'never';
	/** Firewall rules nobody documented. @default true */
	firewalls: boolean;
	/** Containers nobody documented. @default false */
	containers: boolean;
	/** Docker networks. @default false */
	networks: boolean;
	/** Docker volumes. @default false */
	volumes: boolean;
}

/** The default policy. */
export const DEFAULT_POLICY: UndocumentedPolicy = { sockets: 'non-loopback', firewalls: true, containers: false, networks: false, volumes: false };

/** `true` when a waiver's last day (UTC) is before `now`'s day. */
export function waiverExpired(expires: string, now: Date): boolean {
	return expires < now.toISOString().slice(0, 10);
}

/**
 * Applies waivers and sets `fails` on every finding.
 * @param findings
 *   Findings from the comparators.
 * @param facts
 *   Declared facts by id (for waivers).
 * @param now
 *   Today (waiver expiry).
 * @param policy
 *   Undocumented policy.
 */
export function applyPolicy(findings: Finding[], facts: ReadonlyMap<string, DeclaredFact>, now: Date, policy: UndocumentedPolicy = DEFAULT_POLICY): Finding[] {
	return findings.map((f) => {
		const out: Finding = { ...f };
		const waiver = f.factId ? facts.get(f.factId)?.value.waiver : undefined;
		if (f.outcome === 'drift' && waiver) {
			const expired = waiverExpired(waiver.expires, now);
			out.waiver = { reason: waiver.reason, owner: waiver.owner, expires: waiver.expires, expired };
			if (!expired) out.outcome = 'waived';
			else out.message = `${f.message} (waiver by ${waiver.owner} expired on ${waiver.expires}: ${waiver.reason})`;
		}
		out.fails = out.outcome === 'drift' || (out.outcome === 'undocumented' && undocumentedFails(out, policy));
		return out;
	});
}

function undocumentedFails(f: Finding, p: UndocumentedPolicy): boolean {
	switch (f.kind) {
		case 'sockets':
			return p.sockets === 'all' || (p.sockets === 'non-loopback' && !isLoopback(f.undocumented?.bind ?? '*'));
		case 'firewalls': return p.firewalls;
		case 'containers': return p.containers;
		case 'networks': return p.networks;
		case 'volumes': return p.volumes;
		default: return false;
	}
}

/** Counts findings per outcome. */
export function summarise(findings: readonly Finding[]): Record<Outcome, number> {
	const s: Record<Outcome, number> = { verified: 0, drift: 0, unverified: 0, undocumented: 0, waived: 0, planned: 0 };
	for (const f of findings) s[f.outcome]++;
	return s;
}

/** The exit code a report deserves. */
export function exitCodeOf(report: Pick<VerifyReport, 'findings' | 'complete'>): number {
	if (report.findings.some(findingFails)) return EXIT.drift;
	if (report.findings.some((f) => f.outcome === 'unverified')) return EXIT.unverified;
	if (!report.complete) return EXIT.unverified;
	return EXIT.ok;
}

/** Findings that make the build fail in a mode. */
export function failingFindings(report: VerifyReport, mode: 'strict' | 'warn' | 'off'): Finding[] {
	if (mode !== 'strict') return [];
	return report.findings.filter((f) => findingFails(f) || f.outcome === 'unverified');
}

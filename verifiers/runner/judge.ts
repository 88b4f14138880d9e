/**
 * The compare step: every planned fact against what its host's probe and the build
 * machine observed — verified, drift, unverified (with why), planned — plus the
 * undocumented reality per reached host. Pure: no I/O.
 */
import type { DeclaredFact } from '../../model/facts/store.ts';
import type { Finding, HostResult } from '../../model/report/schema.ts';
import type { HostObservation, LocalObservation, SectionName } from '../observation.ts';
import type { ProbePlan } from '../probe/script.ts';
import { compareFact, LOCAL_KINDS, sectionsNeeded } from '../kinds/index.ts';
import type { CompareContext } from '../kinds/kind.ts';
import { findUndocumented } from '../kinds/undocumented.ts';
import { isCurrent, type RunPlan } from '../plan.ts';
import { bounded } from '../probe/parse/result.ts';

/** What became of one host: its result, and what the probe saw when it was reached. */
export interface HostRun {
	/** The host's entry in the report. */
	result: HostResult;
	/** Transport error code when unreachable (`timeout`, `hostkey-changed`, …). */
	errorCode?: string;
	/** Parsed observations. */
	obs?: HostObservation;
	/** What the probe gathered. */
	probe?: ProbePlan;
}

/** Where the observations come from and when they were made. */
export interface JudgeContext {
	/** Target name. */
	target: string;
	/** When the hosts were observed. */
	observedAt: Date;
	/** Whether the target has a DNS resolver for DNS facts. */
	hasResolver: boolean;
	/** True when judging recorded evidence. */
	replay: boolean;
}

/**
 * Sections (or unit/path names) a fact needs that the probe did not gather (replay of older evidence).
 *
 * @param f
 *   The fact.
 * @param probe
 *   What the probe gathered.
 * @returns
 *   Why the fact cannot be judged, or undefined.
 */
function notGathered(f: DeclaredFact, probe: ProbePlan | undefined): string | undefined {
	if (!probe) return 'no probe plan';
	const missing: SectionName[] = sectionsNeeded(f).filter((s) => !probe.sections.has(s));
	if (missing.length) return `not observed: ${missing.join(', ')}`;
	if (f.kind === 'units' && !probe.units.includes(f.value.name)) return `unit ${f.value.name} not observed`;
	if (f.kind === 'paths' && !probe.paths.includes(f.value.path)) return `path ${f.value.path} not observed`;
	return undefined;
}

/**
 * The documented exposure of sockets that state one (`host/protocol/port` → exposure).
 *
 * @param plan
 *   The run plan.
 * @returns
 *   The map.
 */
function explicitExposures(plan: RunPlan): Map<string, 'public' | 'internal'> {
	const exposure = new Map<string, 'public' | 'internal'>();
	for (const p of plan.hosts.values()) {
		for (const f of p.facts) if (f.kind === 'sockets' && f.value.exposure && isCurrent(f)) exposure.set(`${p.host}/${f.value.protocol}/${f.value.port}`, f.value.exposure);
	}
	return exposure;
}

/** A finding for a fact that could not be checked. */
const unverified = (f: DeclaredFact, message: string): Finding => ({
	outcome: 'unverified', kind: f.kind, ruleId: `${f.kind}/probe`, factId: f.id, ...(f.host ? { host: f.host } : {}), file: f.file, line: f.line, message: bounded(message, 600),
});

/** A finding for a fact that describes the future. */
const planned = (f: DeclaredFact, why: string): Finding => ({
	outcome: 'planned', kind: f.kind, ruleId: `${f.kind}/planned`, factId: f.id, ...(f.host ? { host: f.host } : {}), file: f.file, line: f.line, message: why,
});

/**
 * Judges one fact of a current host.
 *
 * @param f
 *   The fact.
 * @param run
 *   Its host's run.
 * @param cctx
 *   Compare context.
 * @param ctx
 *   Judge context.
 * @returns
 *   Findings.
 */
function judgeFact(f: DeclaredFact, run: HostRun | undefined, cctx: CompareContext, ctx: JudgeContext): Finding[] {
	if (!isCurrent(f)) return [planned(f, 'planned: described for the future, not checked')];
	if (!run || run.result.state === 'skipped') return [unverified(f, run?.result.message ?? (ctx.replay ? `host not in evidence (target ${ctx.target})` : `host not in target ${ctx.target}`))];
	if (run.result.state === 'unreachable') return [unverified(f, `${f.host} unreachable (${run.errorCode ?? 'unreachable'}); fact not checked`)];
	if (!run.obs) return [unverified(f, 'no observation')];
	if (LOCAL_KINDS.has(f.kind)) return compareFact(f, run.obs, cctx);
	const gap = notGathered(f, run.probe);
	if (gap) return [unverified(f, `${gap}${ctx.replay ? ' in the evidence' : ''}`)];
	return compareFact(f, run.obs, cctx);
}

/**
 * Judges every fact against the host runs and local observations (pure).
 *
 * @param plan
 *   The run plan.
 * @param runs
 *   Host runs by id.
 * @param local
 *   Build-machine observations.
 * @param ctx
 *   Target name, time, resolver presence, mode.
 * @returns
 *   Findings, unsorted, before the policy.
 */
export function judge(plan: RunPlan, runs: ReadonlyMap<string, HostRun>, local: LocalObservation, ctx: JudgeContext): Finding[] {
	const findings: Finding[] = [];
	const cctx: CompareContext = { local, observedAt: ctx.observedAt, target: ctx.target, hasResolver: ctx.hasResolver, explicitExposure: explicitExposures(plan) };
	for (const p of plan.hosts.values()) {
		const run = runs.get(p.host);
		if (p.status !== 'current') {
			for (const f of p.facts) findings.push(planned(f, `host ${p.host} is ${p.status}; not checked`));
			continue;
		}
		if (run?.result.state === 'unreachable') {
			const hostFact = p.facts.find((f) => f.kind === 'hosts');
			findings.push({ outcome: 'unverified', kind: 'host', ruleId: `host/${run.errorCode ?? 'unreachable'}`, host: p.host, ...(hostFact ? { file: hostFact.file, line: hostFact.line } : {}), message: `${p.host} unreachable (${run.errorCode ?? 'unreachable'}): ${run.result.message ?? ''}` });
		}
		for (const f of p.facts) findings.push(...judgeFact(f, run, cctx, ctx));
		if (run?.result.state === 'reached' && run.obs) findings.push(...findUndocumented(p.host, p.facts, run.obs));
	}
	// served facts without a host
	for (const f of plan.served) {
		if (f.host) continue;
		if (!isCurrent(f)) { findings.push(planned(f, 'planned: described for the future, not checked')); continue; }
		findings.push(...compareFact(f, { problems: {} }, cctx));
	}
	return findings;
}

/**
 * Sorts findings by file, line, host, rule for stable output.
 *
 * @param findings
 *   Findings (sorted in place).
 * @returns
 *   The same array.
 */
export function sortFindings(findings: Finding[]): Finding[] {
	return findings.sort((a, b) => (a.file ?? '\uffff').localeCompare(b.file ?? '\uffff') || (a.line ?? 0) - (b.line ?? 0) || (a.host ?? '').localeCompare(b.host ?? '') || a.ruleId.localeCompare(b.ruleId) || (a.observed ?? '').localeCompare(b.observed ?? ''));
}

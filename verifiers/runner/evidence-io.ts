/**
 * Host runs to and from evidence files: `--record` writes what a live run observed
 * (redacted observations, probe plans), `--replay` turns a file back into host runs.
 */
import { readEvidence, writeEvidence, EVIDENCE_VERSION, type EvidenceHost } from '../evidence.ts';
import { VerifierConfigError } from '../errors.ts';
import type { LocalObservation } from '../observation.ts';
import type { HostRun } from './judge.ts';

/** What a replay restores. */
export interface Replayed {
	/** Target of the recorded run. */
	target: string;
	/** When it was observed. */
	observedAt: Date;
	/** Whether the target had a DNS resolver. */
	hasResolver: boolean;
	/** Build-machine observations. */
	local: LocalObservation;
	/** Host runs by id. */
	runs: Map<string, HostRun>;
}

/**
 * Reads an evidence file into host runs.
 *
 * @param file
 *   Evidence file.
 * @returns
 *   What the recorded run observed.
 * @throws
 *   VerifierConfigError for a missing or invalid file.
 */
export function replayEvidence(file: string): Replayed {
	let ev;
	try {
		ev = readEvidence(file);
	} catch (e) {
		throw new VerifierConfigError((e as Error).message, 'Pass a file written by `npm run verify -- --record <file>`.');
	}
	const runs = new Map<string, HostRun>();
	for (const [id, h] of Object.entries(ev.hosts)) {
		runs.set(id, {
			result: h.result,
			...(h.errorCode ? { errorCode: h.errorCode } : {}),
			...(h.observation ? { obs: h.observation } : {}),
			...(h.plan ? { probe: { sections: new Set(h.plan.sections), units: h.plan.units, paths: h.plan.paths } } : {}),
		});
	}
	return { target: ev.target, observedAt: new Date(ev.observedAt), hasResolver: ev.hasResolver, local: ev.local, runs };
}

/**
 * Writes the host runs of a live run as evidence.
 *
 * @param file
 *   Evidence file.
 * @param run
 *   Target, commit, start time, resolver presence, runs, local observations.
 */
export function recordEvidence(file: string, run: { target: string; commit: string | undefined; startedAt: Date; hasResolver: boolean; runs: ReadonlyMap<string, HostRun>; local: LocalObservation }): void {
	const hosts: Record<string, EvidenceHost> = {};
	for (const [id, r] of run.runs) {
		hosts[id] = {
			result: r.result,
			...(r.errorCode ? { errorCode: r.errorCode } : {}),
			...(r.probe ? { plan: { sections: [...r.probe.sections].sort(), units: [...r.probe.units], paths: [...r.probe.paths] } } : {}),
			...(r.obs ? { observation: r.obs } : {}),
		};
	}
	writeEvidence(file, {
		format: 'verified-runbooks-evidence', version: EVIDENCE_VERSION, target: run.target, ...(run.commit ? { commit: run.commit } : {}),
		observedAt: run.startedAt.toISOString(), hasResolver: run.hasResolver, hosts, local: run.local,
	});
}

/**
 * Evidence: the redacted, parsed observations of a run with when, where and against
 * which host keys they were made (`--record`), and the input of `--replay`, which
 * verifies the docs against them without any network.
 */
import { readFileSync } from 'node:fs';
import { z } from 'astro/zod';
import type { HostObservation, LocalObservation, SectionName } from './observation.ts';
import type { HostResult } from '../model/report/schema.ts';
import { redactDeep } from './redact.ts';
import { writeFileAtomic } from '../lib/fsutil.ts';

/** Version of the evidence format. */
export const EVIDENCE_VERSION = 1 as const;

/** One host in the evidence. */
export interface EvidenceHost {
	result: HostResult;
	/** Transport error code when unreachable. */
	errorCode?: string;
	/** What the probe was asked to gather. */
	plan?: { sections: SectionName[]; units: string[]; paths: string[] };
	observation?: HostObservation;
}

/** A recorded run. */
export interface Evidence {
	format: 'verified-runbooks-evidence';
	version: typeof EVIDENCE_VERSION;
	target: string;
	commit?: string;
	/** When the observations were made (ISO). */
	observedAt: string;
	/** Whether the target had a DNS resolver. */
	hasResolver: boolean;
	hosts: Record<string, EvidenceHost>;
	local: LocalObservation;
}

const EvidenceShape = z.looseObject({
	format: z.literal('verified-runbooks-evidence'),
	version: z.literal(EVIDENCE_VERSION),
	target: z.string(),
	observedAt: z.string(),
	hasResolver: z.boolean(),
	hosts: z.record(z.string(), z.looseObject({ result: z.looseObject({ id: z.string(), state: z.string() }) })),
	local: z.looseObject({ tls: z.array(z.any()), http: z.array(z.any()), dns: z.array(z.any()), reach: z.array(z.any()) }),
});

/** Thrown for an unreadable or invalid evidence file (CLI exit 3). */
export class EvidenceError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'EvidenceError';
	}
}

/** Writes evidence atomically; everything is redacted once more on the way out. */
export function writeEvidence(file: string, evidence: Evidence): void {
	writeFileAtomic(file, JSON.stringify(redactDeep(evidence), null, '\t') + '\n');
}

/** Reads and validates evidence. */
export function readEvidence(file: string): Evidence {
	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch (e) {
		throw new EvidenceError(`cannot read evidence ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
	}
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch (e) {
		throw new EvidenceError(`evidence ${file} is not JSON: ${(e as Error).message}`);
	}
	const r = EvidenceShape.safeParse(json);
	if (!r.success) throw new EvidenceError(`evidence ${file} is not a verifier evidence file (v${EVIDENCE_VERSION}): ${r.error.issues[0]?.path.join('.')}: ${r.error.issues[0]?.message}`);
	return json as Evidence;
}

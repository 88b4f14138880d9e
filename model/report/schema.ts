/**
 * The verifier's JSON report: a versioned contract read by the site (badges, report
 * page, PDF appendix), by CI (annotations, merge of shards) and by replay.
 * Bump `REPORT_VERSION` on any incompatible change. The types are the schema's output,
 * so the writer (`verifiers/`), the merge and the readers (`src/`) share one definition.
 */
import { z } from 'astro/zod';
import { FACT_KINDS } from '../schemas/facts.ts';
import { REPORT_VERSION } from './version.ts';

export { REPORT_VERSION } from './version.ts';

/** Every outcome, in display order. */
export const OUTCOMES = ['verified', 'drift', 'unverified', 'undocumented', 'waived', 'planned'] as const;

/**
 * What became of one fact (or one observed thing):
 * - `verified`: documented and observed agree;
 * - `drift`: documented ≠ observed (both values given);
 * - `unverified`: could not be checked (host unreachable, auth/host-key failure, probe missing, output unparsable, no sudo) — the cause is in `message`;
 * - `undocumented`: observed on the host but declared nowhere;
 * - `waived`: drift accepted by a waiver that has not expired;
 * - `planned`: declared as planned, not checked.
 */
export const OutcomeSchema = z.enum(OUTCOMES, { error: `must be one of: ${OUTCOMES.join(', ')}` });
export type Outcome = z.output<typeof OutcomeSchema>;

/** An ISO time stamp (UTC), as written by `Date#toISOString`. */
const TimeSchema = z.string().refine((s) => !Number.isNaN(Date.parse(s)), { error: 'must be an ISO time, e.g. 2026-12-02T14:00:00.000Z' });

/** A waiver attached to a finding. */
export const FindingWaiverSchema = z.object({
	/** Why the drift is accepted. */
	reason: z.string(),
	/** Who accepted it. */
	owner: z.string(),
	/** Expiry date (ISO). */
	expires: z.string(),
	/** `true` when the waiver has expired (the finding is then `drift`). */
	expired: z.boolean(),
});

/** One result. */
export const FindingSchema = z.object({
	/** The outcome. */
	outcome: OutcomeSchema,
	/** Fact kind (`sockets`, `containers`, …) or `host` for host-level problems (unreachable, host key). */
	kind: z.enum([...FACT_KINDS, 'host'], { error: `must be a fact kind (${FACT_KINDS.join(', ')}) or host` }),
	/** Rule id, `<kind>/<property>`, e.g. `sockets/bind`, `containers/image`, `host/unreachable`. */
	ruleId: z.string(),
	/** Fact id (see model/facts/keys.ts); absent for undocumented things and host-level findings. */
	factId: z.string().optional(),
	/** Host id. */
	host: z.string().optional(),
	/** Page file that declares the fact, relative to the project root. */
	file: z.string().optional(),
	/** 1-based line of the fact in `file`. */
	line: z.number().int().positive().optional(),
	/** Documented value (as text). */
	expected: z.string().optional(),
	/** Observed value (as text, redacted, bounded). */
	observed: z.string().optional(),
	/** What differs and what to check. Plain text; never contains secrets. */
	message: z.string(),
	/**
	 * Id of the template `message` was filled from, `<kind>/<id>` (a kind's `meta.messages` key, or
	 * `undocumented/<id>`), so the site can render the message in the page's language
	 * (src/verification/i18n/). Absent for free-text causes. Optional, added in v1.
	 */
	messageId: z.string().optional(),
	/** The template's values (bounded text, like `message`), for `messageId`. Optional, added in v1. */
	data: z.record(z.string(), z.string()).optional(),
	/** Waiver details when `outcome` is `waived` (or when an expired waiver made it `drift`). */
	waiver: FindingWaiverSchema.optional(),
	/** Set by the policy: `true` when this finding fails the run (drift, failing undocumented). Optional, added in v1. */
	fails: z.boolean().optional(),
	/**
	 * `true` when the fact rests on an assumption (its `source` names one): a `verified` outcome
	 * then only shows that the target agrees with the assumption, not that the real server does.
	 * Readers show it as "assumption", not as plainly verified. Optional, added in v1.
	 */
	assumption: z.boolean().optional(),
	/** Details of an undocumented socket used by the policy (normalised bind address). Optional, added in v1. */
	undocumented: z.object({
		/** Normalised bind address of the undocumented socket. */
		bind: z.string().optional(),
	}).optional(),
});
export type Finding = z.output<typeof FindingSchema>;

/** Every host state, most informative first. */
export const HOST_STATES = ['reached', 'unreachable', 'skipped'] as const;

/** A host key seen on one hop. */
export const HostKeySchema = z.object({
	/** Host (hop) id, e.g. `nb-revproxy`. */
	host: z.string(),
	/** Key type, e.g. `ssh-ed25519`. */
	type: z.string(),
	/** Fingerprint, e.g. `SHA256:…`. */
	fingerprint: z.string(),
});

/** How a host was reached. */
export const HostResultSchema = z.object({
	/** Host id. */
	id: z.string(),
	/** `reached`, `unreachable` (any connection/auth/host-key/egress problem), or `skipped` (not in target). */
	state: z.enum(HOST_STATES, { error: `must be one of: ${HOST_STATES.join(', ')}` }),
	/** Address connected to (from the inventory, never from the docs). */
	address: z.string().optional(),
	/** Host keys seen on every hop. */
	hostKeys: z.array(HostKeySchema),
	/** Cause when unreachable/skipped. */
	message: z.string().optional(),
	/** Wall time for this host. */
	durationMs: z.number().nonnegative(),
	/** What the probe cost on the host, measured by the probe script (shown by `--verbose`). Optional, added in v1. */
	probe: z.object({
		/** CPU time of the whole probe on the host (the shell and every process it started), ms. */
		cpuMs: z.number().nonnegative(),
		/** Wall time of the probe's sections on the host (10 ms resolution), ms. */
		wallMs: z.number().nonnegative(),
		/** Per section, in the order they ran (`sudo` is the one sudo decision). */
		sections: z.array(z.object({
			/** Section name. */
			name: z.string(),
			/** `root` when it ran through sudo (or as a root login). */
			priv: z.enum(['root', 'user']),
			/** CPU time, ms. */
			cpuMs: z.number().nonnegative(),
			/** Wall time, ms. */
			wallMs: z.number().nonnegative(),
		})),
	}).optional(),
});
export type HostResult = z.output<typeof HostResultSchema>;

/** Where the observations came from. */
export const ReportSourceSchema = z.object({
	/** `live` (observed over the network) or `replay` (from recorded evidence). */
	mode: z.enum(['live', 'replay'], { error: 'must be live or replay' }),
	/** Evidence file replayed. */
	evidence: z.string().optional(),
	/** When the replayed evidence was observed (ISO). */
	observedAt: z.string().optional(),
});

/** Counts per outcome. */
export const SummarySchema = z.object({
	/** Number of `verified` findings. */
	verified: z.number().int().nonnegative(),
	/** Number of `drift` findings. */
	drift: z.number().int().nonnegative(),
	/** Number of `unverified` findings. */
	unverified: z.number().int().nonnegative(),
	/** Number of `undocumented` findings. */
	undocumented: z.number().int().nonnegative(),
	/** Number of `waived` findings. */
	waived: z.number().int().nonnegative(),
	/** Number of `planned` findings. */
	planned: z.number().int().nonnegative(),
}) satisfies z.ZodType<Record<Outcome, number>>;

/** A whole run. */
export const VerifyReportSchema = z.object({
	/** Contract version; readers refuse any other. */
	version: z.literal(REPORT_VERSION, { error: `must be ${REPORT_VERSION}` }),
	/** Target name (`lab`, `production`, …). */
	target: z.string(),
	/** Start of the run (ISO, UTC). */
	startedAt: TimeSchema,
	/** End of the run (ISO, UTC). */
	finishedAt: TimeSchema,
	/** Git commit of the docs, when known. */
	commit: z.string().optional(),
	/** `false` when the run was interrupted (SIGINT, timeout): do not trust missing findings. */
	complete: z.boolean(),
	/** `live` (observed over the network) or `replay` (from recorded evidence, with its time). */
	source: ReportSourceSchema,
	/** One result per host of the target. */
	hosts: z.array(HostResultSchema),
	/** Counts per outcome. */
	summary: SummarySchema,
	/** Every finding, in report order. */
	findings: z.array(FindingSchema),
});
export type VerifyReport = z.output<typeof VerifyReportSchema>;

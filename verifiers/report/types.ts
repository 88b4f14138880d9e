/**
 * The verifier's JSON report: a versioned contract read by the site (badges, report
 * page, PDF appendix), by CI (annotations, merge of shards) and by replay.
 * Bump `REPORT_VERSION` on any incompatible change.
 */
import type { FactKind } from '../../src/schemas/facts.ts';

/** Version of the report contract. */
export const REPORT_VERSION = 1 as const;

/**
 * What became of one fact (or one observed thing):
 * - `verified`: documented and observed agree;
 * - `drift`: documented ≠ observed (both values given);
 * - `unverified`: could not be checked (host unreachable, auth/host-key failure, probe missing, output unparsable, no sudo) — the cause is in `message`;
 * - `undocumented`: observed on the host but declared nowhere;
 * - `waived`: drift accepted by a waiver that has not expired;
 * - `planned`: declared as planned, not checked.
 */
export type Outcome = 'verified' | 'drift' | 'unverified' | 'undocumented' | 'waived' | 'planned';

/** One result. */
export interface Finding {
	/** The outcome. */
	outcome: Outcome;
	/** Fact kind (`sockets`, `containers`, …) or `host` for host-level problems (unreachable, host key). */
	kind: FactKind | 'host';
	/** Rule id, `<kind>/<property>`, e.g. `sockets/bind`, `containers/image`, `host/unreachable`. */
	ruleId: string;
	/** Fact id (see src/facts/keys.ts); absent for undocumented things and host-level findings. */
	factId?: string;
	/** Host id. */
	host?: string;
	/** Page file that declares the fact, relative to the project root. */
	file?: string;
	/** 1-based line of the fact in `file`. */
	line?: number;
	/** Documented value (as text). */
	expected?: string;
	/** Observed value (as text, redacted, bounded). */
	observed?: string;
	/** What differs and what to check. Plain text; never contains secrets. */
	message: string;
	/** Waiver details when `outcome` is `waived` (or when an expired waiver made it `drift`). */
	waiver?: { reason: string; owner: string; expires: string; expired: boolean };
	/** Set by the policy: `true` when this finding fails the run (drift, failing undocumented). Optional, added in v1. */
	fails?: boolean;
	/** Details of an undocumented socket used by the policy (normalised bind address). Optional, added in v1. */
	undocumented?: { bind?: string };
}

/** How a host was reached. */
export interface HostResult {
	/** Host id. */
	id: string;
	/** `reached`, `unreachable` (any connection/auth/host-key/egress problem), or `skipped` (not in target). */
	state: 'reached' | 'unreachable' | 'skipped';
	/** Address connected to (from the inventory, never from the docs). */
	address?: string;
	/** Host keys seen on every hop, e.g. `{ host: 'nb-revproxy', type: 'ssh-ed25519', fingerprint: 'SHA256:…' }`. */
	hostKeys: { host: string; type: string; fingerprint: string }[];
	/** Cause when unreachable/skipped. */
	message?: string;
	/** Wall time for this host. */
	durationMs: number;
}

/** A whole run. */
export interface VerifyReport {
	version: typeof REPORT_VERSION;
	/** Target name (`lab`, `production`, …). */
	target: string;
	/** ISO timestamps (UTC). */
	startedAt: string;
	finishedAt: string;
	/** Git commit of the docs, when known. */
	commit?: string;
	/** `false` when the run was interrupted (SIGINT, timeout): do not trust missing findings. */
	complete: boolean;
	/** `live` (observed over the network) or `replay` (from recorded evidence, with its time). */
	source: { mode: 'live' | 'replay'; evidence?: string; observedAt?: string };
	hosts: HostResult[];
	/** Counts per outcome. */
	summary: Record<Outcome, number>;
	findings: Finding[];
}

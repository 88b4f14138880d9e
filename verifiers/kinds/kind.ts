/**
 * The comparator contract (ESLint-style rule: metadata + pure check). A kind turns the
 * facts of one kind and the observation of their host into findings. Comparators never
 * do I/O and never import the transport.
 */
import type { DeclaredFact } from '../../model/facts/store.ts';
import type { FactKind } from '../../model/schemas/facts.ts';
import type { Finding, Outcome } from '../../model/report/schema.ts';
import type { HostObservation, LocalObservation, SectionName } from '../observation.ts';
import { bounded } from '../probe/parse/result.ts';

/** What a comparator may read besides the fact and the host observation. */
export interface CompareContext {
	/** Observations from the build machine (TLS, HTTP, DNS, TCP reachability). */
	local: LocalObservation;
	/** When the observation was made (days-left computations). */
	observedAt: Date;
	/** Target name (for messages). */
	target: string;
	/** Whether the target configures a DNS resolver. */
	hasResolver: boolean;
	/** Explicit `exposure` of documented sockets, by `host/protocol/port` (a container's published port takes it). */
	explicitExposure?: ReadonlyMap<string, 'public' | 'internal'>;
}

/** Metadata of a kind. */
export interface KindMeta {
	/** One line: what is checked. */
	description: string;
	/** Message templates by id; `{{name}}` placeholders are filled from `data`. */
	messages: Record<string, string>;
}

/** A fact kind's checker; it receives the facts of its kind `K`, typed by that kind's schema. */
export interface Kind<K extends FactKind = FactKind> {
	/** The fact kind checked. */
	kind: K;
	/** Description and message templates. */
	meta: KindMeta;
	/** Host sections the fact needs (empty for kinds observed from the build machine). */
	needs(fact: DeclaredFact<K>): SectionName[];
	/** Pure comparison. Returns at least one finding per fact (`verified` when everything matches). */
	compare(fact: DeclaredFact<K>, obs: HostObservation, ctx: CompareContext): Finding[];
}

/**
 * Fills a message template.
 * @param template
 *   Text with `{{key}}` placeholders.
 * @param data
 *   Values.
 */
export function format(template: string, data: Record<string, unknown>): string {
	return template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => bounded(data[k] ?? '', 300));
}

/**
 * A template's values as the report carries them (`Finding.data`): text, bounded like the message.
 * @param data
 *   Values (`undefined` ones are left out).
 */
export function templateData(data: Record<string, unknown>): Record<string, string> {
	return Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined).map(([k, v]) => [k, bounded(v, 300)]));
}

/** Builds findings for one fact of one kind. */
export class FindingBuilder {
	readonly out: Finding[] = [];
	readonly #fact: DeclaredFact;
	readonly #meta: KindMeta;
	constructor(fact: DeclaredFact, meta: KindMeta) {
		this.#fact = fact;
		this.#meta = meta;
	}
	/**
	 * Adds a finding.
	 * @param outcome
	 *   Outcome.
	 * @param property
	 *   Rule property (`bind`, `image`…): the rule id is `<kind>/<property>`.
	 * @param messageId
	 *   Key of `meta.messages`.
	 * @param data
	 *   Template values; `expected`/`observed` are also copied to the finding.
	 */
	add(outcome: Outcome, property: string, messageId: string, data: Record<string, unknown> = {}): this {
		const f = this.#fact;
		const template = this.#meta.messages[messageId] ?? messageId;
		this.out.push({
			outcome,
			kind: f.kind,
			ruleId: `${f.kind}/${property}`,
			factId: f.id,
			...(f.host ? { host: f.host } : {}),
			file: f.file,
			line: f.line,
			...(data.expected !== undefined ? { expected: bounded(show(data.expected), 500) } : {}),
			...(data.observed !== undefined ? { observed: bounded(show(data.observed), 500) } : {}),
			message: format(template, { host: f.host, ...data }),
			...(this.#meta.messages[messageId] ? { messageId: `${f.kind}/${messageId}`, data: templateData({ host: f.host, ...data }) } : {}),
		});
		return this;
	}
	/** Drift on `property` with both values. */
	drift(property: string, messageId: string, expected: unknown, observed: unknown, data: Record<string, unknown> = {}): this {
		return this.add('drift', property, messageId, { ...data, expected: show(expected), observed: show(observed) });
	}
	/** Unverified with a cause. */
	unverified(property: string, cause: string): this {
		this.out.push({
			outcome: 'unverified', kind: this.#fact.kind, ruleId: `${this.#fact.kind}/${property}`, factId: this.#fact.id,
			...(this.#fact.host ? { host: this.#fact.host } : {}), file: this.#fact.file, line: this.#fact.line,
			message: bounded(cause, 400),
		});
		return this;
	}
	/**
	 * Checks a needed section; adds an `unverified` finding and returns false when it is unavailable.
	 * @param obs
	 *   The host observation.
	 * @param section
	 *   Section name.
	 * @param property
	 *   Property for the rule id.
	 */
	need(obs: HostObservation, section: SectionName, property = 'probe'): boolean {
		const p = obs.problems[section];
		if (!p) return true;
		this.unverified(property, p.message);
		return false;
	}
	/** The findings, or one `verified` finding when nothing was added. */
	done(label: string): Finding[] {
		if (this.out.length) return this.out;
		const f = this.#fact;
		return [{ outcome: 'verified', kind: f.kind, ruleId: `${f.kind}/fact`, factId: f.id, ...(f.host ? { host: f.host } : {}), file: f.file, line: f.line, message: bounded(label, 300) }];
	}
}

/** Shows a value in a finding: arrays sorted and comma-joined, `undefined` as "(none)". */
export function show(v: unknown): string {
	if (v === undefined || v === null || v === '') return '(none)';
	if (Array.isArray(v)) return v.length ? v.map(String).join(', ') : '(none)';
	if (typeof v === 'string') return v;
	if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
	return JSON.stringify(v) ?? typeof v;
}

/** Set equality on string lists. */
export function sameSet(a: readonly string[], b: readonly string[]): boolean {
	const A = new Set(a), B = new Set(b);
	return A.size === B.size && [...A].every((x) => B.has(x));
}

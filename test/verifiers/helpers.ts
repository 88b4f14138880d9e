/** Test helpers: facts built through the real schema (defaults applied), observations, contexts. */
import { FactsSchema, type FactKind, type FactValue } from '../../model/schemas/facts.ts';
import { declared, type DeclaredFact } from '../../model/facts/store.ts';
import { factKey } from '../../model/facts/keys.ts';
import type { HostObservation, LocalObservation } from '../../verifiers/observation.ts';
import type { CompareContext, Kind } from '../../verifiers/kinds/kind.ts';
import type { Finding } from '../../model/report/schema.ts';
import { expect, test } from 'vitest';

/**
 * A declared fact as the store would produce it.
 * @param kind
 *   Fact list.
 * @param entry
 *   Raw frontmatter entry.
 * @param host
 *   Host id (page default).
 */
export function fact<K extends FactKind>(kind: K, entry: Record<string, unknown>, host = 'h1', line = 10): DeclaredFact<K> {
	const parsed: readonly FactValue<K>[] = FactsSchema.parse({ [kind]: [entry] })[kind];
	const [first] = parsed;
	if (!first) throw new Error(`fact(${kind}): the schema returned no entry`);
	const own = typeof entry.host === 'string' && entry.host ? entry.host : undefined;
	const value = kind !== 'hosts' && !own ? { ...first, host } : { ...first };
	const h = kind === 'hosts' ? String(entry.id) : (own ?? host);
	return declared(kind, value, { id: factKey(kind, value), host: h, estate: 'grocerymate', file: 'content/docs/de/x.mdx', line, lang: 'de', slug: 'x' });
}

/** An observation with no problems. */
export const obs = (o: Partial<HostObservation> = {}): HostObservation => ({ problems: {}, ...o });

/** Empty local observations. */
export const noLocal = (): LocalObservation => ({ tls: [], http: [], dns: [], reach: [] });

/** A compare context. */
export const ctx = (c: Partial<CompareContext> = {}): CompareContext => ({ local: noLocal(), observedAt: new Date('2026-11-23T12:00:00Z'), target: 'lab', hasResolver: true, ...c });

/** Expected shape of a finding. */
export interface Expect { outcome: Finding['outcome']; ruleId: string; message?: RegExp | string }

/** One case of a RuleTester-style table. */
export interface Case { name: string; fact: DeclaredFact; obs: HostObservation; ctx?: CompareContext; findings?: Expect[] }

/**
 * ESLint RuleTester for comparators: `valid` cases must give exactly one `verified` finding,
 * `invalid` cases exactly the listed findings (in order).
 */
export function ruleTester(kind: Kind, cases: { valid: Case[]; invalid: Case[] }) {
	for (const c of cases.valid) {
		test(`verifies: ${c.name}`, () => {
			const out = kind.compare(c.fact, c.obs, c.ctx ?? ctx());
			expect(out.map((f) => `${f.outcome} ${f.ruleId} ${f.message}`)).toEqual([expect.stringMatching(/^verified /)]);
			expect(out[0]).toMatchObject({ file: c.fact.file, line: c.fact.line, factId: c.fact.id });
		});
	}
	for (const c of cases.invalid) {
		test(`reports: ${c.name}`, () => {
			const out = kind.compare(c.fact, c.obs, c.ctx ?? ctx());
			expect(out.map((f) => ({ outcome: f.outcome, ruleId: f.ruleId }))).toEqual((c.findings ?? []).map((e) => ({ outcome: e.outcome, ruleId: e.ruleId })));
			(c.findings ?? []).forEach((e, i) => {
				if (e.message) expect(out[i]!.message).toMatch(e.message);
				expect(out[i]).toMatchObject({ file: c.fact.file, line: c.fact.line, host: c.fact.host });
			});
		});
	}
}

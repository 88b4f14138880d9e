/**
 * Runs the rules over one page: split into segments, extract literals, resolve
 * against the estate's facts, filter by `lintAllow`, de-duplicate.
 */
import type { DeclaredFact } from '../../model/facts/store.ts';
import { buildFactIndex, type FactIndex } from './fact-index.ts';
import { literalsOf } from './literals.ts';
import { RULES } from './rules/index.ts';
import { composeServicesOf, splitSegments, type MdNode } from './segments.ts';
import type { Finding, Located, RuleContext } from './types.ts';

/** Input of `lintPage`. */
export interface LintPageInput {
	/** Project-relative path of the page. */
	file: string;
	/** The text the tree's positions refer to. */
	source: string;
	/** mdast root with positions. */
	tree: MdNode;
	/** The page's estate. */
	estate: string | undefined;
	/** The page's `facts.host`. */
	defaultHost?: string | undefined;
	/** Literals allowed on the page. */
	lintAllow?: readonly string[] | undefined;
	/** Declared facts (any estate; filtered here). */
	facts: readonly DeclaredFact[];
	/** Only these rule ids. */
	rules?: readonly string[] | undefined;
}

const indexCache = new WeakMap<readonly DeclaredFact[], Map<string, FactIndex>>();

/**
 * The index of an estate's facts, cached per fact list.
 * @param facts
 *   All declared facts.
 * @param estate
 *   Estate id.
 */
export function estateIndex(facts: readonly DeclaredFact[], estate: string | undefined): FactIndex {
	let byEstate = indexCache.get(facts);
	if (!byEstate) indexCache.set(facts, (byEstate = new Map<string, FactIndex>()));
	const key = estate ?? '';
	let ix = byEstate.get(key);
	if (!ix) byEstate.set(key, (ix = buildFactIndex(facts.filter((f) => estate && f.estate === estate))));
	return ix;
}

/** Variants of a literal a `lintAllow` entry may name: as written, without port, without prefix. */
function allowKeys(ls: Located[] | undefined, actual: string): string[] {
	const keys = [actual];
	for (const l of ls ?? []) {
		keys.push(l.raw);
		if (l.type === 'address') keys.push(l.ip, l.prefix !== undefined ? `${l.ip}/${l.prefix}` : l.ip);
		if ('name' in l) keys.push(l.name);
		if (l.type === 'endpoint') keys.push(l.host);
	}
	return keys;
}

/**
 * Lints one page.
 * @param input
 *   Page, tree and facts.
 */
export function lintPage(input: LintPageInput): Finding[] {
	const ix = estateIndex(input.facts, input.estate);
	const defaultHost = input.defaultHost ?? (ix.hosts.size === 1 ? [...ix.hosts.keys()][0] : undefined);
	const segments = splitSegments(input.tree, input.source, input.estate ? ix : undefined, defaultHost);
	const literals = segments.flatMap(literalsOf);
	const findings: Finding[] = [];
	const ctx: Omit<RuleContext, 'report'> = {
		file: input.file, estate: input.estate, index: ix, segments, literals, composeServices: composeServicesOf(segments),
	};
	for (const rule of RULES) {
		if (input.rules && !input.rules.includes(rule.id)) continue;
		if (rule.meta.needsEstate && !input.estate) continue;
		rule.check({ ...ctx, report: (f) => findings.push({ ...f, ruleId: rule.id, file: input.file }) });
	}
	const allow = new Set(input.lintAllow ?? []);
	const byPos = new Map<string, Located[]>();
	if (findings.length && allow.size) {
		const at = new Set(findings.map((f) => `${f.line}:${f.column}`));
		for (const l of literals) {
			const k = `${l.line}:${l.column}`;
			if (at.has(k)) byPos.set(k, [...(byPos.get(k) ?? []), l]);
		}
	}
	const seen = new Set<string>();
	const errorsAt = new Set(findings.filter((f) => f.severity === 'error').map((f) => `${f.line}:${f.column}`));
	return findings
		.filter((f) => {
			if (f.ruleId !== 'secret' && allowKeys(byPos.get(`${f.line}:${f.column}`), f.actual).some((k) => allow.has(k))) return false;
			if (f.severity === 'warning' && errorsAt.has(`${f.line}:${f.column}`)) return false;
			const key = `${f.ruleId}|${f.line}|${f.column}|${f.actual}`;
			if (seen.has(key)) return false;
			seen.add(key);
			return true;
		})
		.sort((a, b) => a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId));
}

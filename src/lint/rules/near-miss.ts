/**
 * Shared logic of the near-miss rules: a written name that is almost, but not
 * exactly, a declared name is a typo.
 */
import type { DeclaredFact } from '../../../model/facts/store.ts';
import { isNearMiss } from '../distance.ts';
import type { FactIndex } from '../fact-index.ts';

/**
 * The declared name a written name is a near-miss of, unless the written name is
 * itself declared (any kind) or a compose service name.
 * @param name
 *   As written.
 * @param declared
 *   Declared names of the kind, with their facts.
 * @param ix
 *   All names of the estate.
 * @param extraKnown
 *   Further names that are valid as written (compose services).
 */
export function nearMissOf<F extends DeclaredFact>(name: string, declared: ReadonlyMap<string, readonly F[]>, ix: FactIndex, extraKnown: ReadonlySet<string>): { name: string; fact: F } | undefined {
	if (declared.has(name) || ix.names.has(name) || extraKnown.has(name)) return undefined;
	for (const [d, [fact]] of declared) if (fact && isNearMiss(name, d)) return { name: d, fact };
	return undefined;
}

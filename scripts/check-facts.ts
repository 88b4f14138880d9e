/**
 * Fast check of every page's facts (no Astro build): `node scripts/check-facts.ts`.
 * Prints `file:line — path: message` per problem and exits 1 when there is one.
 */
import { formatFactError, loadFactStore } from '../model/facts/store.ts';

const store = loadFactStore(process.cwd());
for (const e of store.errors) console.error(formatFactError(e));
console.log(`${store.facts.size} facts on ${store.pages.size} pages, ${store.errors.length} problem(s)`);
process.exitCode = store.errors.length ? 1 : 0;

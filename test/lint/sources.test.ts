/**
 * The two source documents, converted as they are (frontmatter = the facts their
 * own tables state, body = the unmodified text): the lint must find their real
 * inconsistencies. The list is kept in test/fixtures/lint/sources/FINDINGS.md.
 */
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { lintFile } from '../../src/lint/site.ts';

const root = join(import.meta.dirname, '..', '..');
/** Findings of one source fixture; its facts come from the document itself, so fact-provenance does not apply. */
const lint = (name: string) => lintFile(root, join(root, 'test', 'fixtures', 'lint', 'sources', name), undefined).findings.filter((f) => f.ruleId !== 'fact-provenance');
const errors = (name: string) => lint(name).filter((f) => f.severity === 'error').map((f) => [f.ruleId, f.line, f.actual] as const);

/** Lines of the frontmatter added in front of each source (fixture line − offset = source line). */
export const OFFSET = { grocerymate: 73, norda: 52 };

describe('source: GroceryMate (German, from PDF)', () => {
	const found = errors('grocerymate.md');

	test('finds the misspelled Mailcow network names', () => {
		expect(found).toContainEqual(['network-near-miss', 434, 'mailcownetwork']);
		expect(found).toContainEqual(['network-near-miss', 1353, 'mailcowlrokerized_mailcow-network']);
	});

	test('finds the ports section 6.1 lists as open that section 2.3 (the firewall fact) does not allow', () => {
		expect(found).toContainEqual(['port-not-allowed', 884, '8001/tcp']);
		expect(found).toContainEqual(['port-not-allowed', 884, '8081/tcp']);
	});

	test('finds the real passwords in compose snippets, env lists and the DATABASE_URL', () => {
		const secrets = found.filter(([r]) => r === 'secret').map(([, line]) => line);
		expect(secrets).toEqual([503, 528, 579, 601, 675, 694, 697]);
	});

	test('reports nothing else as an error', () => {
		expect(found).toHaveLength(11);
	});

	test('the redacted values (***REDACTED***, ***) pass', () => {
		expect(lint('grocerymate.md').some((f) => f.line === 699 || f.line === 1293)).toBe(false);
	});
});

describe('source: Norda Biznes (English, web view with stray `|` lines)', () => {
	const found = errors('norda.md');

	test('finds the expected `ss` output that contradicts the 127.0.0.1 binding of port 5000', () => {
		expect(found).toContainEqual(['bind-contradiction', 1603, '0.0.0.0:5000']);
		expect(found).toContainEqual(['bind-contradiction', 2207, '0.0.0.0:5000']);
	});

	test('finds the test from the NPM server against port 5000 on the public address', () => {
		expect(found).toContainEqual(['bind-contradiction', 2229, '57.128.200.27:5000']);
		expect(found).toContainEqual(['port-not-allowed', 2229, '57.128.200.27:5000']);
	});

	test('reports nothing else as an error', () => {
		expect(found).toHaveLength(4);
	});

	test('warns about the retired VM address next to the staging address', () => {
		const w = lint('norda.md').find((f) => f.line === 362);
		expect(w).toMatchObject({ ruleId: 'unmatched-literal', severity: 'warning', actual: '10.22.68.249' });
		expect(w!.message).toContain('did you mean 10.22.68.248');
	});
});

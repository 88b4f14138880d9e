/**
 * Each rule's fixture pages: `valid*.mdx` pass without findings, `invalid*.mdx`
 * fail with exactly the listed rule ids at the listed lines.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { RULES } from '../../src/lint/rules/index.ts';
import { lintFile } from '../../src/lint/site.ts';

const root = join(import.meta.dirname, '..', '..');
const dir = join(root, 'test', 'fixtures', 'lint');
/** Findings of one fixture; the other rules' fixtures are not about provenance, so only fact-provenance's own fixtures report it. */
const run = (rule: string, name: string) => lintFile(root, join(dir, rule, name), undefined).findings.filter((f) => rule === 'fact-provenance' || f.ruleId !== 'fact-provenance');
const summary = (rule: string, name: string) => run(rule, name).map((f) => [f.ruleId, f.line, f.severity] as const);

/** Expected findings of each invalid fixture: [rule, line, severity]. */
const INVALID: Record<string, [string, number, 'error' | 'warning'][]> = {
	'bind-contradiction/invalid.mdx': [['bind-contradiction', 23, 'error'], ['bind-contradiction', 26, 'error'], ['bind-contradiction', 29, 'error']],
	'port-not-allowed/invalid.mdx': [['port-not-allowed', 18, 'error'], ['port-not-allowed', 21, 'error'], ['port-not-allowed', 24, 'error']],
	'publish-contradiction/invalid.mdx': [['publish-contradiction', 26, 'error'], ['publish-contradiction', 31, 'error'], ['publish-contradiction', 35, 'error']],
	'network-near-miss/invalid.mdx': [['network-near-miss', 33, 'error'], ['unmatched-literal', 35, 'warning'], ['network-near-miss', 35, 'error'], ['network-near-miss', 38, 'error']],
	'container-near-miss/invalid.mdx': [['container-near-miss', 33, 'error'], ['container-near-miss', 34, 'error'], ['container-near-miss', 37, 'error']],
	'address-near-miss/invalid.mdx': [['address-near-miss', 16, 'error'], ['address-near-miss', 19, 'error']],
	'domain-near-miss/invalid.mdx': [['domain-near-miss', 32, 'error'], ['domain-near-miss', 34, 'error']],
	'image-mismatch/invalid.mdx': [['image-mismatch', 32, 'error'], ['image-mismatch', 36, 'error']],
	'unmatched-literal/invalid.mdx': [['unmatched-literal', 16, 'warning'], ['unmatched-literal', 19, 'warning'], ['unmatched-literal', 20, 'warning'], ['unmatched-literal', 23, 'warning']],
	'fact-agreement/invalid.mdx': [['fact-agreement', 12, 'error'], ['fact-agreement', 20, 'error'], ['fact-agreement', 20, 'error'], ['fact-agreement', 26, 'error']],
	'fact-provenance/invalid.mdx': [['fact-provenance', 10, 'error'], ['fact-provenance', 11, 'error']],
	'secret/invalid.mdx': [['secret', 9, 'error'], ['secret', 12, 'error'], ['secret', 13, 'error'], ['secret', 16, 'error'], ['secret', 17, 'error'], ['secret', 21, 'error'], ['secret', 26, 'error']],
};

describe('fact-lint rules', () => {
	test('every rule has a valid and an invalid fixture', () => {
		for (const r of RULES) {
			const files = readdirSync(join(dir, r.id));
			expect(files.some((f) => f.startsWith('valid')), r.id).toBe(true);
			expect(files.some((f) => f.startsWith('invalid')), r.id).toBe(true);
			expect(INVALID[`${r.id}/invalid.mdx`], r.id).toBeDefined();
		}
	});

	for (const r of RULES) {
		describe(r.id, () => {
			for (const f of readdirSync(join(dir, r.id)).filter((n) => n.startsWith('valid'))) {
				test(`passes ${f} without findings`, () => {
					expect(summary(r.id, f)).toEqual([]);
				});
			}
			for (const f of readdirSync(join(dir, r.id)).filter((n) => n.startsWith('invalid'))) {
				test(`reports ${f} for the right reason`, () => {
					expect(summary(r.id, f)).toEqual(INVALID[`${r.id}/${f}`]);
				});
			}
		});
	}

	test('fact-provenance names file:line, the field and what is allowed', () => {
		const [f] = run('fact-provenance', 'invalid.mdx');
		expect(f).toMatchObject({ ruleId: 'fact-provenance', severity: 'error', line: 10, actual: 'nb-vps/socket/tcp:5000' });
		expect(f!.message).toContain('facts.sockets.0.source');
		for (const allowed of ["doc: '000' | '002'", 'decision:', 'project:', 'assumption:']) expect(f!.fix).toContain(allowed);
	});

	test('messages name the literal, the fact and where it is declared, and say how to fix', () => {
		const [f] = run('bind-contradiction', 'invalid.mdx');
		expect(f).toMatchObject({ ruleId: 'bind-contradiction', line: 23, column: 16, actual: '0.0.0.0:5000', expected: '127.0.0.1:5000/tcp' });
		expect(f!.message).toContain('nb-vps/socket/tcp:5000 binds 127.0.0.1');
		expect(f!.message).toContain('test/fixtures/lint/bind-contradiction/invalid.mdx:13');
		expect(f!.declared).toEqual([{ id: 'nb-vps/socket/tcp:5000', file: 'test/fixtures/lint/bind-contradiction/invalid.mdx', line: 13 }]);
		expect(f!.fix).toMatch(/Write 127\.0\.0\.1:5000/);
	});

	test('secrets are never echoed in full', () => {
		for (const f of run('secret', 'invalid.mdx')) {
			expect(f.actual).not.toContain('grocery_pass');
			expect(f.message).not.toContain('grocery_pass');
		}
	});
});

/** The remark plugin inside a unified pipeline, against a fixture site. */
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkMdx from 'remark-mdx';
import { VFile } from 'vfile';
import { describe, expect, test, vi } from 'vitest';
import * as plugin from '../../src/plugins/remark-fact-lint.ts';
import { blankFrontmatter } from '../../src/lint/parse.ts';

const root = join(import.meta.dirname, '..', 'fixtures', 'lint', 'site');
const path = join(root, 'content', 'docs', 'en', 'norda', 'app.mdx');
const file = () => new VFile({ path, value: blankFrontmatter(readFileSync(path, 'utf8')), data: { astro: { frontmatter: { estate: 'norda', facts: { host: 'nb-vps' } } } } });
const run = (onError: 'throw' | 'warn') => {
	const f = file();
	const p = unified().use(remarkParse).use(remarkMdx).use(plugin.default, { root, onError });
	p.runSync(p.parse(f), f);
	return f;
};

describe('remarkFactLint', () => {
	test('exposes the public API', () => {
		expect(Object.keys(plugin).sort()).toEqual(['default', 'remarkFactLint']);
	});

	test('warn: records VFileMessages with rule, place, actual, expected and note, and prints them', () => {
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
		const f = run('warn');
		expect(warn).toHaveBeenCalled();
		warn.mockRestore();
		const [bind, unknown] = f.messages;
		expect(bind).toMatchObject({ ruleId: 'bind-contradiction', source: 'fact-lint', fatal: true, line: 14, column: 16, actual: '0.0.0.0:5000', expected: ['127.0.0.1:5000/tcp'] });
		expect(bind!.note).toMatch(/127\.0\.0\.1:5000/);
		expect(unknown).toMatchObject({ ruleId: 'unmatched-literal', fatal: false, line: 17 });
	});

	test('throw: stops with one fatal message per page that lists its errors', () => {
		vi.spyOn(console, 'warn').mockImplementation(() => {});
		expect(() => run('throw')).toThrowError(/1 fact-lint error in content\/docs\/en\/norda\/app\.mdx:\n {2}content\/docs\/en\/norda\/app\.mdx:14:16 .*0\.0\.0\.0:5000/);
		vi.restoreAllMocks();
	});
});

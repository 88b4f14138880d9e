import { describe, expect, test } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from '../helpers/lab.ts';
import { factReferences } from '../../src/facts/references.ts';
import { formatFactError, loadFactStore } from '../../model/facts/store.ts';

const DOCS = join(ROOT, 'content', 'docs');
const pages = (lang: string): string[] => {
	const walk = (dir: string): string[] =>
		readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : /\.mdx?$/.test(n) ? [relative(join(DOCS, lang), join(dir, n))] : []));
	return walk(join(DOCS, lang)).sort();
};
const body = (lang: string, page: string) => readFileSync(join(DOCS, lang, page), 'utf8').replace(/^---[\s\S]*?\n---/, '');

describe('real content', () => {
	test('all facts are valid, reference known hosts and do not conflict', () => {
		expect(loadFactStore(ROOT).errors.map(formatFactError)).toEqual([]);
	});

	test('every page has its translation', () => {
		expect(pages('en')).toEqual(pages('de'));
	});

	test.each(pages('de').map((p) => [p]))('%s shows the same facts in German and English', (page) => {
		expect(factReferences(body('en', page))).toEqual(factReferences(body('de', page)));
	});
});

describe(factReferences, () => {
	test('collects <Fact> ids with fields and <FactTable> selections', () => {
		expect(factReferences('a <Fact id="h/socket/tcp:22" field="bind" /> b <FactTable kind="sockets" host="h" /> <Fact id="h/host"/>')).toEqual([
			'h/host', 'h/socket/tcp:22#bind', 'table:sockets@h',
		]);
	});
});

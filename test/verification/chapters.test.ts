import { expect, test } from 'vitest';
import { chapters } from '../../src/print/chapters.ts';
import { hoistStylesheets } from '../../scripts/pdf.ts';

const sidebar = [
	{ label: 'Start', slug: 'index' },
	{ label: 'Est', translations: { en: 'Estate' }, items: [{ label: 'G', items: [{ autogenerate: { directory: 'est/g' } }] }] },
	{ label: 'V', items: [{ label: 'Bericht', translations: { en: 'Report' }, link: '/verification/report/' }] },
];
const entries = [
	{ id: 'de' }, { id: 'en' },
	{ id: 'de/est/g/b' }, { id: 'de/est/g/a', order: 2 }, { id: 'de/est/g' }, { id: 'de/est/g/z', order: 1 }, { id: 'de/est/g/hidden', hidden: true },
	{ id: 'en/est/g/b' }, { id: 'de/est/g/sub/x' },
];

test('chapters follow the sidebar, sorted like Starlight, with German fallback', () => {
	const c = chapters(sidebar, entries, 'en');
	expect(c.map((x) => (x.type === 'doc' ? x.id : x.link))).toEqual([
		'en', 'de/est/g/z', 'de/est/g/a', 'de/est/g', 'en/est/g/b', 'de/est/g/sub/x', '/verification/report/',
	]);
	expect(c[1]).toMatchObject({ group: ['Estate', 'G'] });
	expect(c.at(-1)).toMatchObject({ label: 'Report' });
});

test('hoistStylesheets moves repeated body stylesheets into the head once', () => {
	const html = '<html><head><title>t</title></head><body><link rel="stylesheet" href="/a.css"><p>x</p><link rel="stylesheet" href="/a.css"/></body></html>';
	expect(hoistStylesheets(html)).toBe('<html><head><title>t</title><link rel="stylesheet" href="/a.css"></head><body><p>x</p></body></html>');
});

/** The PDF export's pure parts: the print page as loaded, and the running header and footer written into the PDF. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import { dropModuleScripts, HOLD_STYLE_ID, holdRendering, PRINT_VIEWPORT, printOrder, printPage, runningHeads } from '../../scripts/pdf.ts';
import { disabledFeaturesFlag, OMNIBOX_WEBUI_FEATURES, PLAYWRIGHT_DISABLED_FEATURES } from '../../src/browser/chromium.ts';
import { RUNNING_TEXT, writeRunningHeads } from '../../src/print/pdf-book.ts';

describe('printOrder: the whole book is printed last, from the warm renderer', () => {
	test.each([
		[['all', 'grocerymate', 'norda'], ['grocerymate', 'norda', 'all']],
		[['norda', 'all'], ['norda', 'all']],
		[['all'], ['all']],
		[['grocerymate'], ['grocerymate']],
	])('%j → %j', (books, printed) => {
		expect(printOrder(books)).toEqual(printed);
	});
});

describe('the print page as the export loads it', () => {
	test.each([
		['external module script', '<p>a</p><script type="module" src="/_astro/ec.js"></script><p>b</p>', '<p>a</p><p>b</p>'],
		['inline module script stays', '<script type="module">x()</script>', '<script type="module">x()</script>'],
		['inline classic script stays (theme)', '<script>theme()</script>', '<script>theme()</script>'],
	])('%s', (_, html, want) => {
		expect(dropModuleScripts(html)).toBe(want);
	});

	test('printPage hoists stylesheets, drops module scripts and hides the body on screen', () => {
		const html = '<html><head></head><body><link rel="stylesheet" href="/a.css"><script type="module" src="/p.js"></script><p>x</p></body></html>';
		expect(printPage(html)).toBe(`<html><head><link rel="stylesheet" href="/a.css"><style id="${HOLD_STYLE_ID}">@media screen { body { display: none !important; } }</style></head><body><p>x</p></body></html>`);
	});

	test('holdRendering hides the body on screen (prints show it) with one style element at the end of the head', () => {
		const held = holdRendering('<html><head><title>t</title></head><body><p>x</p></body></html>');
		expect(held).toBe(`<html><head><title>t</title><style id="${HOLD_STYLE_ID}">@media screen { body { display: none !important; } }</style></head><body><p>x</p></body></html>`);
		expect(held.split(HOLD_STYLE_ID)).toHaveLength(2);
	});

	test('the viewport is as wide as the printed A4 column (210 mm - 2 × 15 mm at 96 px/in)', () => {
		expect(PRINT_VIEWPORT.width).toBe(680);
	});
});

describe('Chromium for the export', () => {
	test('one --disable-features flag keeps Playwright\'s features and adds the omnibox WebUI ones (Chromium reads only the last flag)', () => {
		const flag = disabledFeaturesFlag(OMNIBOX_WEBUI_FEATURES);
		const features = flag.replace(/^--disable-features=/, '').split(',');
		expect(features).toEqual(expect.arrayContaining([...PLAYWRIGHT_DISABLED_FEATURES, 'WebUIOmniboxPopup', 'WebUIOmniboxAimPopup']));
		expect(new Set(features).size).toBe(features.length);
	});
});

const hasPdftotext = existsSync('/usr/bin/pdftotext');
if (!hasPdftotext) console.warn('\n!!! running header positions SKIPPED: poppler-utils (pdftotext) not installed\n');

describe('running header and footer', () => {
	test.each([
		['de', 'all', 'Verifizierte Runbooks', 'GroceryMate · Norda Biznes · DE', 'Seite 3 / 9'],
		['en', 'norda', 'Verified runbooks', 'Norda Biznes (OVH) · EN', 'Page 3 / 9'],
		['de', 'grocerymate', 'Verifizierte Runbooks', 'GroceryMate (Hetzner) · DE', 'Seite 3 / 9'],
	] as const)('%s/%s', (lang, book, left, right, page) => {
		const heads = runningHeads(lang, book, new Date('2026-12-02T10:00:00Z'));
		expect([heads.headerLeft, heads.headerRight, heads.footerLeft, heads.footerRight(3, 9)]).toEqual([left, right, '2026-12-02', page]);
	});

	test.skipIf(!hasPdftotext)('every page gets both lines at the measured positions, numbered with the total', async () => {
		const doc = await PDFDocument.create();
		for (let i = 0; i < 3; i++) doc.addPage([595.28, 841.89]);
		await writeRunningHeads(doc, runningHeads('en', 'all', new Date('2026-12-02T10:00:00Z')));
		const file = join(mkdtempSync(join(tmpdir(), 'heads-')), 'h.pdf');
		writeFileSync(file, await doc.save());
		const words = [...execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' }).matchAll(/<page|xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</g)];
		const pages = words.map((m) => m[0]).filter((m) => m === '<page').length;
		expect(pages).toBe(3);
		const last = (w: string) => words.filter((m) => m[5] === w).map((m) => m.slice(1, 5).map(Number));
		// header left at 15 mm, its line in the top margin; footer right ends at 15 mm from the right edge
		const [verified] = last('Verified');
		expect(verified![0]).toBeCloseTo(RUNNING_TEXT.inset, 1);
		expect(verified![3]).toBeLessThan(RUNNING_TEXT.headerBaseline + 2);
		// the total ends each footer ("Page 3 / 3" also has a 3 in the middle)
		const totals = last('3').filter((t) => t[2]! > 595.28 - RUNNING_TEXT.inset - 1);
		expect(totals).toHaveLength(3);
		for (const t of totals) expect(t[2]!).toBeCloseTo(595.28 - RUNNING_TEXT.inset, 0);
		expect(last('2026-12-02')).toHaveLength(3);
	});
});

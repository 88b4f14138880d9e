/**
 * The built site in Debian Chromium: both languages, language switch, themed
 * Mermaid, Pagefind search, report page links, topology diagrams, console errors
 * on every page, and the same fact values in German and English.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { builtPages, builtSite } from './helpers/build.ts';
import { hasChromium, startSession, type Session } from './helpers/browser.ts';
import { makeReport } from './helpers/reports.ts';

const SCHEMAS = join(import.meta.dirname, '..', '..', 'model', 'schemas');
/** The fact fields declared with localizedText() in model/schemas: free text in the page's language. */
const LOCALIZED_FIELDS = readdirSync(SCHEMAS).flatMap((f) => [...readFileSync(join(SCHEMAS, f), 'utf8').matchAll(/^\t(\w+): localizedText\(/gm)].map((m) => m[1]!));

let dist = '';
let s: Session;

beforeAll(async () => {
	if (!hasChromium) return;
	dist = await builtSite('default', JSON.stringify(makeReport('clean')));
	s = await startSession(dist);
}, 600_000);
afterAll(async () => s?.close());

/** All built HTML pages of both languages as URL paths (without the print books and 404). */
function allPages(): string[] {
	return builtPages(dist).map((p) => p.path).filter((p) => /^\/(de|en)\//.test(p));
}

describe.skipIf(!hasChromium)('built site', () => {
	test('both languages load with their own title and lang', async () => {
		for (const [lang, title] of [['de', 'Verifizierte Runbooks'], ['en', 'Verified runbooks']]) {
			const page = await s.open(`/${lang}/`);
			expect(await page.getAttribute('html', 'lang')).toBe(lang);
			expect(await page.title()).toContain(title);
			await page.close();
		}
	});

	test('the language switch keeps the page', async () => {
		const page = await s.open('/de/grocerymate/services/docker/');
		await Promise.all([page.waitForURL('**/en/grocerymate/services/docker/'), page.selectOption('starlight-lang-select select', { label: 'English' })]);
		expect(new URL(page.url()).pathname).toBe('/en/grocerymate/services/docker/');
		await page.close();
	});

	test('a Mermaid diagram is an SVG in light and dark mode, and the matching one is visible', async () => {
		const page = await s.open('/de/');
		const fig = page.locator('figure.mermaid-themed').first();
		expect(await fig.locator('.mermaid-light svg').count()).toBe(1);
		expect(await fig.locator('.mermaid-dark svg').count()).toBe(1);
		await page.selectOption('starlight-theme-select select', 'light');
		expect(await fig.locator('.mermaid-light svg').isVisible()).toBe(true);
		expect(await fig.locator('.mermaid-dark svg').isVisible()).toBe(false);
		await page.selectOption('starlight-theme-select select', 'dark');
		expect(await page.getAttribute('html', 'data-theme')).toBe('dark');
		expect(await fig.locator('.mermaid-dark svg').isVisible()).toBe(true);
		expect(await fig.locator('.mermaid-light svg').isVisible()).toBe(false);
		await page.close();
	});

	test('Pagefind finds a German word on German pages and an English word on English pages', async () => {
		for (const [lang, word] of [['de', 'Zertifikate'], ['en', 'certificate']] as const) {
			const page = await s.open(`/${lang}/`);
			await page.click('site-search button[data-open-modal]');
			const input = page.locator('site-search dialog input.pagefind-ui__search-input');
			await input.waitFor({ timeout: 15_000 });
			await input.fill(word);
			const first = page.locator('.pagefind-ui__result-link').first();
			await first.waitFor({ timeout: 15_000 });
			const hrefs = await page.locator('.pagefind-ui__result-link').evaluateAll((as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
			expect(hrefs.length).toBeGreaterThan(0);
			expect(hrefs.every((h) => h.startsWith(`/${lang}/`))).toBe(true);
			await page.close();
		}
	});

	test('the topology diagram of every host renders in light and dark mode', async () => {
		const page = await s.open('/en/verification/report/');
		const hosts = await page.locator('nav.sidebar a[href*="/verification/hosts/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
		expect(hosts.length).toBeGreaterThan(0);
		await page.close();
		for (const href of hosts) {
			for (const theme of ['light', 'dark'] as const) {
				const p = await s.open(href);
				await p.selectOption('starlight-theme-select select', theme);
				const fig = p.locator('figure[data-diagram="topology"]');
				const visible = fig.locator(`.mermaid-${theme} svg`);
				expect(await visible.isVisible(), `${href} ${theme}`).toBe(true);
				expect(await fig.locator(`.mermaid-${theme === 'light' ? 'dark' : 'light'} svg`).isVisible()).toBe(false);
				const box = await visible.boundingBox();
				expect(box!.width).toBeGreaterThan(50);
				expect(await visible.locator('g.node').count()).toBeGreaterThan(0);
				await p.close();
			}
		}
	});

	test('every link on the report page resolves, including anchors', async () => {
		for (const lang of ['de', 'en']) {
			const page = await s.open(`/${lang}/verification/report/`);
			expect(await page.locator('[data-report="present"]').count()).toBe(1);
			const links = await page.locator('main a[href]').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
			const internal = [...new Set(links.filter((h) => h.startsWith(s.server.url)))];
			expect(internal.length).toBeGreaterThan(2);
			for (const href of internal) {
				const url = new URL(href);
				const res = await fetch(s.server.url + url.pathname);
				expect(res.status, href).toBe(200);
				if (url.hash) {
					const target = await s.open(url.pathname);
					expect(await target.locator(`[id="${decodeURIComponent(url.hash.slice(1))}"]`).count(), href).toBe(1);
					await target.close();
				}
			}
			await page.close();
		}
	});

	test('no console errors on any page', async () => {
		const pages = allPages();
		expect(pages.length).toBeGreaterThan(10);
		const before = s.errors.length;
		const queue = [...pages];
		await Promise.all([1, 2, 3].map(async () => {
			const page = await s.open('/de/');
			for (let path = queue.shift(); path; path = queue.shift()) await s.visit(page, path);
			await page.close();
		}));
		expect(s.errors.slice(before)).toEqual([]);
	}, 300_000);

	test('German and English versions of a page show the same fact values', async () => {
		// only pages whose built HTML shows facts, in both languages
		const pages = allPages().filter((p) => p.startsWith('/de/') && !p.includes('/verification/'))
			.filter((p) => /fact-value|fact-table/.test(readFileSync(join(dist, p, 'index.html'), 'utf8')));
		let compared = 0;
		const differ: string[] = [];
		const reader = await s.open('/de/');
		for (const de of pages) {
			const en = de.replace(/^\/de\//, '/en/');
			const read = async (path: string) => {
				const page = await s.visit(reader, path);
				const values = await page.evaluate((textFields) => {
					const out: [string, string][] = [];
					// free-text fields (note, provider, role) are written in the page's language: a translation, not a value
					document.querySelectorAll('main code.fact-value').forEach((c) => {
						if (!textFields.includes(c.getAttribute('data-fact-field') ?? '')) out.push([`${c.getAttribute('data-fact')}#${c.getAttribute('data-fact-field') ?? ''}`, c.textContent]);
					});
					document.querySelectorAll('main table.fact-table tbody tr').forEach((tr) => out.push([`row ${tr.getAttribute('data-fact')}`,
						// the note column is free text in the page's language (a translation, not a value)
						[...tr.querySelectorAll('td:not(.fact-state)')].filter((td) => {
							const th = td.closest('table')?.querySelectorAll('thead th')[(td as HTMLTableCellElement).cellIndex];
							return !['Hinweis', 'Note'].includes(th?.textContent?.trim() ?? '');
						}).map((td) => {
							const copy = td.cloneNode(true) as HTMLElement;
							// "(planned)" and the provenance mark ("assumption"/"Annahme") are labels in the page's language
							copy.querySelectorAll('em, sup.fact-provenance').forEach((e) => e.remove());
							return copy.textContent.trim();
						}).join(' | ')]));
					return out;
				}, LOCALIZED_FIELDS);
				return new Map(values);
			};
			const [a, b] = [await read(de), await read(en)];
			// a translation may mention fewer or more facts, but never a different value
			const shared = [...a.keys()].filter((k) => b.has(k));
			for (const k of shared) if (b.get(k) !== a.get(k)) differ.push(`${k} on ${de}: ${JSON.stringify(a.get(k))} vs ${JSON.stringify(b.get(k))}`);
			if (shared.length) compared++;
		}
		await reader.close();
		expect(differ).toEqual([]);
		expect(compared).toBeGreaterThan(0);
	}, 300_000);

	test('a page that declares facts shows a badge in the real built page', async () => {
		const page = await s.open('/en/verification/report/');
		const findingPage = await page.locator('.vr-page-link').first().getAttribute('href');
		await page.close();
		const p = await s.open(findingPage!);
		const badge = p.locator('.vr-badge');
		expect(await badge.count()).toBe(1);
		expect(['verified', 'drift', 'unverified', 'unchecked']).toContain(await badge.getAttribute('data-state'));
		await p.close();
	});

	test('command blocks are readable at phone width in dark mode (no horizontal page scroll)', async () => {
		const page = await s.open('/de/grocerymate/services/docker/', { colorScheme: 'dark', width: 375 });
		expect(await page.getAttribute('html', 'data-theme')).toBe('dark');
		const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
		expect(overflow).toBeLessThanOrEqual(1);
		const title = page.locator('.expressive-code .frame.has-title .title').first();
		if (await title.count()) {
			const fw = await title.evaluate((el) => getComputedStyle(el).fontWeight);
			expect(Number(fw)).toBeGreaterThanOrEqual(700);
		}
		await page.close();
	});
});

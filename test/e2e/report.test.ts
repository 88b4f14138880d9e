/**
 * The report page for a CI reader, in Debian Chromium, on the drift build (one drift,
 * an unreachable host with hostile text, undocumented things): problems first, a legend,
 * "On this page"; at 1280 and 390 px no word is broken across lines and nothing sticks
 * out sideways or hides in a scrolled column; German pages carry no English verifier
 * message; the start page orients (PDF links, status equal to the report's totals). Also
 * writes the screenshots the issue asks for to reports/screenshots/ (ignored by Git).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { builtSite } from './helpers/build.ts';
import { hasChromium, SCREENSHOTS_DIR, startSession, type Session } from './helpers/browser.ts';
import { factsForReports, makeReport } from './helpers/reports.ts';
import { pagesWithFacts } from '../../src/verification/page-facts.ts';

const { store, drifted, hosts } = factsForReports();
const report = makeReport('drift');
let s: Session;

beforeAll(async () => {
	if (!hasChromium) return;
	// the same build as badges.test.ts (same report text → same cached dist)
	s = await startSession(await builtSite('drift', JSON.stringify(report)));
}, 900_000);
afterAll(async () => s?.close());

/**
 * Layout problems of the report at the current width: words (split at spaces and after "/"
 * or "-", where text may break) rendered on more than one line, elements
 * reaching beyond the viewport, and boxes whose content is scrolled or clipped sideways.
 */
async function layoutProblems(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		const out: string[] = [];
		const vw = document.documentElement.clientWidth;
		if (document.documentElement.scrollWidth > vw + 1) out.push(`page scrolls sideways: ${document.documentElement.scrollWidth} > ${vw}`);
		const root = document.querySelector('.vr-report');
		if (!root) return ['no .vr-report'];
		for (const el of root.querySelectorAll<HTMLElement>('*')) {
			const r = el.getBoundingClientRect();
			if (r.width > 0 && r.right > vw + 1) out.push(`${el.tagName.toLowerCase()}.${el.className} ends at ${Math.round(r.right)} > ${vw}: ${el.textContent?.slice(0, 40)}`);
			const style = getComputedStyle(el);
			if (el.scrollWidth > el.clientWidth + 1 && style.display !== 'inline' && el.clientWidth > 0) out.push(`${el.tagName.toLowerCase()}.${el.className} hides content sideways (${el.scrollWidth} > ${el.clientWidth}): ${el.textContent?.slice(0, 40)}`);
		}
		const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
		for (let node = walker.nextNode(); node; node = walker.nextNode()) {
			const text = node.textContent ?? '';
			if ((node.parentElement?.closest('details:not([open])'))) continue; // not rendered
			for (const m of text.matchAll(/[^\s/-]+[/-]?/g)) {
				const range = document.createRange();
				range.setStart(node, m.index);
				range.setEnd(node, m.index + m[0].length);
				const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
				if (tops.size > 1) out.push(`word broken across ${tops.size} lines: "${m[0]}" in ${node.parentElement?.tagName.toLowerCase()}.${node.parentElement?.className}`);
			}
		}
		return out;
	});
}

describe.skipIf(!hasChromium)('report page for a CI reader', () => {
	test.each([
		['en', 1280], ['de', 1280], ['en', 390], ['de', 390],
	] as const)('/%s/verification/report/ at %i px: no broken word, nothing hidden sideways', async (lang, width) => {
		const page = await s.open(`/${lang}/verification/report/`, { width });
		await page.locator('.vr-report details').evaluateAll((ds) => ds.forEach((d) => d.setAttribute('open', '')));
		expect(await layoutProblems(page)).toEqual([]);
		await page.close();
	});

	test('problems come first, with what to do and a link that explains it; a legend; "On this page"', async () => {
		for (const lang of ['de', 'en']) {
			const page = await s.open(`/${lang}/verification/report/`);
			const first = page.locator('.vr-report h2').first();
			expect(await first.getAttribute('id')).toBe('problems');
			const drift = page.locator(`#problems ~ .vr-findings [data-fact="${drifted.id}"][data-outcome="drift"]`).first();
			expect(await drift.count()).toBe(1);
			expect(await drift.locator('.vr-f-todo a').getAttribute('href')).toBe(`/${lang}/verification/guide/#drift`);
			expect(await page.locator('.vr-legend [data-outcome]').count()).toBe(6);
			for (const id of ['problems', 'undocumented', 'hosts', 'pages', 'host-keys']) {
				expect(await page.locator(`starlight-toc a[href="#${id}"]`).count(), `TOC entry #${id}`).toBe(1);
				expect(await page.locator(`[id="${id}"]`).count()).toBe(1);
			}
			// undocumented things are filed under their host, not under an unrelated page
			expect(await page.locator(`#undocumented-${hosts[0]} + .vr-findings [data-outcome="undocumented"], [id="undocumented-${hosts[0]}"] [data-outcome="undocumented"]`).count()).toBe(2);
			// the guide the advice links to has the section
			await s.visit(page, `/${lang}/verification/guide/`);
			expect(await page.locator('h2#undocumented').count()).toBe(1);
			await page.close();
		}
	});

	test('undocumented findings are also on their host page, and the host page has "On this page"', async () => {
		const page = await s.open(`/de/verification/hosts/${hosts[0]}/`);
		expect(await page.locator('#findings ~ .vr-findings [data-outcome="undocumented"]').count()).toBe(2);
		expect(await page.locator('starlight-toc a[href="#findings"]').count()).toBe(1);
		expect(await page.locator('starlight-toc a').count()).toBeGreaterThan(4);
		await page.close();
	});

	test('German pages show no English verifier message', async () => {
		// every English message of the report (and the site's English rendering of it)
		const english = new Set(report.findings.map((f) => f.message).filter((m) => m.length > 12));
		const enPage = await s.open('/en/verification/report/');
		for (const t of await enPage.locator('.vr-f-msg').allInnerTexts()) if (t.length > 12) english.add(t.trim());
		await enPage.close();
		expect(english.size).toBeGreaterThan(3);
		const paths = ['/de/verification/report/', ...hosts.map((h) => `/de/verification/hosts/${h}/`), ...pagesWithFacts(store, 'de').map((p) => `/de/${p.slug ? p.slug + '/' : ''}`)];
		const page = await s.open(paths[0]!);
		const found: string[] = [];
		for (const path of paths) {
			await s.visit(page, path);
			// technical causes quoted from a server are marked lang="en"; everything else must be German
			const texts = await page.evaluate(() => {
				const main = document.querySelector('main')!.cloneNode(true) as HTMLElement;
				for (const el of main.querySelectorAll('[lang="en"]')) el.remove();
				const titles = [...document.querySelectorAll('main [title]')].map((e) => e.getAttribute('title') ?? '');
				return [main.textContent ?? '', ...titles];
			});
			for (const m of english) if (texts.some((t) => t.includes(m))) found.push(`${path}: ${m}`);
		}
		await page.close();
		expect(found).toEqual([]);
	}, 600_000);

	test('the start page links both PDFs and shows the report totals within one screen', async () => {
		for (const lang of ['de', 'en']) {
			const page = await s.open(`/${lang}/`);
			for (const pdf of ['/pdf/runbooks-de.pdf', '/pdf/runbooks-en.pdf']) expect(await page.locator(`a[href="${pdf}"]`).count(), pdf).toBeGreaterThan(0);
			for (const o of ['drift', 'undocumented'] as const) {
				expect(await page.locator(`.landing-counts [data-outcome="${o}"] strong`).innerText()).toBe(String(report.summary[o]));
			}
			expect(await page.locator(`a[href="/${lang}/verification/guide/#lab"]`).count()).toBe(1);
			// the reader cards and the status are on the first screen (1280×900)
			for (const sel of ['.landing-status', '[data-reader="onboarding"] h3', '[data-reader="examiner"] h3', '[data-reader="ci"] h3']) {
				const box = await page.locator(sel).boundingBox();
				expect(box && box.y + Math.min(box.height, 40) < 900, `${sel} on the first screen`).toBe(true);
			}
			// sidebar: estates collapsed on the start page (about 60 links were visible before)
			const visible = () => page.locator('nav.sidebar a').evaluateAll((as) => as.filter((a) => a.checkVisibility()).map((a) => new URL((a as HTMLAnchorElement).href).pathname));
			expect((await visible()).length).toBeLessThan(10);
			// … and only the current estate is open on its pages
			await s.visit(page, `/${lang}/grocerymate/runbooks/start-stop/`);
			const open = await visible();
			expect(open.some((p) => p.startsWith(`/${lang}/grocerymate/`))).toBe(true);
			expect(open.some((p) => p.startsWith(`/${lang}/norda/`))).toBe(false);
			await page.close();
		}
	});

	test('screenshots: start page, report (head and problems), host page — desktop and phone, light and dark', async () => {
		const dir = SCREENSHOTS_DIR;
		mkdirSync(dir, { recursive: true });
		// name, path, element scrolled to the top (the report twice: its head, and its problems)
		const shots = [
			['landing', '/de/', ''], ['report', '/en/verification/report/', ''], ['report-problems', '/de/verification/report/', 'problems'],
			['host', `/de/verification/hosts/${hosts[0]}/`, ''],
		] as const;
		let n = 0;
		for (const [name, path, anchor] of shots) {
			for (const [device, width] of [['desktop', 1280], ['phone', 390]] as const) {
				for (const scheme of ['light', 'dark'] as const) {
					const page = await s.browser.newPage({ colorScheme: scheme, viewport: { width, height: device === 'phone' ? 844 : 900 } });
					await page.addInitScript((t) => localStorage.setItem('starlight-theme', t), scheme);
					await page.goto(s.server.url + path, { waitUntil: 'load' });
					if (anchor) await page.evaluate((id) => document.getElementById(id)?.scrollIntoView(), anchor);
					await page.screenshot({ path: join(dir, `${name}-${device}-${scheme}.png`) });
					await page.close();
					n++;
				}
			}
		}
		expect(n).toBe(16);
	}, 300_000);
});

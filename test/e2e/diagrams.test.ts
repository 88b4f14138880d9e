/**
 * Diagrams are readable: every page with a diagram (`[data-diagram]`) opens each one
 * full size by click and by keyboard (Enter), in a labelled modal dialog, where its
 * smallest text renders at ≥ 12 CSS px; Esc closes it and puts the diagram back.
 * Code blocks wrap instead of hiding long lines, and on a phone the copy button does
 * not cover code. Screenshots (landing, an architecture page with its diagram open,
 * desktop and phone, light and dark) go to reports/screenshots/ (ignored by Git: a test run leaves the
 * checkout clean).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { builtPages, builtSite } from './helpers/build.ts';
import { hasChromium, SCREENSHOTS_DIR as SHOTS, startSession, type Session } from './helpers/browser.ts';
import { makeReport } from './helpers/reports.ts';

let dist = '';
let s: Session;

beforeAll(async () => {
	if (!hasChromium) return;
	dist = await builtSite('default', JSON.stringify(makeReport('clean')));
	s = await startSession(dist);
	mkdirSync(SHOTS, { recursive: true });
}, 600_000);
afterAll(async () => s?.close());

/** URL paths of built pages whose HTML holds a diagram (print books excluded). */
function pagesWithDiagrams(): string[] {
	return builtPages(dist).filter((p) => readFileSync(p.file, 'utf8').includes('data-diagram=')).map((p) => p.path);
}

/** Smallest rendered text size (CSS px) inside the visible SVG in the open dialog, and the SVG's rendered width. */
function smallestText(page: Page): Promise<{ px: number; text: string; width: number }> {
	return page.evaluate(() => {
		const svg = [...document.querySelectorAll<SVGSVGElement>('dialog[open] .diagram-dialog-view svg')].find((x) => x.getClientRects().length > 0);
		if (!svg) return { px: 0, text: 'no visible svg in the dialog', width: 0 };
		const ratio = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
		let best = { px: Infinity, text: '', width: svg.getBoundingClientRect().width };
		for (const el of svg.querySelectorAll<SVGElement | HTMLElement>('text, tspan, foreignObject span, foreignObject div, foreignObject p')) {
			const own = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim());
			if (!own || !el.getClientRects().length) continue;
			const px = parseFloat(getComputedStyle(el).fontSize) * ratio;
			if (px < best.px) best = { px, text: el.textContent.trim().slice(0, 40), width: best.width };
		}
		return best;
	});
}

describe.skipIf(!hasChromium)('diagrams', () => {
	test('every page with a diagram opens each one full size with its smallest text at ≥ 12 px', async () => {
		const pages = pagesWithDiagrams();
		expect(pages.length, 'pages with diagrams').toBeGreaterThanOrEqual(10);
		const page = await s.open(pages[0]!);
		const report: string[] = [];
		for (const path of pages) {
			await s.visit(page, path);
			const count = await page.locator('[data-diagram]').count();
			expect(count, path).toBeGreaterThan(0);
			for (let i = 0; i < count; i++) {
				const fig = page.locator('[data-diagram]').nth(i);
				const inline = await fig.evaluate((f) => {
					const svg = [...f.querySelectorAll('svg')].find((x) => x.getClientRects().length > 0)!;
					return svg.getBoundingClientRect().width / svg.viewBox.baseVal.width * 16;
				});
				// every diagram has an accessible name on its opener
				expect(await fig.locator('.diagram-open').getAttribute('aria-label'), `${path} #${i}`).toMatch(/:\s*\S/);
				await fig.locator('.diagram-open').click();
				const dialog = page.locator('dialog.diagram-dialog[open]');
				await dialog.waitFor();
				expect(await dialog.getAttribute('aria-labelledby')).toBe('diagram-dialog-title');
				expect((await page.locator('#diagram-dialog-title').textContent())?.trim(), `${path} #${i} title`).not.toBe('');
				const small = await smallestText(page);
				report.push(`${path} #${i}: inline ≈${inline.toFixed(1)} px (16 px text), full size ${small.px.toFixed(1)} px ("${small.text}")`);
				expect(small.px, `${path} diagram ${i}: smallest text "${small.text}"`).toBeGreaterThanOrEqual(12);
				await page.keyboard.press('Escape');
				// the dialog's close event puts the SVGs back
				await page.waitForFunction(() => !document.querySelector('dialog.diagram-dialog[open], .diagram-dialog-view svg'));
				// the SVGs are back in the figure, and focus is on the diagram again
				expect(await fig.locator('.mermaid-light svg').count()).toBe(1);
				expect(await page.evaluate(() => document.activeElement?.classList.contains('diagram-open'))).toBe(true);
			}
		}
		console.log(report.join('\n'));
		await page.close();
	}, 300_000);

	test('Enter opens a diagram, the zoom buttons change its size, and it works in dark mode', async () => {
		const page = await s.open('/en/norda/overview/architecture/', { colorScheme: 'dark' });
		await page.evaluate(() => localStorage.setItem('starlight-theme', 'dark'));
		await page.reload();
		await page.locator('[data-diagram] .diagram-open').first().focus();
		await page.keyboard.press('Enter');
		const dialog = page.locator('dialog.diagram-dialog[open]');
		await dialog.waitFor();
		expect(await dialog.locator('.mermaid-dark svg').isVisible()).toBe(true);
		expect(await dialog.locator('.mermaid-light svg').isVisible()).toBe(false);
		const width = () => dialog.locator('.mermaid-dark svg').evaluate((x) => x.getBoundingClientRect().width);
		const before = await width();
		await dialog.getByRole('button', { name: 'Zoom in' }).click();
		expect(await width()).toBeGreaterThan(before * 1.2);
		await page.keyboard.press('0');
		expect(Math.round(await width())).toBe(Math.round(await dialog.locator('.mermaid-dark svg').evaluate((x) => (x as SVGSVGElement).viewBox.baseVal.width)));
		await dialog.getByRole('button', { name: 'Close' }).click();
		expect(await page.locator('dialog.diagram-dialog[open]').count()).toBe(0);
		await page.close();
	});

	test('code blocks wrap long lines, and on a phone the copy button covers no code', async () => {
		const page = await s.open('/de/grocerymate/runbooks/start-stop/', { width: 390 });
		const found = await page.evaluate(() => {
			const out: { hidden: number; overlaps: number; blocks: number } = { hidden: 0, overlaps: 0, blocks: 0 };
			for (const pre of document.querySelectorAll<HTMLElement>('.expressive-code pre')) {
				out.blocks++;
				if (pre.scrollWidth > pre.clientWidth + 1 && getComputedStyle(pre).overflowX === 'hidden') out.hidden++;
				const copy = pre.closest('.frame')?.querySelector<HTMLElement>('.copy button');
				if (!copy || !copy.getClientRects().length) continue;
				const b = copy.getBoundingClientRect();
				// the glyphs, not the line boxes (the first lines are padded to leave room for the button)
				const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
				while (walker.nextNode()) {
					if (!walker.currentNode.textContent!.trim()) continue;
					const range = document.createRange();
					range.selectNodeContents(walker.currentNode);
					for (const r of [...range.getClientRects()]) if (r.width > 0 && r.left < b.right && r.right > b.left && r.top < b.bottom && r.bottom > b.top) out.overlaps++;
				}
			}
			return out;
		});
		expect(found.blocks).toBeGreaterThan(0);
		expect(found.hidden).toBe(0);
		expect(found.overlaps, 'code lines under the copy button').toBe(0);
		// long lines wrap: no code block scrolls sideways at phone width
		const scrolling = await page.$$eval('.expressive-code pre', (l) => l.filter((p) => p.scrollWidth > p.clientWidth + 1).length);
		expect(scrolling).toBe(0);
		await page.close();
	});

	test('screenshots: landing page and an architecture page with its diagram open (desktop, phone, light, dark)', async () => {
		for (const theme of ['light', 'dark'] as const) {
			for (const [device, width] of [['desktop', 1280], ['phone', 390]] as const) {
				const page = await s.browser.newPage({ colorScheme: theme, viewport: { width, height: width === 390 ? 844 : 900 } });
				await page.addInitScript((t) => localStorage.setItem('starlight-theme', t), theme);
				await s.visit(page, '/en/');
				await page.screenshot({ path: join(SHOTS, `landing-en-${device}-${theme}.png`) });
				await s.visit(page, '/en/norda/overview/architecture/');
				await page.locator('[data-diagram]').first().scrollIntoViewIfNeeded();
				await page.screenshot({ path: join(SHOTS, `architecture-en-${device}-${theme}.png`) });
				await page.locator('[data-diagram] .diagram-open').first().click();
				await page.locator('dialog.diagram-dialog[open]').waitFor();
				await page.screenshot({ path: join(SHOTS, `architecture-en-diagram-open-${device}-${theme}.png`) });
				expect(await page.locator('dialog.diagram-dialog[open]').count()).toBe(1);
				await page.close();
			}
		}
	}, 120_000);
});

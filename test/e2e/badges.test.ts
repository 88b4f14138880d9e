/**
 * Verification badges and fact-table marks in the real built pages: a clean report
 * shows "verified … against lab", a drift report shows the drift (count, link to
 * its findings, observed value beside the documented one), and hostile report text
 * renders as text.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { builtSite } from './helpers/build.ts';
import { hasChromium, startSession, type Session } from './helpers/browser.ts';
import { DRIFT_OBSERVED, RUN_AT, factsForReports, makeReport } from './helpers/reports.ts';
import { formatUtc } from '../../src/verification/status.ts';

const { drifted } = factsForReports();
const slugPath = (lang: string) => `/${lang}/${drifted.slug ? drifted.slug + '/' : ''}`;
let clean: Session;
let drift: Session;
let driftDist = '';

beforeAll(async () => {
	if (!hasChromium) return;
	clean = await startSession(await builtSite('clean', JSON.stringify(makeReport('clean'))));
	driftDist = await builtSite('drift', JSON.stringify(makeReport('drift')));
	drift = await startSession(driftDist);
}, 900_000);
afterAll(async () => {
	await clean?.close();
	await drift?.close();
});

/** Pages of the built site whose HTML contains a string. */
function pagesContaining(dist: string, needle: string): string[] {
	const out: string[] = [];
	const walk = (dir: string) => {
		for (const name of readdirSync(dir)) {
			const p = join(dir, name);
			if (statSync(p).isDirectory()) { if (!['_astro', 'pagefind', 'print'].includes(name)) walk(p); }
			else if (name === 'index.html' && readFileSync(p, 'utf8').includes(needle)) out.push('/' + relative(dist, dir).split(sep).join('/') + '/');
		}
	};
	walk(dist);
	return out.sort();
}

describe.skipIf(!hasChromium)('verification badges', () => {
	test('clean report: the page shows "verified <time> against lab" in both languages', async () => {
		const time = formatUtc(RUN_AT.finished.toISOString()); // e.g. 2026-11-23 10:04 UTC
		for (const [lang, text] of [['de', `verifiziert ${time} gegen lab`], ['en', `verified ${time} against lab`]]) {
			const page = await clean.open(slugPath(lang!));
			const badge = page.locator('.vr-badge');
			expect(await badge.getAttribute('data-state')).toBe('verified');
			expect(await badge.innerText()).toContain(text);
			// the badge sits right under the title
			expect(await page.locator('h1#_top + .vr-badges').count()).toBe(1);
			await page.close();
		}
	});

	test('drift report: the page shows the drift count and links to its findings', async () => {
		for (const [lang, text] of [['de', '1 Abweichung'], ['en', '1 drift']]) {
			const page = await drift.open(slugPath(lang!));
			const badge = page.locator('a.vr-badge');
			expect(await badge.getAttribute('data-state')).toBe('drift');
			expect(await badge.innerText()).toContain(text);
			await Promise.all([page.waitForURL(`**/${lang}/verification/report/#page-*`), badge.click()]);
			const anchor = decodeURIComponent(new URL(page.url()).hash.slice(1));
			const section = page.locator(`[id="${anchor}"]`);
			expect(await section.count()).toBe(1);
			expect(await section.locator(`tr[data-fact="${drifted.id}"][data-outcome="drift"]`).count()).toBe(1);
			await page.close();
		}
	});

	test('drift report: fact-table rows are marked and show the observed value as text', async ({ skip }) => {
		const pages = pagesContaining(driftDist, `data-fact="${drifted.id}" data-status`);
		skip(!pages.length, `the drifted fact ${drifted.id} is in no fact table (only inline facts): nothing to check`);
		const page = await drift.open(pages[0]!);
		const row = page.locator(`table.fact-table tr[data-fact="${drifted.id}"]`).first();
		expect(await row.getAttribute('data-state')).toBe('drift');
		expect(await row.locator('.fact-observed code').innerText()).toBe(DRIFT_OBSERVED);
		expect(await row.locator('.fact-observed b').count()).toBe(0);
		await page.close();
	});

	test('clean report: rows of the same table are marked verified', async () => {
		const page = await clean.open(slugPath('en'));
		const states = await page.locator('table.fact-table tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-state')));
		for (const s of states) expect(['verified', 'planned']).toContain(s);
		await page.close();
	});

	test('report values from servers render as text, never as HTML', async () => {
		const page = await drift.open('/en/verification/report/');
		const main = page.locator('main');
		const text = await main.innerText();
		expect(text).toContain('evil<script>');
		expect(text).toContain('<img src=x onerror="window.__pwned=1"> **bold**');
		expect(text).toContain('\\x1b[31m');
		expect(text).toContain('<script>window.__pwned=2</script>');
		expect(await main.locator('img[src="x"]').count()).toBe(0);
		expect(await page.evaluate(() => (window as any).__pwned)).toBeUndefined();
		await page.close();
	});

	test('no console errors on the drift pages', async () => {
		(await drift.open('/de/verification/report/')).close();
		expect(drift.errors).toEqual([]);
	});
});

/**
 * Verification badges and fact-table marks in the real built pages: a clean report
 * shows "N verified" with when and against which target, a drift report shows the
 * drift (count, link to its findings, observed value beside the documented one); every
 * page that shows facts has a badge whose counts equal the report's section for it
 * (host pages: the report's host summary); and hostile report text renders as text.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fromHtmlIsomorphic } from 'hast-util-from-html-isomorphic';
import type { Element, Root } from 'hast';
import { builtSite } from './helpers/build.ts';
import { hasChromium, startSession, type Session } from './helpers/browser.ts';
import { DRIFT_OBSERVED, RUN_AT, factsForReports, makeReport } from './helpers/reports.ts';
import { formatUtc } from '../../src/verification/status.ts';

const { drifted } = factsForReports();
const slugPath = (lang: string) => `/${lang}/${drifted.slug ? drifted.slug + '/' : ''}`;
let clean: Session;
let drift: Session;
let driftDist = '';
let cleanDist = '';

beforeAll(async () => {
	if (!hasChromium) return;
	cleanDist = await builtSite('clean', JSON.stringify(makeReport('clean')));
	clean = await startSession(cleanDist);
	driftDist = await builtSite('drift', JSON.stringify(makeReport('drift')));
	drift = await startSession(driftDist);
}, 900_000);
afterAll(async () => {
	await clean?.close();
	await drift?.close();
});

/** A built page as a HTML tree. */
function parsePage(dist: string, path: string): Element {
	return fromHtmlIsomorphic(readFileSync(join(dist, path, 'index.html'), 'utf8')) as unknown as Element;
}
/** Elements under a node matching a predicate. */
function find(node: Element | Root, match: (e: Element) => boolean): Element[] {
	const out: Element[] = [];
	for (const c of node.children) {
		if (c.type !== 'element') continue;
		if (match(c)) out.push(c);
		out.push(...find(c, match));
	}
	return out;
}
const cls = (e: Element) => (Array.isArray(e.properties.className) ? e.properties.className.map(String) : []);
/** `data-count` → `data-n` of the elements inside a node (optionally inside its `marker` child). */
function counts(node: Element, marker?: string): Record<string, number> {
	const scope = marker ? find(node, (e) => e.properties[marker] !== undefined)[0]! : node;
	return Object.fromEntries(find(scope, (e) => e.properties.dataCount !== undefined).map((e) => [String(e.properties.dataCount), Number(e.properties.dataN)]));
}

/** Every content, report and host page of one language in a built site. */
function allPages(dist: string, lang: string): string[] {
	const out: string[] = [];
	const walk = (dir: string) => {
		for (const name of readdirSync(dir)) {
			const p = join(dir, name);
			if (statSync(p).isDirectory()) { if (!['_astro', 'pagefind', 'print', 'pdf'].includes(name)) walk(p); }
			else if (name === 'index.html') out.push('/' + relative(dist, dir).split(sep).join('/') + '/');
		}
	};
	walk(join(dist, lang));
	return out.sort();
}

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
	test('clean report: the page shows its verified count, when and against what, in both languages', async () => {
		const time = formatUtc(RUN_AT.started.toISOString()); // e.g. 2026-11-23 10:00 UTC (when observed)
		for (const [lang, text] of [['de', `geprüft ${time} · gegen lab (Zwillingsserver`], ['en', `checked ${time} · against lab (twin servers`]]) {
			const page = await clean.open(slugPath(lang!));
			const badge = page.locator('.page-badges .vr-badge');
			expect(await badge.getAttribute('data-state')).toBe('verified');
			expect(await badge.innerText()).toMatch(lang === 'de' ? /\d+ verifiziert/ : /\d+ verified/);
			expect(await page.locator('.page-badges .vr-badge-when').innerText()).toContain(text);
			// the badges sit right under the title
			expect(await page.locator('h1#_top + .page-badges .vr-badges').count()).toBe(1);
			await page.close();
		}
	});

	test('drift report: the page shows the drift count and links to exactly its findings', async () => {
		for (const [lang, text] of [['de', '1 Abweichung'], ['en', '1 drift']]) {
			const page = await drift.open(slugPath(lang!));
			const badge = page.locator('.page-badges a.vr-badge');
			expect(await badge.getAttribute('data-state')).toBe('drift');
			expect(await badge.innerText()).toContain(text);
			await Promise.all([page.waitForURL(`**/${lang}/verification/report/#page-*`), badge.click()]);
			const anchor = decodeURIComponent(new URL(page.url()).hash.slice(1));
			const section = page.locator(`[id="${anchor}"]`);
			expect(await section.count()).toBe(1);
			expect(await section.locator(`[data-fact="${drifted.id}"][data-outcome="drift"]`).count()).toBe(1);
			await page.close();
		}
	});

	test.each(['clean', 'drift'] as const)('%s report: every page that shows facts has a badge whose counts equal the report\'s', (which) => {
		// read from the built HTML (every page of both languages; a browser visit per page is too slow for ~110 pages)
		const dist = which === 'clean' ? cleanDist : driftDist;
		let checked = 0;
		for (const lang of ['de', 'en']) {
			const report = parsePage(dist, `/${lang}/verification/report/`);
			for (const path of allPages(dist, lang)) {
				if (path === `/${lang}/` || path.includes('/verification/report/') || path.includes('/verification/guide/')) continue;
				const html = parsePage(dist, path);
				const main = find(html, (e) => e.tagName === 'main')[0]!;
				// a page shows facts when it has an inline fact value or a fact-table row (independent of how the badge finds them)
				const shown = new Set(find(main, (e) => e.properties.dataFact !== undefined && ((e.tagName === 'code' && cls(e).includes('fact-value')) || e.tagName === 'tr')).map((e) => String(e.properties.dataFact)));
				if (!shown.size) continue;
				const isHost = path.includes('/verification/hosts/');
				const scope = find(main, (e) => cls(e).includes(isHost ? 'host-overview' : 'page-badges'))[0];
				const badges = scope ? find(scope, (e) => cls(e).includes('vr-badges')) : [];
				expect(badges.length, `${path}: no badge but ${shown.size} facts shown`).toBe(1);
				expect(Number(badges[0]!.properties.dataBadgeTotal), `${path}: the badge counts fewer facts than the page shows`).toBeGreaterThanOrEqual(shown.size);
				const link = find(badges[0]!, (e) => e.tagName === 'a' && cls(e).includes('vr-badge'))[0]!;
				const mine = counts(link);
				let theirs: Record<string, number>;
				if (isHost) {
					expect(link.properties.href).toBe('#findings');
					const host = path.split('/').at(-2)!;
					theirs = counts(find(report, (e) => e.properties.id === `host-${host}`)[0]!, 'dataHostCounts');
				} else {
					const anchor = new URL(String(link.properties.href), 'http://x').hash.slice(1);
					expect(anchor, path).toMatch(/^page-/);
					theirs = counts(find(report, (e) => e.properties.id === anchor)[0]!, 'dataPageCounts');
				}
				expect(mine, path).toEqual(theirs);
				expect(Object.keys(mine).length, path).toBeGreaterThan(0);
				// planned is never counted as unverified (these reports have no unverified fact)
				expect(mine.unverified ?? 0, path).toBe(0);
				checked++;
			}
		}
		expect(checked).toBeGreaterThan(40);
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
		expect(await page.evaluate(() => (window as Window & { __pwned?: unknown }).__pwned)).toBeUndefined();
		await page.close();
	});

	test('no console errors on the drift pages', async () => {
		await (await drift.open('/de/verification/report/')).close();
		expect(drift.errors).toEqual([]);
	});
});

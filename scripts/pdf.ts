/**
 * `npm run pdf`: prints the built site's book route (/<lang>/print/) to
 * dist/pdf/runbooks-<lang>.pdf with Debian Chromium (playwright-core).
 * Two passes: the first finds the page of every chapter from the PDF's bookmarks,
 * the second prints again with those numbers in the table of contents.
 *   node scripts/pdf.ts [--dist dist] [--out <dist>/pdf] [--lang de,en]
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { PDFDocument } from 'pdf-lib';
import { launchChromium } from '../src/browser/chromium.ts';
import { serveDist } from './serve-dist.ts';
import { readOutline } from './pdf-outline.ts';

/** Result of one PDF. */
export interface PdfResult {
	lang: string;
	file: string;
	pages: number;
	chapters: number;
	bytes: number;
	seconds: number;
}

const RUNNING = {
	de: { title: 'Verifizierte Runbooks', page: 'Seite' },
	en: { title: 'Verified runbooks', page: 'Page' },
} as const;

function pdfOptions(lang: 'de' | 'en') {
	const t = RUNNING[lang];
	const style = 'font-family:Arial,Helvetica,sans-serif;font-size:8px;color:#555;width:100%;margin:0 15mm;display:flex;justify-content:space-between';
	return {
		format: 'A4',
		printBackground: true,
		outline: true,
		tagged: true,
		margin: { top: '18mm', bottom: '16mm', left: '15mm', right: '15mm' },
		displayHeaderFooter: true,
		headerTemplate: `<div style="${style}"><span>${t.title}</span><span>GroceryMate · Norda Biznes · ${lang.toUpperCase()}</span></div>`,
		footerTemplate: `<div style="${style}"><span>${new Date().toISOString().slice(0, 10)}</span><span>${t.page} <span class="pageNumber"></span> / <span class="totalPages"></span></span></div>`,
	} as const;
}

/**
 * Moves the stylesheet links that every rendered page repeats inside <body> (one
 * expressive-code link per page) into <head>, once. Each stylesheet met while
 * parsing restyles the whole document so far, which made the book take ~15 s to load.
 * @param html
 *   The print page.
 */
export function hoistStylesheets(html: string): string {
	const at = html.indexOf('<body');
	if (at < 0) return html;
	const links = new Set<string>();
	const body = html.slice(at).replace(/<link rel="stylesheet" href="([^"]+)"\s*\/?>/g, (_, href: string) => {
		links.add(href);
		return '';
	});
	const head = html.slice(0, at).replace('</head>', [...links].map((h) => `<link rel="stylesheet" href="${h}">`).join('') + '</head>');
	return head + body;
}

/** Turns links between pages into links inside the book; links to pages not in it lose their href. */
async function localiseLinks(page: Page): Promise<void> {
	await page.evaluate(() => {
		const anchors = new Map<string, string>();
		document.querySelectorAll<HTMLElement>('.print-chapter[data-href]').forEach((s) => anchors.set(s.dataset.href!, s.id));
		document.querySelectorAll<HTMLAnchorElement>('.print-chapter a[href^="/"]').forEach((a) => {
			const path = new URL(a.href).pathname;
			const target = anchors.get(path.endsWith('/') ? path : path + '/');
			if (target) a.setAttribute('href', `#${target}`);
			else a.removeAttribute('href');
		});
	});
}

/** Chapter ids and titles in document order, plus the TOC entries. */
async function chapterTitles(page: Page): Promise<{ id: string; title: string }[]> {
	return page.$$eval('.print-chapter', (sections) =>
		sections.map((s) => ({ id: s.id, title: (s.querySelector(':scope > h1')?.textContent ?? '').replace(/\s+/g, ' ').trim() })),
	);
}

/** Maps chapters to pages using the bookmarks (matched in order by title). */
function chapterPages(chapters: { id: string; title: string }[], outline: { title: string; page: number }[]): Map<string, number> {
	const pages = new Map<string, number>();
	let i = 0;
	// Chromium drops the spaces where a title wrapped, so compare without whitespace
	const norm = (s: string) => s.replace(/\s+/g, '');
	for (const c of chapters) {
		while (i < outline.length && norm(outline[i]!.title) !== norm(c.title)) i++;
		if (i >= outline.length) throw new Error(`PDF bookmark for chapter "${c.title}" not found; check that every chapter starts with an <h1> and that Chromium prints with outline: true.`);
		pages.set(c.id, outline[i]!.page);
		i++;
	}
	return pages;
}

/**
 * Prints one language.
 * @param page
 *   A Chromium page.
 * @param base
 *   URL of the served site.
 * @param lang
 *   Language.
 * @param outDir
 *   Output folder.
 */
export async function printBook(page: Page, base: string, lang: 'de' | 'en', outDir: string): Promise<PdfResult> {
	const started = performance.now();
	await page.emulateMedia({ media: 'print', colorScheme: 'light' });
	const url = `${base}/${lang}/print/`;
	await page.route(url, async (route) => {
		const original = await route.fetch();
		await route.fulfill({ response: original, body: hoistStylesheets(await original.text()) });
	});
	const response = await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
	if (!response?.ok()) throw new Error(`${url} answered ${response?.status()}; build the site first (npm run build).`);
	// 'load' can fire while a 1.5 MB document is still being parsed: wait for the parser and the fonts
	await page.waitForFunction(() => document.readyState === 'complete', undefined, { timeout: 120_000 });
	await page.evaluate(() => document.fonts.ready);
	await localiseLinks(page);
	const chapters = await chapterTitles(page);
	const options = pdfOptions(lang);
	let bytes = await page.pdf(options);
	let numbers = new Map<string, number>();
	for (let pass = 0; pass < 3; pass++) {
		const found = chapterPages(chapters, await readOutline(bytes));
		if (pass > 0 && [...found].every(([id, n]) => numbers.get(id) === n)) break;
		numbers = found;
		await page.evaluate((entries) => {
			for (const [id, n] of entries) {
				const el = document.querySelector(`[data-toc-for="${id}"]`);
				if (el) el.textContent = String(n);
			}
		}, [...numbers]);
		bytes = await page.pdf(options);
	}
	const file = join(outDir, `runbooks-${lang}.pdf`);
	await writeFile(file, bytes);
	const pages = (await PDFDocument.load(bytes, { updateMetadata: false })).getPageCount();
	return { lang, file, pages, chapters: chapters.length, bytes: bytes.length, seconds: (performance.now() - started) / 1000 };
}

/**
 * Exports the PDFs of a built site.
 * @param options
 *   `dist`: the built site; `outDir`: where the PDFs go (default `<dist>/pdf`); `langs`: languages.
 */
export async function exportPdfs(options: { dist?: string; outDir?: string; langs?: ('de' | 'en')[] } = {}): Promise<PdfResult[]> {
	const dist = resolve(options.dist ?? 'dist');
	const outDir = resolve(options.outDir ?? join(dist, 'pdf'));
	await mkdir(outDir, { recursive: true });
	const server = await serveDist(dist);
	const browser = await launchChromium();
	try {
		const page = await browser.newPage();
		const results: PdfResult[] = [];
		for (const lang of options.langs ?? ['de', 'en']) results.push(await printBook(page, server.url, lang, outDir));
		return results;
	} finally {
		await browser.close();
		await server.close();
	}
}

if (import.meta.main) {
	const { values } = parseArgs({ options: { dist: { type: 'string' }, out: { type: 'string' }, lang: { type: 'string' } } });
	const langs = values.lang ? (values.lang.split(',') as ('de' | 'en')[]) : undefined;
	const started = performance.now();
	for (const r of await exportPdfs({ dist: values.dist, outDir: values.out, langs })) {
		console.log(`${r.file}: ${r.pages} pages, ${r.chapters} chapters, ${(r.bytes / 1024).toFixed(0)} KiB, ${r.seconds.toFixed(1)} s`);
	}
	console.log(`PDF export done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

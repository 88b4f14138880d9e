/**
 * `npm run pdf`: prints the built site's book route (/<lang>/print/) with Debian
 * Chromium (playwright-core) to dist/pdf/runbooks-<lang>.pdf (everything) and
 * runbooks-<lang>-<estate>.pdf (one estate: the same page with the other estate's
 * chapters hidden). One page load per language, one print per book; the TOC's page
 * numbers, the bookmarks and the running header and footer are written into the PDF
 * afterwards (src/print/pdf-book.ts). The page's body is hidden on screen, so only
 * the prints style and lay it out (not the load, nor leaving print mode after each
 * print); Chromium starts without the omnibox popup's WebUI renderer, which
 * otherwise takes ~2 s of CPU from the first load.
 *   node scripts/pdf.ts [--dist dist] [--out <dist>/pdf] [--lang de,en] [--book all,grocerymate,norda]
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { ParseSpeeds, PDFDocument } from 'pdf-lib';
import { launchChromium, OMNIBOX_WEBUI_FEATURES } from '../src/browser/chromium.ts';
import { serveDist } from './serve-dist.ts';
import { ESTATES } from '../src/sidebar.ts';
import { BOOKS, pdfFileName } from '../src/print/pdf-files.ts';
import { destinationPages, writeOutline, writeRunningHeads, writeTocNumbers, type BookChapter, type RunningHeads } from '../src/print/pdf-book.ts';

/** Result of one PDF. */
export interface PdfResult {
	lang: string;
	/** `all` for the whole book, else the estate id. */
	book: string;
	file: string;
	pages: number;
	chapters: number;
	bytes: number;
	/** Time for this PDF: print and finish (plus the page load for the first book of a language). */
	seconds: number;
	/** Where that time went, in seconds: the page load (first book of a language only), Chromium's print, the bookmarks/TOC numbers/save. */
	phases: { load: number; print: number; finish: number };
}

const RUNNING = {
	de: { title: 'Verifizierte Runbooks', page: 'Seite' },
	en: { title: 'Verified runbooks', page: 'Page' },
} as const;

/** Page margins of the PDFs. */
const MARGIN = { top: '18mm', bottom: '16mm', left: '15mm', right: '15mm' } as const;

/**
 * Viewport of the page the books are printed from: as wide as the printed column
 * (A4 minus the side margins, in CSS px), so width media queries match as in print.
 * (The book is laid out only by the prints: its body is hidden on screen, see
 * `holdRendering`; before that, a screen layout at another width cost ~4 s per print.)
 */
export const PRINT_VIEWPORT = { width: Math.floor(((210 - Number.parseFloat(MARGIN.left) - Number.parseFloat(MARGIN.right)) / 25.4) * 96), height: 1000 } as const;

function pdfOptions() {
	return {
		format: 'A4',
		printBackground: true,
		// Chromium's own outline needs a tagged PDF, which triples the print time, and its
		// header/footer templates cost ~15 ms per page: the bookmarks, TOC numbers and the
		// running header and footer are written afterwards (src/print/pdf-book.ts)
		outline: false,
		tagged: false,
		preferCSSPageSize: true,
		margin: MARGIN,
		displayHeaderFooter: false,
	} as const;
}

/**
 * The running header and footer of a book: title, scope and language; date and page.
 * @param lang
 *   Language.
 * @param book
 *   `all` or an estate id.
 */
export function runningHeads(lang: 'de' | 'en', book: string, date = new Date()): RunningHeads {
	const t = RUNNING[lang];
	const estate = ESTATES.find((e) => e.id === book);
	const scope = estate ? estate[lang] : 'GroceryMate · Norda Biznes';
	return {
		headerLeft: t.title,
		headerRight: `${scope} · ${lang.toUpperCase()}`,
		footerLeft: date.toISOString().slice(0, 10),
		footerRight: (page, total) => `${t.page} ${page} / ${total}`,
	};
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
	// identical <style> blocks repeated per chapter (component styles): keep the first
	const styles = new Set<string>();
	const deduped = body.replace(/<style>([\s\S]*?)<\/style>/g, (all, css: string) => {
		if (styles.has(css)) return '';
		styles.add(css);
		return all;
	});
	const head = html.slice(0, at).replace('</head>', [...links].map((h) => `<link rel="stylesheet" href="${h}">`).join('') + '</head>');
	return head + deduped;
}

/**
 * Leaves out the site's external module scripts (search, copy buttons, page
 * behaviour): the printed book uses none of them, and loading and running them on a
 * 1.5 MB page takes a second. Inline scripts (the theme) stay.
 * @param html
 *   The print page.
 */
export function dropModuleScripts(html: string): string {
	return html.replace(/<script type="module" src="[^"]*"><\/script>/g, '');
}

/** Id of the style element that hides the book's body on screen (`holdRendering`). */
export const HOLD_STYLE_ID = 'pdf-export-hold';

/**
 * Hides the body on screen; prints (print media) show it. Chromium then parses the
 * 2 MB page without styling and laying it out again and again as it arrives (about
 * half the load's CPU), each print styles and lays it out once, and leaving print
 * mode after a print does not lay the whole book out again for the screen (~0.5 s).
 * The page is loaded with screen media for this (`loadBook`); the book has no images
 * that would only be fetched once laid out, and `loadBook` loads any web font.
 * @param html
 *   The print page.
 */
export function holdRendering(html: string): string {
	return html.replace('</head>', `<style id="${HOLD_STYLE_ID}">@media screen { body { display: none !important; } }</style></head>`);
}

/**
 * The print page as the PDF export loads it (stylesheets hoisted, module scripts
 * left out, body hidden on screen).
 * @param html
 *   The print page as built.
 */
export function printPage(html: string): string {
	return holdRendering(dropModuleScripts(hoistStylesheets(html)));
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

/** Marks code blocks too long to keep on one page: they may break between lines (PrintBook's print CSS). */
async function markLongCode(page: Page): Promise<void> {
	await page.evaluate(() => {
		document.querySelectorAll<HTMLElement>('.print-chapter .expressive-code').forEach((b) => {
			if (b.querySelectorAll('.ec-line').length > 25) b.dataset.printLong = '';
		});
	});
}

/** Chapters shown in the current book, in document order. */
async function visibleChapters(page: Page): Promise<BookChapter[]> {
	return page.$$eval('.print-chapter', (sections) =>
		sections
			.filter((s) => getComputedStyle(s).display !== 'none')
			.map((s) => ({ id: s.id, title: (s.querySelector(':scope > h1')?.textContent ?? '').replace(/\s+/g, ' ').trim() })),
	);
}

/**
 * Loads a language's book page once: links made internal, long code blocks marked,
 * status marks made printable. Screen media, not emulated print: the body stays
 * hidden until printed (see `holdRendering`).
 * @param page
 *   A Chromium page.
 * @param base
 *   URL of the served site (which serves the print page through `printPage`).
 * @param lang
 *   Language.
 */
export async function loadBook(page: Page, base: string, lang: 'de' | 'en'): Promise<void> {
	// no media emulation: the page is on screen, and a print uses print media (emulating 'screen' would print the hidden body)
	await page.emulateMedia({ media: null, colorScheme: 'light' });
	const url = `${base}/${lang}/print/`;
	const response = await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
	if (!response?.ok()) throw new Error(`${url} answered ${response?.status()}; build the site first (npm run build).`);
	// 'load' can fire while a 1.5 MB document is still being parsed: wait for the parser
	await page.waitForFunction(() => document.readyState === 'complete', undefined, { timeout: 120_000 });
	await localiseLinks(page);
	await markLongCode(page);
	await printableMarks(page);
	// web fonts load only once text is laid out in them, which the hidden body never is: should the book ever declare one, load it now
	await page.evaluate(async () => {
		await Promise.all([...document.fonts].map((f) => f.load()));
	});
}

/**
 * Status marks print as text: emoji have no glyph in the PDF's fonts (✅ ❌ ⚠️ became empty boxes).
 * Done here, not by a script in the page, so the printed page carries no script of its own.
 *
 * @param page
 *   The loaded print page.
 */
async function printableMarks(page: Page): Promise<void> {
	await page.evaluate(() => {
		const marks: Record<string, string> = { '✅': '✓', '✔️': '✓', '❌': '✗', '⚠️': '⚠', '⛔': '✗' };
		const re = /✅|✔️|❌|⚠️|⛔/g;
		const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
		const hits: Text[] = [];
		while (walker.nextNode()) if (walker.currentNode instanceof Text && /✅|✔️|❌|⚠️|⛔/.test(walker.currentNode.data)) hits.push(walker.currentNode);
		for (const t of hits) t.data = t.data.replace(re, (m) => marks[m] ?? m);
	});
}

/**
 * Prints one book of the loaded language page: one Chromium print, then page numbers
 * and bookmarks written into the PDF.
 * @param page
 *   The page after `loadBook`.
 * @param lang
 *   Language.
 * @param book
 *   `all` or an estate id.
 * @param outDir
 *   Output folder.
 */
export async function printBook(page: Page, lang: 'de' | 'en', book: string, outDir: string): Promise<Omit<PdfResult, 'seconds' | 'phases'> & { phases: { print: number; finish: number } }> {
	const started = performance.now();
	await page.evaluate(({ book, lang }) => {
		const root = document.documentElement;
		const cover = document.querySelector<HTMLElement>('.cover-estates');
		cover!.dataset.allTitle ??= cover!.textContent ?? '';
		if (book === 'all') {
			delete root.dataset.printEstate;
			cover!.textContent = cover!.dataset.allTitle;
		} else {
			root.dataset.printEstate = book;
			cover!.textContent = (JSON.parse(cover!.dataset.estateTitle ?? '{}') as Record<string, string>)[book] ?? book;
		}
		void lang;
	}, { book, lang });
	const chapters = await visibleChapters(page);
	const appendixTitle = await page.$eval('#appendix > h1', (h) => (h.textContent ?? '').trim());
	const printed = await page.pdf(pdfOptions());
	const printedAt = performance.now();
	// parse and save in one go: pdf-lib otherwise yields to the event loop every 50–100 objects (thousands per book)
	const doc = await PDFDocument.load(printed, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
	const pages = destinationPages(doc);
	const missing = chapters.filter((c) => !pages.has(c.id));
	if (missing.length) throw new Error(`No page found for chapter(s) ${missing.map((c) => `"${c.title}"`).join(', ')}: every chapter needs a TOC link to its id.`);
	const firstChapter = Math.min(...chapters.map((c) => pages.get(c.id)!));
	// the TOC fills the pages between the cover and the first chapter
	await writeTocNumbers(doc, Array.from({ length: Math.max(0, firstChapter - 2) }, (_, i) => i + 1), pages);
	await writeRunningHeads(doc, runningHeads(lang, book));
	writeOutline(doc, [...chapters, { id: 'appendix', title: appendixTitle }].filter((c, i, all) => all.findIndex((x) => x.id === c.id) === i), pages);
	doc.setTitle(`${RUNNING[lang].title}${book === 'all' ? '' : ` – ${ESTATES.find((e) => e.id === book)?.[lang] ?? book}`}`);
	doc.setLanguage(lang);
	const bytes = await doc.save({ objectsPerTick: Infinity });
	const file = join(outDir, pdfFileName(lang, book));
	await writeFile(file, bytes);
	const phases = { print: (printedAt - started) / 1000, finish: (performance.now() - printedAt) / 1000 };
	return { lang, book, file, pages: doc.getPageCount(), chapters: chapters.length, bytes: bytes.length, phases };
}

/**
 * The order the books of a language are printed in: the estate books first, the whole book last.
 * The first print of a language in a fresh renderer costs ~1.2 s more than the same print later
 * (Chromium's caches: fonts, shaping, decoded diagrams); the whole book, twice an estate book's
 * size, is printed from the warm renderer. The total is the same either way (~16 s for all six).
 * @param books
 *   Books to print.
 */
export function printOrder(books: readonly string[]): string[] {
	return [...books.filter((b) => b !== 'all'), ...books.filter((b) => b === 'all')];
}

/**
 * Exports the PDFs of a built site: per language the whole book and one per estate,
 * from one page load per language in one browser.
 * @param options
 *   `dist`: the built site; `outDir`: where the PDFs go (default `<dist>/pdf`); `langs`: languages; `books`: which books.
 */
export async function exportPdfs(options: { dist?: string | undefined; outDir?: string | undefined; langs?: ('de' | 'en')[] | undefined; books?: readonly string[] | undefined } = {}): Promise<PdfResult[]> {
	const dist = resolve(options.dist ?? 'dist');
	const outDir = resolve(options.outDir ?? join(dist, 'pdf'));
	await mkdir(outDir, { recursive: true });
	// the book pages are rewritten on the way (served, not intercepted in the browser: no 2 MB round trip through the DevTools protocol)
	const server = await serveDist(dist, 0, { rewriteHtml: (path, html) => (/^\/[a-z]{2}\/print\/(index\.html)?$/.test(path) ? printPage(html) : html) });
	const browser = await launchChromium({ disableFeatures: OMNIBOX_WEBUI_FEATURES });
	try {
		const page = await browser.newPage({ viewport: PRINT_VIEWPORT });
		const results: PdfResult[] = [];
		const books = options.books ?? BOOKS;
		for (const lang of options.langs ?? ['de', 'en']) {
			let started = performance.now();
			await loadBook(page, server.url, lang);
			let load = (performance.now() - started) / 1000;
			const printed = new Map<string, PdfResult>();
			for (const book of printOrder(books)) {
				const r = await printBook(page, lang, book, outDir);
				printed.set(book, { ...r, seconds: (performance.now() - started) / 1000, phases: { load, ...r.phases } });
				started = performance.now();
				load = 0;
			}
			// reported in the order asked for (the whole book first), whatever the print order
			for (const book of books) results.push(printed.get(book)!);
		}
		return results;
	} finally {
		await browser.close();
		await server.close();
	}
}

if (import.meta.main) {
	const { values } = parseArgs({ options: { dist: { type: 'string' }, out: { type: 'string' }, lang: { type: 'string' }, book: { type: 'string' } } });
	const langs = values.lang ? (values.lang.split(',') as ('de' | 'en')[]) : undefined;
	const books = values.book ? values.book.split(',') : undefined;
	const started = performance.now();
	for (const r of await exportPdfs({ dist: values.dist, outDir: values.out, langs, books })) {
		const { load, print, finish } = r.phases;
		console.log(`${r.file}: ${r.pages} pages, ${r.chapters} chapters, ${(r.bytes / 1024).toFixed(0)} KiB, ${r.seconds.toFixed(1)} s (load ${load.toFixed(1)} s, print ${print.toFixed(1)} s, finish ${finish.toFixed(1)} s)`);
	}
	console.log(`PDF export done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * The printable PDFs: exported from a built site (per language the whole book and
 * one per estate), with the expected chapters, text of both estates (headings and
 * fact values), TOC page numbers that match the bookmarks, a diagram page that is
 * not blank, no word printed smaller than 5.5 pt, no nearly empty page, and no
 * emoji status marks (they print as empty boxes).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { builtSite } from './helpers/build.ts';
import { hasChromium } from './helpers/browser.ts';
import { factsForReports, makeReport } from './helpers/reports.ts';
import { exportPdfs, type PdfResult } from '../../scripts/pdf.ts';
import { readOutline } from '../../scripts/pdf-outline.ts';
import { factsOfKind } from '../../model/facts/store.ts';
import { launchChromium, OMNIBOX_WEBUI_FEATURES } from '../../src/browser/chromium.ts';

const hasPoppler = existsSync('/usr/bin/pdftotext') && existsSync('/usr/bin/pdftoppm');
if (!hasPoppler) console.warn('\n!!! PDF text tests SKIPPED: poppler-utils (pdftotext, pdftoppm) not installed\n');
let dist = '';
let results: PdfResult[] = [];

beforeAll(async () => {
	if (!hasChromium || !hasPoppler) return;
	dist = await builtSite('default', JSON.stringify(makeReport('clean')));
	results = await exportPdfs({ dist, outDir: mkdtempSync(join(tmpdir(), 'runbooks-pdf-')) });
	for (const r of results) console.log(`${r.file}: ${r.pages} pages, ${r.chapters} chapters, ${r.seconds.toFixed(1)} s`);
}, 900_000);

const text = (file: string, first?: number, last?: number) =>
	execFileSync('pdftotext', ['-layout', ...(first ? ['-f', String(first), '-l', String(last ?? first)] : []), file, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });

/** Share of non-white pixels of one page rendered in grey at 50 dpi. */
function inkShare(file: string, page: number): number {
	const pgm = execFileSync('pdftoppm', ['-r', '50', '-gray', '-f', String(page), '-l', String(page), file], { maxBuffer: 64 << 20 });
	const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 64).toString('latin1'))!;
	const pixels = pgm.subarray(header[0].length);
	let ink = 0;
	for (const v of pixels) if (v < 230) ink++;
	return ink / pixels.length;
}

/** Command lines of this process' descendants (the Chromium it started). */
function childCommandLines(): string[] {
	const parent = new Map<number, number>();
	const args = new Map<number, string>();
	for (const d of readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
		try {
			const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
			parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
			args.set(Number(d), readFileSync(`/proc/${d}/cmdline`, 'utf8').replace(/\0/g, ' '));
		} catch { /* gone */ }
	}
	const mine = (pid: number): boolean => {
		for (let p = parent.get(pid); p; p = parent.get(p)) if (p === process.pid) return true;
		return false;
	};
	return [...args].filter(([pid]) => mine(pid)).map(([, a]) => a);
}

describe.skipIf(!hasChromium)('Chromium for the PDF export', () => {
	test('starts no omnibox WebUI renderer (it takes ~2 s of CPU from the first page load); a default launch does', async () => {
		const webuiRenderers = async (disableFeatures: readonly string[]) => {
			const browser = await launchChromium({ disableFeatures });
			try {
				await browser.newPage();
				await new Promise((r) => setTimeout(r, 1000));
				return childCommandLines().filter((a) => a.includes('--type=renderer') && a.includes('--top-chrome-webui')).length;
			} finally {
				await browser.close();
			}
		};
		expect(await webuiRenderers([]), 'a default launch starts the WebUI renderer (else the flag is no longer needed)').toBeGreaterThan(0);
		expect(await webuiRenderers(OMNIBOX_WEBUI_FEATURES)).toBe(0);
	}, 60_000);
});

describe.skipIf(!hasChromium || !hasPoppler)('PDF export', () => {
	test('per language the whole book and one PDF per estate', () => {
		expect(results.map((r) => `${r.lang}/${r.book}`)).toEqual(['de/all', 'de/grocerymate', 'de/norda', 'en/all', 'en/grocerymate', 'en/norda']);
		for (const lang of ['de', 'en']) {
			const [all, ...estates] = results.filter((r) => r.lang === lang);
			for (const e of estates) {
				expect(e.pages, e.file).toBeLessThan(all!.pages);
				expect(e.chapters, e.file).toBeLessThan(all!.chapters);
				// the estate book holds its own estate and not the other one's chapters
				const body = text(e.file);
				expect(body).toContain(e.book === 'norda' ? 'nordabiznes' : 'grocery');
			}
		}
		const gm = results.find((r) => r.lang === 'en' && r.book === 'grocerymate')!;
		expect(text(gm.file)).not.toMatch(/Gunicorn \+ Flask|GUNICORN \+ FLASK/);
	});

	test('one PDF per language exists with many pages', () => {
		expect(results.filter((r) => r.book === 'all').map((r) => r.lang)).toEqual(['de', 'en']);
		for (const r of results) {
			expect(existsSync(r.file)).toBe(true);
			expect(r.pages).toBeGreaterThan(10);
		}
	});

	test('the bookmarks list every chapter of the print page, and the TOC shows their pages', async () => {
		for (const r of results.filter((x) => x.book === 'all')) {
			const html = readFileSync(join(dist, r.lang, 'print', 'index.html'), 'utf8');
			const chapters = [...html.matchAll(/<section class="print-chapter[^"]*" id="([^"]+)"[^>]*>(?:<p class="print-group">.*?<\/p>)?<h1>(.*?)<\/h1>/g)].map((m) => m[2]!.replace(/&amp;/g, '&').replace(/&#39;/g, "'").replace(/&quot;/g, '"'));
			expect(chapters.length).toBe(r.chapters);
			const outline = await readOutline(readFileSync(r.file));
			const norm = (s: string) => s.replace(/\s+/g, '');
			const titles = outline.map((o) => norm(o.title));
			for (const c of chapters) expect(titles, c).toContain(norm(c));
			// the first chapter's page number is printed in the TOC
			const first = outline.find((o) => norm(o.title) === norm(chapters[0]!))!;
			const toc = text(r.file, 2, 3);
			expect(toc).toMatch(new RegExp(`${chapters[0]!.slice(0, 12).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[^\\n]*\\s${first.page}\\s*\\n`));
			expect(first.page).toBeGreaterThan(2);
		}
	});

	test('every TOC entry shows the page its chapter starts on', async () => {
		for (const r of results) {
			const outline = await readOutline(readFileSync(r.file));
			expect(outline.length, r.file).toBeGreaterThan(5);
			const toc = text(r.file, 2, outline[0]!.page - 1);
			const norm = (x: string) => x.replace(/\s+/g, ' ').trim();
			const entries = outline.slice(0, -1);
			let checked = 0;
			entries.forEach((o, i) => {
				const full = norm(o.title);
				// the whole title and one more word (the page number); the running header ("Verifizierte Runbooks … · DE")
				// is not a TOC line; the n-th chapter of a title repeated in the book is its n-th line
				const lines = toc.split('\n').filter((l) => {
					const n = norm(l);
					return (n === full || (n.startsWith(`${full} `) && !n.slice(full.length + 1).includes(' '))) && !/·\s*(DE|EN)\s*$/.test(l);
				});
				const line = lines[entries.slice(0, i).filter((x) => norm(x.title) === full).length];
				if (!line) return; // a wrapped title: its number is checked by the bookmark test
				checked++;
				expect(line.trim().split(/\s+/).at(-1), `${r.file}: ${o.title}`).toBe(String(o.page));
			});
			// most titles fit on one line: a TOC without numbers cannot pass by skipping them all
			expect(checked, `${r.file}: TOC lines checked`).toBeGreaterThan(entries.length / 2);
		}
	});

	test('no word is printed smaller than 5.5 pt, and no page but the cover has fewer than 3 lines', () => {
		for (const r of results) {
			const html = execFileSync('pdftotext', ['-bbox', r.file, '-'], { encoding: 'utf8', maxBuffer: 256 << 20 });
			const pages = html.split('<page ').slice(1);
			const small: string[] = [];
			const sparse: number[] = [];
			pages.forEach((page, i) => {
				const lines = new Set<number>();
				const words = [...page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)]
					.map((m) => ({ y: Number(m[2]), w: Number(m[3]) - Number(m[1]), h: Number(m[4]) - Number(m[2]), text: m[5]!.replace(/&(amp|lt|gt|quot|#39|apos);/g, '&') }));
				// a diagram turned by 90° (landscape): its words are taller than wide
				const turned = (x: { y: number; w: number; h: number; text: string }) => x.text.length >= 3 && x.h > 1.3 * x.w;
				const pageTurned = words.some(turned);
				for (const x of words) {
					// pdftotext's box is the font's ascent + descent (≈ 1.12–1.16 × the size); short words on a turned page are ambiguous
					if (x.text.length < 3 && pageTurned) continue;
					// the running header and footer (in the margins) are written by pdf-lib in the standard
					// Helvetica, whose box is 0.925 × the size (718 ascent + 207 descent per 1000)
					const inMargin = x.y < 51 || x.y > 842 - 45;
					const size = inMargin ? x.h / 0.925 : (turned(x) ? x.w : x.h) / 1.15;
					if (size < 5.5) small.push(`p. ${i + 1}: "${x.text}" ${size.toFixed(1)} pt`);
				}
				for (const m of page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
					// running header and footer (in the 18 mm / 16 mm margins) are not the page's text
					if (Number(m[2]) > 51 && Number(m[4]) < 842 - 45) lines.add(Math.round(Number(m[2])));
				}
				if (i > 0 && lines.size < 3) sparse.push(i + 1);
			});
			expect(small.slice(0, 20), `${r.file}: words under 5.5 pt`).toEqual([]);
			expect(sparse, `${r.file}: pages with fewer than 3 lines`).toEqual([]);
		}
	});

	test('status marks print as text, not emoji', () => {
		for (const r of results) expect(text(r.file)).not.toMatch(/[\u{2705}\u{274C}\u{26D4}]|\u{26A0}\u{FE0F}/u);
	});

	test('the text holds headings and fact values of both estates', () => {
		const { facts } = factsForReports();
		const hostname = (estate: string) => factsOfKind(facts, 'hosts').find((f) => f.estate === estate && f.value.hostname)?.value.hostname as string;
		for (const r of results.filter((x) => x.book === 'all')) {
			const all = text(r.file);
			expect(all).toContain('GroceryMate');
			expect(all).toContain('Norda');
			expect(all).toContain(hostname('grocerymate'));
			expect(all).toContain(hostname('norda'));
			expect(all).toContain(r.lang === 'de' ? 'Anhang: Verifikation und Fakten' : 'Appendix: verification and facts');
			expect(all).toContain('SHA256:e2e-'); // host-key fingerprints in the appendix
			// the cover names language, commit and verification state
			const cover = text(r.file, 1);
			expect(cover).toContain(r.lang === 'de' ? 'Deutsch' : 'English');
			expect(cover).toMatch(/Commit/);
			expect(cover).toContain('lab');
			// running footer with page numbers
			expect(text(r.file, 3)).toMatch(new RegExp(`${r.lang === 'de' ? 'Seite' : 'Page'} 3 / ${r.pages}`));
		}
	});

	test('a page with a topology diagram is not blank and its labels are vector text', async () => {
		for (const r of results.filter((x) => x.book === 'all')) {
			const outline = await readOutline(readFileSync(r.file));
			const at = outline.findIndex((o) => /^Host /.test(o.title));
			expect(at, 'a host chapter').toBeGreaterThanOrEqual(0);
			const [from, to] = [outline[at]!.page, outline[at + 1]?.page ?? r.pages];
			// the topology block (heading, note, figure) is kept on one page
			const heading = r.lang === 'de' ? 'Topologie' : 'Topology';
			let best = 0;
			for (let p = from; p <= to; p++) {
				if (!new RegExp(`^\\s*${heading}\\s*$`, 'm').test(text(r.file, p))) continue;
				expect(text(r.file, p)).toMatch(/Internet|LAN |tcp/); // node labels are text, not pixels
				best = Math.max(best, inkShare(r.file, p));
			}
			expect(best).toBeGreaterThan(0.02);
		}
	});
});

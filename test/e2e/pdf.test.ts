/**
 * The printable PDFs: exported from a built site, with the expected chapters,
 * text of both estates (headings and fact values), TOC page numbers that match
 * the bookmarks, and a diagram page that is not blank.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { builtSite } from './helpers/build.ts';
import { hasChromium } from './helpers/browser.ts';
import { factsForReports, makeReport } from './helpers/reports.ts';
import { exportPdfs, type PdfResult } from '../../scripts/pdf.ts';
import { readOutline } from '../../scripts/pdf-outline.ts';

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

describe.skipIf(!hasChromium || !hasPoppler)('PDF export', () => {
	test('one PDF per language exists with many pages', () => {
		expect(results.map((r) => r.lang)).toEqual(['de', 'en']);
		for (const r of results) {
			expect(existsSync(r.file)).toBe(true);
			expect(r.pages).toBeGreaterThan(10);
		}
	});

	test('the bookmarks list every chapter of the print page, and the TOC shows their pages', async () => {
		for (const r of results) {
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

	test('the text holds headings and fact values of both estates', () => {
		const { facts } = factsForReports();
		const hostname = (estate: string) => facts.find((f) => f.kind === 'hosts' && f.estate === estate && f.value.hostname)?.value.hostname as string;
		for (const r of results) {
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
		for (const r of results) {
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

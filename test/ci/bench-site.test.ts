/** The site part of the benchmark: reading `npm run pdf`'s lines and judging the site figures of issue #16. */
import { describe, expect, test } from 'vitest';
import { parsePdfLines, siteTargets, type SiteRow } from '../../bench/site.ts';

const PDF_OUT = [
	'/x/dist/pdf/runbooks-de.pdf: 217 pages, 55 chapters, 1946 KiB, 4.2 s (load 1.0 s, print 2.9 s, finish 0.3 s)',
	'/x/dist/pdf/runbooks-de-norda.pdf: 101 pages, 27 chapters, 891 KiB, 6.4 s (load 0.0 s, print 5.6 s, finish 0.8 s)',
	'PDF export done in 10.6 s',
].join('\n');

test('reads each PDF with its phases', () => {
	expect(parsePdfLines(PDF_OUT)).toEqual([
		{ file: 'runbooks-de.pdf', pages: 217, seconds: 4.2, load: 1, print: 2.9, finish: 0.3 },
		{ file: 'runbooks-de-norda.pdf', pages: 101, seconds: 6.4, load: 0, print: 5.6, finish: 0.8 },
	]);
	expect(parsePdfLines('PDF export done in 1 s')).toEqual([]);
});

const row = (label: string, ms?: number, cpuMs?: number): SiteRow => ({ label, runs: ms ? [ms] : [], ...(ms ? { ms } : {}), ...(cpuMs ? { cpuMs } : {}) });
const pdfRow = (secs: number[]): SiteRow => ({ label: 'PDF', runs: [1], ms: 1, pdfs: secs.map((s, i) => ({ file: `b${i}.pdf`, pages: 10, seconds: s, load: 0, print: s, finish: 0 })) });

describe('site figures', () => {
	test.each([
		['met: warm 1.1×, every PDF under 5 s', [row('build without diagrams', 10_000, 20_000), row('build with 20 diagrams, warm cache', 11_000, 21_000), pdfRow([4.9, 2])], ['met (wall 1.10×; CPU 1.05×)', 'met']],
		['not met: warm 1.3×, one PDF over 5 s', [row('build without diagrams', 10_000), row('build with 20 diagrams, warm cache', 13_000), pdfRow([5.1, 2])], ['NOT met (wall 1.30×; CPU —)', 'NOT met']],
		['not measured', [row('build without diagrams')], ['not measured', 'not measured']],
	] as const)('%s', (_, rows, [warm, pdf]) => {
		const [w, p] = siteTargets(rows);
		expect(w).toContain(warm);
		expect(p).toMatch(new RegExp(`each PDF under 5 s: ${pdf}`));
	});
});

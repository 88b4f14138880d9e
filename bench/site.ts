/**
 * Site timings: `astro build` with and without diagrams, cold and warm diagram cache;
 * PDF generation per language; the docs lint. Builds run in hard-linked copies of the
 * project under the bench work dir, so the project's own dist/ and caches are untouched.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { median } from './lib.ts';
import { run, tail } from './tools/common.ts';

/** One site measurement. */
export interface SiteRow {
	/** What was measured. */
	label: string;
	/** Median wall time, ms. */
	ms?: number;
	/** Wall time of each run, ms. */
	runs: number[];
	/** Median CPU time (user + system) of the command and the children it waited for, ms; Linux only. */
	cpuMs?: number;
	/** Why the row has no time. */
	note?: string;
	/** PDF rows: each book of the first run (file, pages, seconds and where they went). */
	pdfs?: PdfFigure[];
}

/** One PDF as `npm run pdf` reports it. */
export interface PdfFigure {
	/** File name, e.g. `runbooks-de.pdf`. */
	file: string;
	pages: number;
	/** Time for this PDF (its share: the page load counts for the first book of a language). */
	seconds: number;
	/** The page load, Chromium's print, and the bookmarks/TOC numbers/running heads/save, in seconds. */
	load: number;
	print: number;
	finish: number;
}

/** The figure of issue #16 for each PDF: at most this many seconds. */
export const PDF_LIMIT_S = 5;
/** The figure of issue #16 for the warm rebuild: at most this ratio to a diagram-free build. */
export const WARM_LIMIT = 1.2;

/**
 * Reads the PDF lines `npm run pdf` prints, e.g.
 * `dist/pdf/runbooks-de.pdf: 217 pages, 55 chapters, 1946 KiB, 4.2 s (load 1.0 s, print 2.9 s, finish 0.3 s)`.
 * @param stdout
 *   Output of scripts/pdf.ts.
 */
export function parsePdfLines(stdout: string): PdfFigure[] {
	const re = /([^\s/]+\.pdf): (\d+) pages, .*?, ([\d.]+) s \(load ([\d.]+) s, print ([\d.]+) s, finish ([\d.]+) s\)/g;
	return [...stdout.matchAll(re)].map((m) => ({ file: m[1]!, pages: Number(m[2]), seconds: Number(m[3]), load: Number(m[4]), print: Number(m[5]), finish: Number(m[6]) }));
}

/**
 * The site's figures (issue #16): the warm rebuild against a diagram-free build (wall
 * time, and CPU time, which other load on a shared machine does not inflate) and each PDF.
 * @param rows
 *   Site rows.
 * @returns
 *   One line per figure.
 */
export function siteTargets(rows: readonly SiteRow[]): string[] {
	const judge = (ok: boolean | undefined) => (ok === undefined ? 'not measured' : ok ? 'met' : 'NOT met');
	const without = rows.find((r) => r.label.startsWith('build without'));
	const warm = rows.find((r) => r.label.includes('warm cache'));
	const ratio = without?.ms && warm?.ms ? warm.ms / without.ms : undefined;
	const cpu = without?.cpuMs && warm?.cpuMs ? warm.cpuMs / without.cpuMs : undefined;
	const lines = [`- warm rebuild with unchanged diagrams within ${WARM_LIMIT}× of a build without diagrams: ${judge(ratio === undefined ? undefined : ratio <= WARM_LIMIT)} (wall ${ratio === undefined ? '—' : `${ratio.toFixed(2)}×`}; CPU ${cpu === undefined ? '—' : `${cpu.toFixed(2)}×`})`];
	const pdfs = rows.find((r) => r.pdfs)?.pdfs;
	const over = pdfs?.filter((p) => p.seconds > PDF_LIMIT_S) ?? [];
	const show = (p: PdfFigure) => `${p.file} ${p.seconds.toFixed(1)} s (load ${p.load.toFixed(1)}, print ${p.print.toFixed(1)}, finish ${p.finish.toFixed(1)}; ${p.pages} pages)`;
	lines.push(`- each PDF under ${PDF_LIMIT_S} s: ${judge(pdfs?.length ? over.length === 0 : undefined)}${pdfs?.length ? ` (${pdfs.map(show).join('; ')})` : ''}`);
	return lines;
}

/** Removes ```mermaid fenced blocks from Markdown/MDX text. */
export function stripMermaid(text: string): string {
	return text.replace(/^([ \t]*)(`{3,}|~{3,})mermaid\b[^\n]*\n[\s\S]*?^\1\2[ \t]*$\n?/gm, '');
}

// everything the build imports or reads (model, lib, runbooks: imported by src/; reports: the verification the pages show)
const COPY = ['src', 'content', 'public', 'scripts', 'verifiers', 'model', 'lib', 'runbooks', 'reports', 'astro.config.mjs', 'package.json', 'tsconfig.json'];

/** CPU time (user + system) of this process's waited-for children so far, ms (Linux `/proc/self/stat`), else undefined. */
function childrenCpuMs(): number | undefined {
	try {
		const stat = readFileSync('/proc/self/stat', 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		// fields 16 and 17 of stat(5) (cutime, cstime), in clock ticks (100 per second on Linux)
		return ((Number(fields[13]) + Number(fields[14])) / 100) * 1000;
	} catch {
		return undefined;
	}
}

/** Makes a copy of the project for building (node_modules hard-linked, mermaid cache emptied). */
function copyProject(root: string, dest: string, withoutDiagrams: boolean): void {
	rmSync(dest, { recursive: true, force: true });
	mkdirSync(dest, { recursive: true });
	for (const entry of COPY) {
		if (existsSync(join(root, entry))) cpSync(join(root, entry), join(dest, entry), { recursive: true, verbatimSymlinks: true });
	}
	// hard links: fast, and writes (caches) land in the copy
	const cp = runSync('cp', ['-al', join(root, 'node_modules'), join(dest, 'node_modules')]);
	if (cp) throw new Error(`cp -al node_modules failed: ${cp}`);
	rmSync(join(dest, 'node_modules', '.cache', 'mermaid-svg'), { recursive: true, force: true });
	rmSync(join(dest, 'node_modules', '.vite'), { recursive: true, force: true });
	rmSync(join(dest, 'node_modules', '.astro'), { recursive: true, force: true });
	if (withoutDiagrams) {
		for (const file of walk(join(dest, 'content'))) {
			if (!/\.mdx?$/.test(file)) continue;
			const text = readFileSync(file, 'utf8');
			const stripped = stripMermaid(text);
			if (stripped !== text) writeFileSync(file, stripped);
		}
	}
}

/** Runs a command synchronously; the error text, or undefined on success. */
function runSync(cmd: string, args: string[]): string | undefined {
	const r = spawnSync(cmd, args, { encoding: 'utf8' });
	return r.status === 0 ? undefined : r.stderr || `exit ${r.status}`;
}

/** Files under a folder, recursively. */
function* walk(dir: string): Generator<string> {
	for (const name of readdirSync(dir)) {
		const full = join(dir, name);
		if (statSync(full).isDirectory()) yield* walk(full);
		else yield full;
	}
}

/** The most telling line of a failed command's output. */
function firstError(output: string): string {
	const lines = output.split('\n').map((l) => l.trim()).filter(Boolean);
	return (lines.find((l) => /\berror\b/i.test(l) && !/^at /.test(l)) ?? tail(output, 2)).slice(0, 300);
}

/** Counts mermaid blocks in the project's content. */
function countDiagrams(root: string): number {
	let n = 0;
	for (const file of walk(join(root, 'content'))) if (/\.mdx?$/.test(file)) n += (readFileSync(file, 'utf8').match(/^[ \t]*(`{3,}|~{3,})mermaid\b/gm) ?? []).length;
	return n;
}

/**
 * Measures the site rows.
 * @param log
 *   Progress output.
 */
export async function measureSite(root: string, work: string, reps: number, timeoutMs: number, log: (line: string) => void): Promise<{ rows: SiteRow[]; diagrams: number }> {
	const rows: SiteRow[] = [];
	const withDir = join(work, 'site-with');
	const withoutDir = join(work, 'site-without');
	const astro = join(root, 'node_modules', 'astro', 'bin', 'astro.mjs');
	const diagrams = countDiagrams(root);
	// The fact lint runs in every build (it is part of the build time) but only warns, so a
	// content error being fixed elsewhere does not abort the benchmark.
	const env = (extra: Record<string, string> = {}) => ({ ...process.env, VERIFY: 'off', FACT_LINT: 'warn', ASTRO_TELEMETRY_DISABLED: '1', ...extra });

	if (!existsSync(astro)) return { rows: [{ label: 'site build', runs: [], note: 'astro is not installed (npm install)' }], diagrams };
	log('  copying the project (node_modules hard-linked) …');
	copyProject(root, withDir, false);
	copyProject(root, withoutDir, true);

	/** One timed build; the row gets its wall and CPU time, or a note when it failed. */
	const buildOnce = async (row: SiteRow & { cpuRuns?: number[] }, cwd: string, extraEnv: Record<string, string>, timed: boolean): Promise<boolean> => {
		const cpuBefore = childrenCpuMs();
		const r = await run(process.execPath, [astro, 'build'], { cwd, env: env(extraEnv), timeoutMs });
		const cpuAfter = childrenCpuMs();
		if (r.code !== 0) {
			row.note = `build failed (exit ${r.code}${r.timedOut ? ', timeout' : ''}): ${firstError(r.stdout + r.stderr)}`;
			return false;
		}
		if (!timed) return true;
		row.runs.push(r.ms);
		if (cpuBefore !== undefined && cpuAfter !== undefined) (row.cpuRuns ??= []).push(cpuAfter - cpuBefore);
		log(`  ${row.label}: ${(r.ms / 1000).toFixed(1)} s (CPU ${cpuBefore !== undefined && cpuAfter !== undefined ? ((cpuAfter - cpuBefore) / 1000).toFixed(1) : '?'} s)`);
		return true;
	};
	const finish = (row: SiteRow & { cpuRuns?: number[] }): SiteRow => {
		const { cpuRuns, ...rest } = row;
		return { ...rest, ...(row.runs.length ? { ms: median(row.runs) } : {}), ...(cpuRuns?.length ? { cpuMs: median(cpuRuns) } : {}) };
	};

	const without: SiteRow & { cpuRuns?: number[] } = { label: 'build without diagrams (mermaid blocks stripped)', runs: [] };
	const cold: SiteRow & { cpuRuns?: number[] } = { label: `build with ${diagrams} diagrams, cold cache (MERMAID_CACHE=0)`, runs: [] };
	const warm: SiteRow & { cpuRuns?: number[] } = { label: `build with ${diagrams} diagrams, warm cache (unchanged diagrams)`, runs: [] };
	// The two builds the figure compares run in turns (without, warm, without, warm, …), so
	// a change in the machine's other load hits both alike; both are primed first (untimed).
	log('  priming both builds (not timed) …');
	const primed = (await buildOnce(without, withoutDir, {}, false)) && (await buildOnce(warm, withDir, {}, false));
	for (let i = 0; primed && i < reps; i++) {
		if (!(await buildOnce(without, withoutDir, {}, true)) || !(await buildOnce(warm, withDir, {}, true))) break;
	}
	for (let i = 0; i < reps; i++) if (!(await buildOnce(cold, withDir, { MERMAID_CACHE: '0' }, true))) break;
	rows.push(finish(without), finish(cold), finish(warm));

	// PDFs per language (whole book and one per estate), from the built site of the copy with diagrams.
	const pdf = join(withDir, 'scripts', 'pdf.ts');
	if (existsSync(pdf)) {
		const row: SiteRow = { label: 'PDF (npm run pdf, all languages)', runs: [] };
		const perRun: PdfFigure[][] = [];
		for (let i = 0; i < reps; i++) {
			const r = await run(process.execPath, [pdf], { cwd: withDir, env: env(), timeoutMs });
			if (r.code !== 0) { row.note = `pdf failed (exit ${r.code}): ${firstError(r.stdout + r.stderr)}`; break; }
			row.runs.push(r.ms);
			perRun.push(parsePdfLines(r.stdout));
			log(`  pdf: ${(r.ms / 1000).toFixed(1)} s — ${perRun.at(-1)!.map((p) => `${p.file} ${p.seconds.toFixed(1)} s`).join(', ')}`);
		}
		if (row.runs.length) row.ms = median(row.runs);
		// per PDF: the median over the runs of each phase and of the total
		const files = perRun[0]?.map((p) => p.file) ?? [];
		const med = (file: string, key: 'seconds' | 'load' | 'print' | 'finish') => median(perRun.map((run) => run.find((p) => p.file === file)?.[key] ?? Number.NaN).filter((x) => !Number.isNaN(x)));
		row.pdfs = files.map((file) => ({ file, pages: perRun[0]!.find((p) => p.file === file)!.pages, seconds: med(file, 'seconds'), load: med(file, 'load'), print: med(file, 'print'), finish: med(file, 'finish') }));
		if (row.pdfs.length) row.label += ` — ${row.pdfs.map((p) => `${p.file.replace(/^runbooks-|\.pdf$/g, '')} ${p.seconds.toFixed(1)} s`).join('; ')}`;
		rows.push(row);
	} else {
		rows.push({ label: 'PDF per language', runs: [], note: 'scripts/pdf.ts does not exist yet: skipped' });
	}

	const lint = join(withDir, 'src', 'lint', 'cli.ts');
	if (existsSync(lint)) {
		const row: SiteRow = { label: 'lint of the whole content (npm run lint:docs)', runs: [] };
		for (let i = 0; i < reps; i++) {
			const r = await run(process.execPath, [lint], { cwd: withDir, env: env(), timeoutMs });
			if (r.code !== 0 && r.code !== 1) { row.note = `lint failed (exit ${r.code}): ${firstError(r.stdout + r.stderr)}`; break; }
			row.runs.push(r.ms);
		}
		if (row.runs.length) row.ms = median(row.runs);
		rows.push(row);
	} else {
		rows.push({ label: 'lint of the whole content', runs: [], note: 'src/lint/cli.ts (npm run lint:docs) does not exist yet: skipped' });
	}

	rmSync(withDir, { recursive: true, force: true });
	rmSync(withoutDir, { recursive: true, force: true });
	return { rows, diagrams };
}

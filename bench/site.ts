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
	label: string;
	ms?: number;
	runs: number[];
	note?: string;
}

/** Removes ```mermaid fenced blocks from Markdown/MDX text. */
export function stripMermaid(text: string): string {
	return text.replace(/^([ \t]*)(`{3,}|~{3,})mermaid\b[^\n]*\n[\s\S]*?^\1\2[ \t]*$\n?/gm, '');
}

const COPY = ['src', 'content', 'public', 'scripts', 'verifiers', 'astro.config.mjs', 'package.json', 'tsconfig.json'];

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

	const build = async (label: string, cwd: string, extraEnv: Record<string, string>, prime: boolean): Promise<SiteRow> => {
		const row: SiteRow = { label, runs: [] };
		if (prime) {
			log(`  ${label}: priming build (not timed) …`);
			const r = await run(process.execPath, [astro, 'build'], { cwd, env: env(extraEnv), timeoutMs });
			if (r.code !== 0) return { ...row, note: `build failed (exit ${r.code}): ${firstError(r.stdout + r.stderr)}` };
		}
		for (let i = 0; i < reps; i++) {
			const r = await run(process.execPath, [astro, 'build'], { cwd, env: env(extraEnv), timeoutMs });
			if (r.code !== 0) return { ...row, note: `build failed (exit ${r.code}${r.timedOut ? ', timeout' : ''}): ${firstError(r.stdout + r.stderr)}` };
			row.runs.push(r.ms);
			log(`  ${label}: ${(r.ms / 1000).toFixed(1)} s`);
		}
		row.ms = median(row.runs);
		return row;
	};

	rows.push(await build('build without diagrams (mermaid blocks stripped)', withoutDir, {}, true));
	rows.push(await build(`build with ${diagrams} diagrams, cold cache (MERMAID_CACHE=0)`, withDir, { MERMAID_CACHE: '0' }, false));
	rows.push(await build(`build with ${diagrams} diagrams, warm cache (unchanged diagrams)`, withDir, {}, true));

	// PDF per language, from the built site of the copy with diagrams.
	const pdf = join(withDir, 'scripts', 'pdf.ts');
	if (existsSync(pdf)) {
		const row: SiteRow = { label: 'PDF (npm run pdf, all languages)', runs: [] };
		for (let i = 0; i < reps; i++) {
			const r = await run(process.execPath, [pdf], { cwd: withDir, env: env(), timeoutMs });
			if (r.code !== 0) { row.note = `pdf failed (exit ${r.code}): ${firstError(r.stdout + r.stderr)}`; break; }
			row.runs.push(r.ms);
			const perLanguage = r.stdout.split('\n').filter((l) => /\b(de|en)\b.*\d+(\.\d+)?\s*(ms|s)\b/i.test(l));
			if (i === 0 && perLanguage.length) row.label += ` — ${perLanguage.map((l) => l.trim().replace(/^\S*\/(runbooks-\w+\.pdf)/, '$1')).join('; ')}`;
			log(`  pdf: ${(r.ms / 1000).toFixed(1)} s`);
		}
		if (row.runs.length) row.ms = median(row.runs);
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

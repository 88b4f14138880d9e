/**
 * Builds the site for browser tests, once per set of inputs: the output folder is
 * keyed by a hash of the sources and the report, reused across test files and runs,
 * and builds are serialised with a lock (parallel `astro build`s race on `.astro/`).
 * `E2E_DIST` points the default build at an existing dist/ instead.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Project root. */
export const ROOT = resolve(import.meta.dirname, '..', '..', '..');

function hashTree(hash: ReturnType<typeof createHash>, dir: string): void {
	if (!existsSync(dir)) return;
	for (const name of readdirSync(dir).sort()) {
		const p = join(dir, name);
		const st = statSync(p);
		if (st.isDirectory()) hashTree(hash, p);
		else hash.update(p).update(readFileSync(p));
	}
}

/**
 * Path of a built site.
 * @param name
 *   Build name (`clean`, `drift`, …); `default` honours `E2E_DIST`.
 * @param report
 *   Report JSON text the build reads (via `VERIFY_REPORT`), or `undefined` for none.
 */
export async function builtSite(name: string, report?: string): Promise<string> {
	if (name === 'default' && process.env.E2E_DIST) return resolve(process.env.E2E_DIST);
	// the recipe is part of the key: change it when the build command or its env changes
	const hash = createHash('sha256').update('recipe 3: clean env, NODE_ENV=production VERIFY=off').update(report ?? '(no report)');
	for (const p of ['content', 'src', 'astro.config.mjs', 'model', 'public']) {
		const abs = join(ROOT, p);
		if (existsSync(abs) && statSync(abs).isFile()) hash.update(readFileSync(abs));
		else hashTree(hash, abs);
	}
	const base = join(tmpdir(), 'runbooks-e2e');
	mkdirSync(base, { recursive: true });
	const out = join(base, `${name}-${hash.digest('hex').slice(0, 16)}`);
	const lock = join(base, 'build.lock');
	if (existsSync(join(out, '.complete'))) return out;
	for (let waited = 0; ; waited += 250) {
		try {
			mkdirSync(lock);
			break;
		} catch {
			// a stale lock (a killed run) is older than any real build
			if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 10 * 60_000) rmSync(lock, { recursive: true, force: true });
			await sleep(250);
		}
	}
	try {
		if (existsSync(join(out, '.complete'))) return out;
		rmSync(out, { recursive: true, force: true });
		// vitest leaks its Vite env (NODE_ENV=test, MODE, DEV=1, PROD, SSR, BASE_URL) into process.env;
		// a build started with it is a dev-mode site (e.g. no search). VERIFY=off: the build reads
		// the given report instead of verifying the live lab.
		const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', VERIFY: 'off', VERIFY_REPORT: '' };
		for (const key of ['MODE', 'DEV', 'PROD', 'SSR', 'BASE_URL', 'VITEST', 'VITEST_MODE', 'VITEST_POOL_ID', 'VITEST_WORKER_ID']) delete env[key];
		if (report !== undefined) {
			const file = join(base, `${name}-report.json`);
			writeFileSync(file, report);
			env.VERIFY_REPORT = file;
		} else {
			env.VERIFY_REPORT = join(base, 'no-report.json'); // absent on purpose
		}
		const run = () => spawnSync('sh', ['scripts/node24.sh', 'astro', 'build', '--outDir', out], { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 64 << 20 });
		let r = run();
		if (r.status !== 0 && /\.astro|ENOENT|EEXIST/.test(r.stderr + r.stdout)) r = run(); // cache race with another build
		if (r.status !== 0) throw new Error(`astro build for e2e "${name}" failed (exit ${r.status}):\n${(r.stdout + r.stderr).slice(-4000)}`);
		writeFileSync(join(out, '.complete'), new Date().toISOString());
		return out;
	} finally {
		rmSync(lock, { recursive: true, force: true });
	}
}

/**
 * The built pages of a site: each `index.html` outside the assets, search index, PDFs and print books.
 *
 * @param dist
 *   The built site.
 * @returns
 *   URL path (`/de/…/`, `/` for the root) and file of every page, sorted by path.
 */
export function builtPages(dist: string): { path: string; file: string }[] {
	const out: { path: string; file: string }[] = [];
	const walk = (dir: string) => {
		for (const name of readdirSync(dir)) {
			const p = join(dir, name);
			if (statSync(p).isDirectory()) {
				if (!['_astro', 'pagefind', 'pdf', 'print'].includes(name)) walk(p);
			} else if (name === 'index.html') out.push({ path: dir === dist ? '/' : `/${relative(dist, dir).split(sep).join('/')}/`, file: p });
		}
	};
	walk(dist);
	return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

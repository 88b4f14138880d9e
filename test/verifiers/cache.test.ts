/**
 * The verifier's start-up cache (verifiers/cache.ts): an unchanged docs folder or inventory
 * gives exactly the result of a fresh load without parsing again; any change to a page or the
 * inventory is a fresh load (the drift's page and line stay exact); and the CLI's module graph
 * loads neither the YAML parser nor zod before it needs them.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { loadFactsOrThrow, loadTarget } from '../../verifiers/run.ts';
import { cacheFile } from '../../verifiers/cache.ts';
import { loadFactStore } from '../../model/facts/store.ts';

const ROOT = join(import.meta.dirname, '..', '..');

/** A page declaring one host with a socket at the given line offset (blank lines before the facts move them). */
const page = (host: string, port: number, blank = 0) => [
	'---', `title: ${host}`, 'description: A host.', 'estate: norda', ...Array<string>(blank).fill('# moved'), 'facts:', `  host: ${host}`, '  hosts:', `    - id: ${host}`, `      hostname: ${host}`,
	'  sockets:', `    - port: ${port}`, '      bind: 10.231.100.2', '---', '', 'Body.', '',
].join('\n');

describe('start-up cache', () => {
	let dir: string;
	const slotFiles: string[] = [];
	beforeAll(() => {
		dir = mkdtempSync(join(tmpdir(), 'verify-cache-'));
		mkdirSync(join(dir, 'content', 'docs', 'en', 'fleet'), { recursive: true });
		writeFileSync(join(dir, 'content', 'docs', 'en', 'fleet', 'a.mdx'), page('fleet-01', 8080));
		slotFiles.push(cacheFile(`facts ${join(dir, 'content', 'docs')}`), cacheFile(`inventory ${join(dir, 'inventory.yaml')}`));
	});
	afterAll(() => {
		rmSync(dir, { recursive: true, force: true });
		for (const f of slotFiles) rmSync(f, { force: true });
	});

	test('the fact store: a hit equals a fresh load; a changed page is loaded again, with its new lines', async () => {
		const env = {};
		const fresh = loadFactStore(dir);
		const first = await loadFactsOrThrow(dir, undefined, env);
		expect(existsSync(slotFiles[0]!)).toBe(true);
		const second = await loadFactsOrThrow(dir, undefined, env);
		expect(first).toEqual(fresh);
		expect(second).toEqual(fresh);
		expect(second).not.toBe(first);
		const line = (s: typeof fresh) => s.facts.get('fleet-01/socket/tcp:8080')?.line;
		expect(line(second)).toBe(11);
		// the same page, its facts three lines lower: the new line, not the cached one
		writeFileSync(join(dir, 'content', 'docs', 'en', 'fleet', 'a.mdx'), page('fleet-01', 8080, 3));
		expect(line(await loadFactsOrThrow(dir, undefined, env))).toBe(14);
		// a new page is part of the key too
		writeFileSync(join(dir, 'content', 'docs', 'en', 'fleet', 'b.mdx'), page('fleet-02', 9090));
		expect((await loadFactsOrThrow(dir, undefined, env)).facts.has('fleet-02/socket/tcp:9090')).toBe(true);
	});

	test('invalid facts are reported, never cached', async () => {
		writeFileSync(join(dir, 'content', 'docs', 'en', 'fleet', 'c.mdx'), page('fleet-03', 70000));
		rmSync(slotFiles[0]!, { force: true });
		await expect(loadFactsOrThrow(dir, undefined, {})).rejects.toThrow(/invalid fact declaration/);
		expect(existsSync(slotFiles[0]!)).toBe(false);
		rmSync(join(dir, 'content', 'docs', 'en', 'fleet', 'c.mdx'));
	});

	test('VERIFY_CACHE=0: nothing is written', async () => {
		rmSync(slotFiles[0]!, { force: true });
		await loadFactsOrThrow(dir, undefined, { VERIFY_CACHE: '0' });
		expect(existsSync(slotFiles[0]!)).toBe(false);
	});

	test('the inventory: a hit equals a fresh load; an edited inventory is loaded again', async () => {
		const file = join(dir, 'inventory.yaml');
		const inventory = (address: string) => `version: 1\nname: t\nknownHosts: known_hosts\nuser: verifier\nhosts:\n  fleet-01: { address: ${address} }\n`;
		writeFileSync(file, inventory('10.231.100.2'));
		const first = await loadTarget(dir, file, {});
		expect(existsSync(slotFiles[1]!)).toBe(true);
		const second = await loadTarget(dir, file, {});
		expect(second).toEqual(first);
		expect(second.hosts['fleet-01']?.address).toBe('10.231.100.2');
		writeFileSync(file, inventory('10.231.100.3'));
		expect((await loadTarget(dir, file, {})).hosts['fleet-01']?.address).toBe('10.231.100.3');
	});

	test("the CLI's module graph loads neither yaml nor zod (they come only with a cache miss)", () => {
		const hook = `data:text/javascript,${encodeURIComponent(`import { registerHooks } from 'node:module';
registerHooks({ resolve(s, c, n) { const r = n(s, c); if (/node_modules\\/(yaml|zod)\\//.test(r.url)) process.stderr.write('LOADED ' + r.url + '\\n'); return r; } });`)}`;
		const r = spawnSync(process.execPath, ['--import', hook, '--input-type=module', '-e', `await import(${JSON.stringify(join(ROOT, 'verifiers', 'cli.ts'))}); console.log('imported')`], { encoding: 'utf8' });
		expect(r.stdout, r.stderr).toContain('imported');
		expect(r.stderr).not.toContain('LOADED');
	});
});

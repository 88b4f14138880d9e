/**
 * The lab's code: its JavaScript is TypeScript (run by Node 24's type stripping like the rest), nothing
 * refers to the old .mjs files, and lab/lab.sh runs only its own commands — never an arbitrary function
 * or program named on its command line.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

/** Files under `dir` (recursively), skipping dependency, state and output folders. */
function files(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
		const p = join(dir, e.name);
		if (e.isDirectory()) return ['node_modules', '.git', '.tools', '.lab', 'dist', 'reports', '.astro'].includes(e.name) ? [] : files(p);
		return [p];
	});
}

/** Runs lab/lab.sh with a scratch LAB_DIR. */
function labSh(...args: string[]) {
	const dir = mkdtempSync(join(tmpdir(), 'lab-sh-'));
	try {
		const r = spawnSync('bash', [join(ROOT, 'lab', 'lab.sh'), ...args], { env: { ...process.env, LAB_DIR: dir }, encoding: 'utf8', timeout: 60_000 });
		return { status: r.status, stdout: r.stdout, stderr: r.stderr };
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

describe('lab code', () => {
	test('the lab has no JavaScript files: its programs are TypeScript', () => {
		expect(files(join(ROOT, 'lab')).filter((f) => /\.(mjs|cjs|js)$/.test(f)).map((f) => relative(ROOT, f))).toEqual([]);
	});

	test('nothing refers to the old lab .mjs programs', () => {
		const old = /lab\/(cli|inventory|dns\/server|fleet\/write-inventory)\.mjs|'lab', 'cli\.mjs'/;
		const hits = files(ROOT)
			.filter((f) => /\.(ts|mjs|sh|json|md|ya?ml|astro)$/.test(f) && !f.endsWith('package-lock.json') && !f.endsWith('lab-code.test.ts'))
			.filter((f) => old.test(readFileSync(f, 'utf8').replace(/lab\/cli\.mjs in older checkouts|: 'lab\/cli\.mjs'/g, '')))
			.map((f) => relative(ROOT, f));
		expect(hits).toEqual([]);
	});

	test.each([
		['rm', '-rf', '/tmp/nothing'],
		['base_key'],
		['die', 'x'],
		['eval', 'id'],
	])('lab.sh refuses %s (not one of its commands)', (...argv) => {
		const r = labSh(...argv);
		expect(r.status).toBe(1);
		expect(r.stderr).toContain(`'${argv[0]}' is not a lab.sh command`);
		expect(r.stdout).toBe('');
	});

	test('lab.sh runs its commands (twins_json lists the five twins)', () => {
		const r = labSh('twins_json');
		expect(r.status, r.stderr).toBe(0);
		expect((JSON.parse(r.stdout) as Array<{ id: string }>).map((t) => t.id).sort()).toEqual(['dev-ws', 'gm-vserver', 'nb-revproxy', 'nb-staging', 'nb-vps']);
	});

	test('lab.sh without a command says what it runs', () => {
		const r = labSh();
		expect(r.status).toBe(1);
		expect(r.stderr).toMatch(/usage: lab\.sh <command>.*twin_up/);
	});
});

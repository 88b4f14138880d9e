/**
 * A fresh clone stays clean after `npm start`: package-lock.json is complete and in step with
 * package.json, so installing never rewrites it. The lockfile once lacked the optional platform packages
 * of the native modules (@astrojs/compiler-binding-*, @pagefind/*, …): `npm install` on a fresh machine
 * added them and left the checkout dirty. Pure file checks, no install.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

/** One entry of package-lock.json's `packages` map (lockfileVersion 3). */
interface LockEntry { version?: string; dependencies?: Record<string, string>; devDependencies?: Record<string, string>; optionalDependencies?: Record<string, string> }

const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { lockfileVersion: number; packages: Record<string, LockEntry> };
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };

/** Where Node would find `name` required from the package at lockfile path `from` (walks up node_modules). */
function resolveIn(from: string, name: string): string | undefined {
	let base = from;
	for (;;) {
		const candidate = `${base ? `${base}/` : ''}node_modules/${name}`;
		if (lock.packages[candidate]) return candidate;
		if (!base) return undefined;
		const i = base.lastIndexOf('/node_modules/');
		base = i < 0 ? '' : base.slice(0, i);
	}
}

describe('package-lock.json', () => {
	test('is lockfile version 3', () => {
		expect(lock.lockfileVersion).toBe(3);
	});

	test('lists every optional (platform) package of every locked package', () => {
		const missing: string[] = [];
		for (const [path, entry] of Object.entries(lock.packages)) {
			for (const name of Object.keys(entry.optionalDependencies ?? {})) {
				if (!resolveIn(path, name)) missing.push(`${path || '(root)'} → ${name}`);
			}
		}
		expect(missing, 'regenerate the lockfile with a full `npm install` (not --omit=optional) and commit it').toEqual([]);
	});

	test('is in step with package.json (dependencies and devDependencies)', () => {
		const root = lock.packages[''] ?? {};
		expect(root.dependencies ?? {}).toEqual(pkg.dependencies ?? {});
		expect(root.devDependencies ?? {}).toEqual(pkg.devDependencies ?? {});
	});

	test('every direct dependency is locked at the exact version package.json pins', () => {
		const wrong: string[] = [];
		for (const [name, version] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) {
			const locked = lock.packages[`node_modules/${name}`]?.version;
			if (locked !== version) wrong.push(`${name}: package.json ${version}, lockfile ${locked ?? 'missing'}`);
		}
		expect(wrong).toEqual([]);
	});
});

describe('scripts/bootstrap.sh', () => {
	const text = readFileSync(join(ROOT, 'scripts', 'bootstrap.sh'), 'utf8');
	test('a fresh checkout (no node_modules) installs from the lockfile with `npm ci` (never rewrites it)', () => {
		const code = text.split('\n').filter((l) => !/^\s*#/.test(l)).join('\n');
		const fresh = /if \[ ! -d node_modules \]; then\n([\s\S]*?)\n\telse/.exec(code);
		expect(fresh, 'install_npm must branch on a missing node_modules').not.toBeNull();
		expect(fresh![1]).toMatch(/\bnpm ci\b/);
		expect(fresh![1]).not.toMatch(/\bnpm install\b/);
	});
});

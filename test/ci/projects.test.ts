/**
 * The vitest projects (test/projects.ts): every test file that uses the lab twins or builds the site is in
 * the serial project (they share state and must not run side by side), and every file belongs to exactly
 * one project.
 */
import { globSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ALL_TESTS, SERIAL_TESTS } from '../projects.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const all = globSync(ALL_TESTS, { cwd: ROOT }).sort();
const serial = new Set(SERIAL_TESTS.flatMap((g) => globSync(g, { cwd: ROOT })));

/** What makes a test file shared-state: it drives the lab or a site build. */
const SHARED_STATE = [
	/labUnavailableReason|skipWithoutLab|waitForLab/,
	/'lab', 'cli\.ts'|lab\/cli\.ts/,
	/e2e\/helpers\/build|builtSite\(/,
	/'astro', 'build'|\['build'\]/,
];

describe('vitest projects', () => {
	test('there are unit and serial test files', () => {
		expect(all.length).toBeGreaterThan(40);
		expect(serial.size).toBeGreaterThan(5);
		expect(all.length - serial.size).toBeGreaterThan(20);
	});

	test('every file that uses the lab or builds the site runs in the serial project', () => {
		const misplaced = all.filter((f) => !serial.has(f) && !f.startsWith('test/ci/') && SHARED_STATE.some((re) => re.test(readFileSync(join(ROOT, f), 'utf8'))));
		expect(misplaced, 'add them to SERIAL_TESTS in test/projects.ts').toEqual([]);
	});
});

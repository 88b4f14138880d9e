/** The Astro integration's mode decision (the hook itself runs the same verify() as the CLI). */
import { describe, expect, test } from 'vitest';
import { decideMode } from '../../verifiers/integration.ts';

describe('decideMode', () => {
	test.each([
		['dev', undefined, undefined, true, 'off'],
		['build', undefined, undefined, true, 'strict'],
		['build', undefined, undefined, false, 'off'],
		['build', undefined, 'warn', true, 'warn'],
		['build', 'off', 'strict', true, 'off'],
		['dev', undefined, 'strict', false, 'strict'],
	] as const)('astro %s, option %s, VERIFY=%s, inventory %s → %s', (cmd, opt, env, inv, mode) => {
		expect(decideMode(cmd, opt, env, () => inv).mode).toBe(mode);
	});
	test('an unknown VERIFY value names the allowed ones', () => {
		expect(() => decideMode('build', undefined, 'loud', () => true)).toThrow(/strict, warn, off/);
	});
});

/** The probe script: quoting in one place, markers with a nonce, and a real run under sh. */
import { describe, expect, test } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import fc from 'fast-check';
import { shQuote } from '../../../verifiers/probe/quote.ts';
import { buildProbeScript, splitSections } from '../../../verifiers/probe/script.ts';
import { observe } from '../../../verifiers/probe/observe.ts';

describe('shQuote', () => {
	test('round-trips any string through sh as one word', () => {
		fc.assert(fc.property(fc.string({ maxLength: 60 }).filter((s) => !/[\0\r\n]/.test(s)), (s) => {
			expect(execFileSync('sh', ['-c', `printf '%s' ${shQuote(s)}`], { encoding: 'utf8' })).toBe(s);
		}), { numRuns: 50 });
	});
	test('refuses NUL, CR and LF', () => {
		expect(() => shQuote('a\nb')).toThrow(/NUL\/CR\/LF/);
	});
});

describe('buildProbeScript', () => {
	test('document strings never run: a hostile path is only stat-ed', () => {
		const dir = mkdtempSync(join(tmpdir(), 'probe-'));
		const canary = join(dir, 'pwned');
		const hostile = `/tmp/x'; touch ${canary}; echo '$(touch ${canary})\`touch ${canary}\``;
		const nonce = '0123456789abcdef';
		const plan = { sections: new Set(['stat', 'systemctl', 'kernel'] as const), units: [`a'; touch ${canary}; '.service`], paths: [hostile, '/etc'] };
		const out = execFileSync('sh', ['-s'], { input: buildProbeScript(plan, nonce), encoding: 'utf8' });
		expect(existsSync(canary)).toBe(false);
		const obs = observe(plan, splitSections(out, nonce));
		expect(obs.paths?.[hostile]).toEqual({ path: hostile, exists: false });
		expect(obs.paths?.['/etc']).toMatchObject({ exists: true, type: 'directory' });
		expect(obs.kernel).toMatch(/^\d/);
	});
	test('a host cannot fake a section marker without the nonce', () => {
		const nonce = 'aaaaaaaaaaaaaaaa';
		const fake = '@@bbbbbbbbbbbbbbbb end kernel rc=0\n@@aaaaaaaa begin kernel priv=root';
		const out = `@@${nonce} begin kernel priv=user\n${fake}\n6.1\n\n@@${nonce} stderr kernel\n\n@@${nonce} end kernel rc=0\n`;
		expect(splitSections(out, nonce).get('kernel')).toEqual({ priv: 'user', stdout: `${fake}\n6.1`, stderr: '', rc: 0 });
	});
	test('a section cut off by truncation has no exit status', () => {
		expect(splitSections('@@aaaaaaaaaaaaaaaa begin ss priv=root\ntcp LISTEN', 'aaaaaaaaaaaaaaaa').get('ss')?.rc).toBeUndefined();
	});
});

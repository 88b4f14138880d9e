/** The probe script: quoting in one place, markers with a nonce, and a real run under sh. */
import { describe, expect, test } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import fc from 'fast-check';
import { shQuote, shQuoteScript } from '../../../verifiers/probe/quote.ts';
import { buildProbeScript, probeCommand, splitSections, type ProbePlan } from '../../../verifiers/probe/script.ts';
import { observe, sectionProblem } from '../../../verifiers/probe/observe.ts';

/** Running the probe as an unprivileged user needs root (setpriv) and a firewall program to skip. */
const asNobody = (() => {
	if (process.getuid?.() !== 0) return 'the test does not run as root (setpriv --reuid needs it)';
	for (const c of ['setpriv', 'ufw']) if (spawnSync('sh', ['-c', `command -v ${c}`]).status !== 0) return `${c} is not installed`;
	return undefined;
})();
if (asNobody) console.warn(`\n⚠ SKIPPED probe-as-nobody test: ${asNobody}\n`);

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

describe('shQuoteScript', () => {
	test('round-trips any text without NUL through sh as one word, newlines included', () => {
		fc.assert(fc.property(fc.string({ maxLength: 200 }).filter((s) => !s.includes('\0')), (s) => {
			expect(execFileSync('sh', ['-c', `printf '%s' ${shQuoteScript(s)}`], { encoding: 'utf8' })).toBe(s);
		}), { numRuns: 50 });
		expect(execFileSync('sh', ['-c', `printf '%s' ${shQuoteScript("a'b\n'c'\n")}`], { encoding: 'utf8' })).toBe("a'b\n'c'\n");
	});
	test('refuses NUL', () => {
		expect(() => shQuoteScript('a\0b')).toThrow(/NUL/);
	});
});

describe('buildProbeScript', () => {
	/** Runs a probe as the host's login shell does (`$SHELL -c COMMAND`, stdin from the exec channel). */
	const runAsHost = (plan: ProbePlan, nonce: string) => {
		const { command, stdin } = probeCommand(buildProbeScript(plan, nonce));
		return { command, stdin, out: execFileSync('sh', ['-c', command], { input: stdin ?? '', encoding: 'utf8' }) };
	};
	test.each([
		['inside the exec request (a probe of usual size)', 3, 'sh -c '],
		['on stdin of sh -s (a probe too long for one argument)', 40, 'sh -s'],
	])('document strings never run, sent %s: a hostile path is only stat-ed', (_how, longPaths, prefix) => {
		const dir = mkdtempSync(join(tmpdir(), 'probe-'));
		const canary = join(dir, 'pwned');
		const hostile = `/tmp/x'; touch ${canary}; echo '$(touch ${canary})\`touch ${canary}\``;
		const nonce = '0123456789abcdef';
		const long = Array.from({ length: longPaths }, (_, i) => `/tmp/${String(i).padStart(3, '0')}${'x'.repeat(3000)}`);
		const plan = { sections: new Set(['stat', 'systemctl', 'kernel'] as const), units: [`a'; touch ${canary}; '.service`], paths: [hostile, '/etc', ...long] };
		const r = runAsHost(plan, nonce);
		expect(r.command.startsWith(prefix)).toBe(true);
		expect(r.stdin === undefined).toBe(prefix === 'sh -c ');
		expect(existsSync(canary)).toBe(false);
		const obs = observe(plan, splitSections(r.out, nonce));
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
	test.skipIf(!!asNobody)('a root-only firewall program is not started without root or the sudo right: "needs sudo", no process', () => {
		const nonce = 'abcdefabcdefabcd';
		const plan = { sections: new Set(['firewall'] as const), units: [], paths: [] };
		const out = execFileSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'sh', '-s'], { input: buildProbeScript(plan, nonce), encoding: 'utf8', cwd: '/' });
		const raw = splitSections(out, nonce).get('firewall');
		expect(raw).toMatchObject({ priv: 'user', rc: 1, stdout: '' });
		// ufw itself would have printed "ERROR: You need to be root to run this script"
		expect(raw?.stderr).toBe('ufw needs root; not started: the sudo rights of this login do not allow /usr/sbin/ufw status verbose');
		const problem = sectionProblem('firewall', raw);
		expect(problem?.reason).toBe('needs-sudo');
		expect(problem?.message).toContain('needs sudo: add the lines in verifiers/probe/sudoers (ufw needs root; not started');
	});
	test('the addresses for Docker networks are read only where a Docker socket exists (no fact needs them)', () => {
		const nonce = 'abcdefabcdefabcd';
		const plan = { sections: new Set(['docker-networks'] as const), units: [], paths: [] };
		const script = buildProbeScript(plan, nonce);
		expect(script).toMatch(/if \[ -S \/var\/run\/docker\.sock \]; then\n__s ip-addr user ip -j addr show\nfi/);
		const raw = splitSections(execFileSync('sh', ['-s'], { input: script, encoding: 'utf8' }), nonce);
		const socket = existsSync('/var/run/docker.sock');
		expect(raw.has('ip-addr')).toBe(socket);
		// what ran is parsed, although the plan did not ask for it
		expect(observe(plan, raw).addresses !== undefined).toBe(socket);
		// a fact that needs the addresses gets them unconditionally
		expect(buildProbeScript({ ...plan, sections: new Set(['docker-networks', 'ip-addr'] as const) }, nonce)).not.toContain('then\n__s ip-addr');
	});
	test('a section cut off by truncation has no exit status', () => {
		expect(splitSections('@@aaaaaaaaaaaaaaaa begin ss priv=root\ntcp LISTEN', 'aaaaaaaaaaaaaaaa').get('ss')?.rc).toBeUndefined();
	});
});

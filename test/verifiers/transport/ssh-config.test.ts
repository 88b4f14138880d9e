import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { parseJumpSpec, parseSshConfig, resolveSshConfig } from '../../../verifiers/transport/ssh-config.ts';
import { readSshConfig } from '../../../verifiers/transport/ssh-config-file.ts';

const ctx = { home: '/home/me', localUser: 'me' };
const resolve = (text: string, alias: string) => resolveSshConfig(parseSshConfig(text, 'cfg'), alias, ctx);

const CONFIG = `
# comment
Host gm gm-vserver
    HostName 10.231.1.2
    User verifier
    Port 2222
    IdentityFile ~/.ssh/id_gm
    IdentityFile %d/.ssh/id_%h_%r

Host *.lab !bad.lab
    User labuser
    HostName %h.internal

Host nb-staging
    HostName=10.231.4.2
    ProxyJump nb-revproxy,admin@10.231.4.9:2200
    UserKnownHostsFile ~/.ssh/kh_nb "/etc/ssh/kh two"

Host direct
    ProxyJump none

Match exec "touch /tmp/pwned"
    User hacked
    HostName 6.6.6.6

Host *
    User fallback
    Port 22
    ProxyJump should-not-apply-to-nb-staging
`;

describe('resolveSshConfig', () => {
	test('first value wins, IdentityFile accumulates, ~ and % expanded', () => {
		expect(resolve(CONFIG, 'gm')).toMatchObject({
			hostName: '10.231.1.2',
			user: 'verifier',
			port: 2222,
			identityFiles: ['/home/me/.ssh/id_gm', '/home/me/.ssh/id_10.231.1.2_verifier'],
			proxyJump: ['should-not-apply-to-nb-staging'],
		});
	});

	test('wildcards, negation and %h in HostName', () => {
		expect(resolve(CONFIG, 'web.lab')).toMatchObject({ hostName: 'web.lab.internal', user: 'labuser', port: 22 });
		expect(resolve(CONFIG, 'bad.lab')).toMatchObject({ hostName: 'bad.lab', user: 'fallback' });
	});

	test('ProxyJump chain and UserKnownHostsFile (quoted, several)', () => {
		expect(resolve(CONFIG, 'nb-staging')).toMatchObject({
			hostName: '10.231.4.2',
			proxyJump: ['nb-revproxy', 'admin@10.231.4.9:2200'],
			userKnownHostsFiles: ['/home/me/.ssh/kh_nb', '/etc/ssh/kh two'],
		});
	});

	test('ProxyJump none means no jump (and wins as the first value)', () => {
		expect(resolve(CONFIG, 'direct').proxyJump).toEqual([]);
	});

	test('Match blocks are skipped with a warning and never evaluated', () => {
		const r = resolve(CONFIG, 'anything');
		expect(r.user).toBe('fallback');
		expect(r.hostName).toBe('anything');
		expect(existsSync('/tmp/pwned')).toBe(false);
		expect(r.warnings).toEqual([
			'cfg:22: "Match exec "touch /tmp/pwned"" is not evaluated (never executed); its settings are ignored. Use a Host block or set the values in the inventory.',
		]);
	});

	test('unknown alias gets the alias as HostName and no user', () => {
		expect(resolve('Host other\n User x\n', 'zzz')).toEqual({ hostName: 'zzz', identityFiles: [], proxyJump: [], userKnownHostsFiles: [], warnings: [] });
	});

	test('bad Port and ProxyCommand are warned about, never used', () => {
		const r = resolve('Host a\n Port abc\n ProxyCommand nc %h %p\n', 'a');
		expect(r.port).toBeUndefined();
		expect(r.warnings).toEqual([
			'Port "abc" for a is not a port number (1–65535); ignored',
			'ProxyCommand for a is not supported (never executed); use ProxyJump or the inventory\'s jump list',
		]);
	});

	test('never throws on arbitrary input (fast-check)', () => {
		fc.assert(
			fc.property(fc.string({ maxLength: 300 }), fc.string({ maxLength: 20 }), (text, alias) => {
				expect(typeof resolve(text, alias).hostName).toBe('string');
			})
		);
	});
});

describe('parseJumpSpec', () => {
	test.each([
		['nb-revproxy', { host: 'nb-revproxy' }],
		['admin@10.231.4.9:2200', { user: 'admin', host: '10.231.4.9', port: 2200 }],
		['ssh://u@h:22', { user: 'u', host: 'h', port: 22 }],
		['[fd00::1]:2222', { host: 'fd00::1', port: 2222 }],
		['h:0', undefined],
		['h:70000', undefined],
		['-oProxyCommand=x', undefined],
		['a b', undefined],
	])('%s', (text, expected) => {
		expect(parseJumpSpec(text)).toEqual(expected);
	});
});

describe('readSshConfig (Include, I/O edge)', () => {
	test('expands Include globs relative to ~/.ssh; inactive blocks do not apply includes; restores state after include', () => {
		const home = mkdtempSync(join(tmpdir(), 'sshcfg-'));
		try {
			mkdirSync(join(home, '.ssh', 'conf.d'), { recursive: true });
			writeFileSync(join(home, '.ssh', 'config'), 'Include conf.d/*.conf\nHost never\n Include ~/.ssh/never.conf\nHost *\n User last\n');
			writeFileSync(join(home, '.ssh', 'conf.d', 'a.conf'), 'Host alpha\n HostName 10.231.1.5\n');
			writeFileSync(join(home, '.ssh', 'conf.d', 'b.conf'), 'Host beta\n HostName 10.231.1.6\n User b\n');
			writeFileSync(join(home, '.ssh', 'never.conf'), 'Host *\n HostName 6.6.6.6\n');
			const items = readSshConfig(join(home, '.ssh', 'config'), home);
			expect(resolveSshConfig(items, 'alpha', { home })).toMatchObject({ hostName: '10.231.1.5', user: 'last' });
			expect(resolveSshConfig(items, 'beta', { home })).toMatchObject({ hostName: '10.231.1.6', user: 'b' });
			expect(resolveSshConfig(items, 'gamma', { home })).toMatchObject({ hostName: 'gamma', user: 'last' });
		} finally {
			rmSync(home, { recursive: true, force: true });
		}
	});

	test('an Include loop fails with a clear message', () => {
		const home = mkdtempSync(join(tmpdir(), 'sshcfg-'));
		try {
			mkdirSync(join(home, '.ssh'));
			writeFileSync(join(home, '.ssh', 'config'), 'Include config\n');
			expect(() => readSshConfig(join(home, '.ssh', 'config'), home)).toThrow(/Include nesting deeper than 16 .*Include loop/);
		} finally {
			rmSync(home, { recursive: true, force: true });
		}
	});

	test('a missing file yields no items', () => {
		expect(readSshConfig('/nonexistent/ssh_config', '/nonexistent')).toEqual([]);
	});
});

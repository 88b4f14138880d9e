import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import {
	checkHostKey,
	fingerprint,
	hostKeyAlgorithms,
	keyTypeOf,
	knownHostsName,
	matchPatternList,
	parseKnownHosts,
	pinCommand,
	pinnedKeyTypes,
	wildcardMatch,
} from '../../../verifiers/transport/known-hosts.ts';
import { hashedHost, line, makeBlob } from './keys.ts';

const ed = makeBlob('ssh-ed25519');
const ed2 = makeBlob('ssh-ed25519');
const ec = makeBlob('ecdsa-sha2-nistp256');
const ec2 = makeBlob('ecdsa-sha2-nistp256');

const check = (text: string, host: string, port: number, blob: Buffer) =>
	checkHostKey(parseKnownHosts(text, 'kh').entries, host, port, blob).status;

describe('wildcardMatch', () => {
	test.each([
		['10.231.1.2', '10.231.1.2', true],
		['10.231.1.2', '10.231.*', true],
		['10.231.1.2', '10.231.1.?', true],
		['10.231.1.20', '10.231.1.?', false],
		['Host.Example', 'host.example', true],
		['[10.0.0.1]:2222', '[10.0.0.1]:2222', true],
		['[10.0.0.1]:2222', '[10.0.0.1]:*', true],
		['abc', 'a*b*c', true],
		['abx', 'a*b*c', false],
		['', '*', true],
		['a', '', false],
	])('%s vs %s → %s', (name, pattern, expected) => {
		expect(wildcardMatch(name, pattern)).toBe(expected);
	});

	test('never hangs or throws on arbitrary input (fast-check)', () => {
		fc.assert(
			fc.property(fc.string({ maxLength: 60 }), fc.string({ maxLength: 30 }), (name, pattern) => {
				expect(typeof wildcardMatch(name, pattern)).toBe('boolean');
			})
		);
		const started = performance.now();
		wildcardMatch('a'.repeat(5000) + 'b', '*a*a*a*a*a*a*a*a*c');
		expect(performance.now() - started).toBeLessThan(2000);
	});
});

describe('matchPatternList', () => {
	test.each([
		[['10.231.*', '!10.231.9.*'], '10.231.1.2', true],
		[['10.231.*', '!10.231.9.*'], '10.231.9.2', false],
		[['!10.231.9.*'], '10.231.1.2', false], // only negations never match
		[['a', 'b', 'c'], 'b', true],
	])('%j on %s → %s', (patterns, name, expected) => {
		expect(matchPatternList(name, patterns)).toBe(expected);
	});
});

describe('parseKnownHosts', () => {
	test('parses plain, hashed, markers; skips comments and bad lines with warnings', () => {
		const text = [
			'# comment',
			'',
			line('a,b', ed),
			line(hashedHost('c'), ec),
			line('d', ed2, '@revoked'),
			line('*.x', ec2, '@cert-authority'),
			'e ssh-ed25519 not-base64!!',
			'@bogus f ssh-ed25519 AAAA',
			'onlyonefield',
			'|2|abc|def ssh-ed25519 ' + ed.toString('base64'),
		].join('\n');
		const { entries, warnings } = parseKnownHosts(text, 'kh');
		expect(entries.map((e) => [e.line, e.marker ?? '-', e.keyType, e.patterns ?? 'hashed'])).toEqual([
			[3, '-', 'ssh-ed25519', ['a', 'b']],
			[4, '-', 'ecdsa-sha2-nistp256', 'hashed'],
			[5, 'revoked', 'ssh-ed25519', ['d']],
			[6, 'cert-authority', 'ecdsa-sha2-nistp256', ['*.x']],
		]);
		expect(warnings).toEqual([
			'kh:7: the key is not valid base64 of an SSH public key; line ignored',
			'kh:8: unknown marker @bogus; line ignored',
			'kh:9: expected "[marker] hosts keytype base64-key [comment]"; line ignored',
			'kh:10: unsupported hashed host format; line ignored',
		]);
	});

	test('never throws on arbitrary input (fast-check)', () => {
		fc.assert(
			fc.property(fc.string({ maxLength: 400 }), (text) => {
				const { entries } = parseKnownHosts(text, 'f');
				expect(Array.isArray(entries)).toBe(true);
			})
		);
	});
});

describe('checkHostKey', () => {
	const rows: [string, string, string, number, Buffer, string][] = [
		['plain match', line('10.231.1.2', ed), '10.231.1.2', 22, ed, 'match'],
		['comma list match', line('gm,10.231.1.2', ed), '10.231.1.2', 22, ed, 'match'],
		['wildcard match', line('10.231.*', ed), '10.231.1.2', 22, ed, 'match'],
		['negated host is not matched', line('10.231.*,!10.231.1.2', ed), '10.231.1.2', 22, ed, 'unknown'],
		['hashed match', line(hashedHost('10.231.1.2'), ed), '10.231.1.2', 22, ed, 'match'],
		['hashed other host', line(hashedHost('10.231.1.3'), ed), '10.231.1.2', 22, ed, 'unknown'],
		['hashed [host]:port', line(hashedHost('[127.0.0.1]:2222'), ed), '127.0.0.1', 2222, ed, 'match'],
		['[host]:port match', line('[127.0.0.1]:2222', ed), '127.0.0.1', 2222, ed, 'match'],
		['plain entry does not cover port 2222', line('127.0.0.1', ed), '127.0.0.1', 2222, ed, 'unknown'],
		['[host]:port entry does not cover port 22', line('[127.0.0.1]:2222', ed), '127.0.0.1', 22, ed, 'unknown'],
		['[host]:22 is not how port 22 is written', line('[127.0.0.1]:22', ed), '127.0.0.1', 22, ed, 'unknown'],
		['same type, different key → changed', line('h', ed2), 'h', 22, ed, 'changed'],
		['hashed, same type, different key → changed', line(hashedHost('h'), ed2), 'h', 22, ed, 'changed'],
		['only another type pinned → unknown, not changed', line('h', ec), 'h', 22, ed, 'unknown'],
		['several types: ed25519 presented', [line('h', ec), line('h', ed)].join('\n'), 'h', 22, ed, 'match'],
		['several types: ecdsa presented', [line('h', ed), line('h', ec)].join('\n'), 'h', 22, ec, 'match'],
		['several types, ecdsa differs → changed', [line('h', ed), line('h', ec2)].join('\n'), 'h', 22, ec, 'changed'],
		['two keys of one type, one matches', [line('h', ed2), line('h', ed)].join('\n'), 'h', 22, ed, 'match'],
		['revoked for this host', [line('h', ed), line('h', ed, '@revoked')].join('\n'), 'h', 22, ed, 'revoked'],
		['revoked under any host pattern is revoked everywhere', [line('h', ed), line('other', ed, '@revoked')].join('\n'), 'h', 22, ed, 'revoked'],
		['revoked key does not affect another key', [line('h', ed), line('h', ed2, '@revoked')].join('\n'), 'h', 22, ed, 'match'],
		['cert-authority is never a match', line('h', ed, '@cert-authority'), 'h', 22, ed, 'unknown'],
		['empty file', '', 'h', 22, ed, 'unknown'],
		['case-insensitive host', line('GM.Example', ed), 'gm.example', 22, ed, 'match'],
	];
	test.each(rows)('%s', (_, text, host, port, blob, expected) => {
		expect(check(text, host, port, blob)).toBe(expected);
	});

	test('reports fingerprint, type, lookup name, pinned types, lines and CA presence', () => {
		const { entries } = parseKnownHosts([line('[h]:2200', ec), line('[h]:2200', ed2), line('[h]:2200', ed, '@cert-authority')].join('\n'), 'kh');
		expect(checkHostKey(entries, 'h', 2200, ed)).toEqual({
			status: 'changed',
			fingerprint: fingerprint(ed),
			keyType: 'ssh-ed25519',
			lookupName: '[h]:2200',
			pinnedTypes: ['ecdsa-sha2-nistp256', 'ssh-ed25519'],
			lines: ['kh:2'],
			certAuthority: true,
		});
		expect(pinnedKeyTypes(entries, 'h', 2200)).toEqual(['ecdsa-sha2-nistp256', 'ssh-ed25519']);
		expect(pinnedKeyTypes(entries, 'h', 22)).toEqual([]);
	});
});

describe('helpers', () => {
	test('knownHostsName', () => {
		expect(knownHostsName('10.231.1.2', 22)).toBe('10.231.1.2');
		expect(knownHostsName('10.231.1.2', 2222)).toBe('[10.231.1.2]:2222');
	});

	test('keyTypeOf rejects malformed blobs', () => {
		expect(keyTypeOf(ed)).toBe('ssh-ed25519');
		expect(keyTypeOf(Buffer.alloc(2))).toBeUndefined();
		expect(keyTypeOf(Buffer.from([0, 0, 0, 200, 1]))).toBeUndefined();
	});

	test('hostKeyAlgorithms offers pinned types first (the client order decides), then the rest', () => {
		const all = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];
		expect(hostKeyAlgorithms(['ssh-rsa'], all)).toEqual(['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa', 'ssh-ed25519', 'ecdsa-sha2-nistp256']);
		expect(hostKeyAlgorithms(['ecdsa-sha2-nistp256'], all)).toEqual(['ecdsa-sha2-nistp256', 'ssh-ed25519', 'rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']);
		expect(hostKeyAlgorithms(['ecdsa-sha2-nistp256', 'ssh-ed25519'], all)?.slice(0, 2)).toEqual(['ssh-ed25519', 'ecdsa-sha2-nistp256']);
		expect(hostKeyAlgorithms([], all)).toBeUndefined();
		expect(hostKeyAlgorithms(['ssh-dss'], all)).toBeUndefined();
	});

	test('pinCommand', () => {
		expect(pinCommand('10.231.1.2', 22, 'ssh-ed25519', '.lab/known_hosts')).toBe('ssh-keyscan -t ed25519 10.231.1.2 >> .lab/known_hosts');
		expect(pinCommand('127.0.0.1', 2222, 'ecdsa-sha2-nistp256', 'kh')).toBe('ssh-keyscan -t ecdsa -p 2222 127.0.0.1 >> kh');
	});

	test.runIf(existsSync('/usr/bin/ssh-keygen'))('fingerprint equals ssh-keygen -lf, and hashed lines from ssh-keygen -H match', () => {
		const dir = mkdtempSync(join(tmpdir(), 'kh-'));
		try {
			execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'k')]);
			const pub = readFileSync(join(dir, 'k.pub'), 'utf8').trim();
			const blob = Buffer.from(pub.split(' ')[1] ?? '', 'base64');
			const expected = execFileSync('ssh-keygen', ['-lf', join(dir, 'k.pub')], { encoding: 'utf8' }).split(' ')[1];
			expect(fingerprint(blob)).toBe(expected);
			// let OpenSSH hash a known_hosts file and check our matcher agrees
			const kh = join(dir, 'known_hosts');
			execFileSync('sh', ['-c', `printf '%s\\n' '[10.231.1.2]:2222 ${pub}' 'gm.example ${pub}' > ${kh} && ssh-keygen -q -H -f ${kh}`], { stdio: 'ignore' });
			const text = readFileSync(kh, 'utf8');
			expect(text).toContain('|1|');
			expect(check(text, '10.231.1.2', 2222, blob)).toBe('match');
			expect(check(text, 'gm.example', 22, blob)).toBe('match');
			expect(check(text, '10.231.1.2', 22, blob)).toBe('unknown');
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});

/** Pure helpers: addresses, examples, placeholders, edit distance, formatters, plugin API. */
import { describe, expect, test } from 'vitest';
import { editDistance, isNearMiss } from '../../src/lint/distance.ts';
import { isExampleDomain, isPlaceholderValue } from '../../src/lint/examples.ts';
import { github, json, stylish } from '../../src/lint/formatters/index.ts';
import { escapeData, escapeProperty } from '../../lib/escape.ts';
import { canonicalIp, inCidr, isGenericAddress } from '../../lib/net.ts';
import { entropy, looksRandom } from '../../src/lint/rules/secret.ts';
import { splitImage } from '../../src/lint/rules/image-mismatch.ts';
import type { FileResult } from '../../src/lint/site.ts';

describe('addresses', () => {
	test.each([
		['192.0.2.10', undefined, true], ['198.51.100.1', undefined, true], ['203.0.113.7', undefined, true],
		['2001:db8::1', undefined, true], ['127.0.0.1', undefined, true], ['0.0.0.0', 0, true], ['fe80::1', undefined, true],
		['57.128.200.27', undefined, false], ['10.22.68.248', undefined, false], ['2a01:4f8:1c1a:ca2e::1', undefined, false],
	])('isGenericAddress(%s/%s) is %s', (ip, prefix, generic) => {
		expect(isGenericAddress(ip, prefix)).toBe(generic);
	});
	test('CIDR containment and canonical IPv6', () => {
		expect(inCidr('172.18.0.5', '172.18.0.0/16')).toBe(true);
		expect(inCidr('172.19.0.5', '172.18.0.0/16')).toBe(false);
		expect(inCidr('2a01:4f8:1c1a:ca2e::5', '2a01:4f8:1c1a:ca2e::/64')).toBe(true);
		expect(canonicalIp('2a01:04f8:1c1a:ca2e:0:0:0:1')).toBe('2a01:4f8:1c1a:ca2e::1');
	});
});

describe('examples and placeholders', () => {
	test.each(['example.com', 'www.example.org', 'host.invalid', 'localhost'])('%s is an example domain', (d) => expect(isExampleDomain(d)).toBe(true));
	test.each(['', '<PASSWORD>', '${DB_PASSWORD}', '$DB_PASSWORD', 'changeme', 'dummy-pass', 'xxx', '***', '***REDACTED***', 'PASSWORD', '/run/secrets/db'])(
		'%j is a placeholder', (v) => expect(isPlaceholderValue(v)).toBe(true));
	test.each(['grocery_pass', 'admin_password', 'S3cure!Pass'])('%j is not a placeholder', (v) => expect(isPlaceholderValue(v)).toBe(false));
	test('random-looking values', () => {
		expect(looksRandom('Zq8vR2mX9kLp4Tn7Wb3Yc6Hd1Fg5Js0AeUiOo')).toBe(true);
		expect(looksRandom('9f2c1d0b8e7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e')).toBe(false); // hex digest
		expect(entropy('aaaa')).toBe(0);
	});
});

describe('near-miss', () => {
	test('edit distance', () => {
		expect(editDistance('mailcowlrokerized_mailcow-network', 'mailcowdockerized_mailcow-network')).toBe(3);
		expect(editDistance('abc', 'xyz', 1)).toBe(2);
	});
	test.each([
		['mailcowlrokerized_mailcow-network', 'mailcowdockerized_mailcow-network', true],
		['mailcownetwork', 'mailcow-network', true],
		['nginx-proxy-manager', 'nginx_proxy_manager', true],
		['pgAdmin', 'pgadmin', false],
		['devnet', 'devnet', false],
		['grocery-mate_pgadmin_data', 'grocery-mate_devnet', false],
	])('%s vs %s → %s', (a, b, r) => expect(isNearMiss(a, b)).toBe(r));
	test('image references', () => {
		expect(splitImage('postgres:16')).toEqual({ repo: 'postgres', tag: '16' });
		expect(splitImage('docker.io/library/postgres')).toEqual({ repo: 'postgres', tag: 'latest' });
		expect(splitImage('ghcr.io/mailcow/acme:1.92')).toEqual({ repo: 'ghcr.io/mailcow/acme', tag: '1.92' });
	});
});

describe('formatters', () => {
	const results: FileResult[] = [{
		file: 'content/docs/en/a,b:c.mdx',
		findings: [{ ruleId: 'bind-contradiction', severity: 'error', line: 3, column: 5, actual: '0.0.0.0:5000', expected: '127.0.0.1:5000/tcp', message: 'Found 100% wrong\nbind', fix: 'Fix it', declared: [{ id: 'x', file: 'f.mdx', line: 9 }] }],
	}];
	test('github annotations escape data and properties', () => {
		expect(escapeData('a%b\r\nc')).toBe('a%25b%0D%0Ac');
		expect(escapeProperty('a:b,c')).toBe('a%3Ab%2Cc');
		expect(github(results)).toBe('::error file=content/docs/en/a%2Cb%3Ac.mdx,line=3,col=5,title=fact-lint%3Abind-contradiction::Found 100%25 wrong%0Abind%0AFix it');
	});
	test('json carries the VFileMessage fields', () => {
		const [file] = JSON.parse(json(results)) as { messages: unknown[] }[];
		expect(file?.messages[0]).toMatchObject({
			rule: 'fact-lint:bind-contradiction', ruleId: 'bind-contradiction', source: 'fact-lint', severity: 'error', fatal: true,
			line: 3, column: 5, actual: '0.0.0.0:5000', expected: ['127.0.0.1:5000/tcp'], note: 'Fix it', declaredAt: ['f.mdx:9'],
			url: 'src/lint/README.md#bind-contradiction',
		});
	});
	test('stylish lists file, position, severity, rule and fix', () => {
		const out = stylish(results);
		expect(out).toContain('content/docs/en/a,b:c.mdx');
		expect(out).toMatch(/3:5\s+error\s+Found 100% wrong/);
		expect(out).toContain('fact-lint:bind-contradiction');
		expect(out).toContain('→ Fix it');
		expect(out).toContain('1 problem (1 error, 0 warnings)');
	});
});

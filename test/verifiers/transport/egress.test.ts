import { describe, expect, test, vi } from 'vitest';
import fc from 'fast-check';
import { checkEgress, egressPolicy, isAllowed, parseCidr, parseCidrList, parseIp } from '../../../verifiers/transport/egress.ts';

const LAB = parseCidrList('127.0.0.0/8,10.231.0.0/16,::1/128,fd00:231::/32');

describe('isAllowed', () => {
	test.each([
		['127.0.0.1', true],
		['127.255.255.254', true],
		['10.231.1.2', true],
		['10.231.255.255', true],
		['10.232.0.1', false],
		['10.22.68.248', false],
		['91.99.21.21', false],
		['57.128.200.27', false],
		['192.0.2.1', false],
		['::1', true],
		['[::1]', true],
		['::2', false],
		['fd00:231::5', true],
		['fd00:232::5', false],
		['::ffff:10.231.1.2', true], // IPv4-mapped is judged as IPv4
		['::ffff:192.0.2.1', false],
		['example.com', false], // names must be resolved first
		['', false],
	])('%s → %s', (address, expected) => {
		expect(isAllowed(address, LAB)).toBe(expected);
	});

	test('/0 allows everything of its family only', () => {
		expect(isAllowed('192.0.2.1', parseCidrList('0.0.0.0/0'))).toBe(true);
		expect(isAllowed('::2', parseCidrList('0.0.0.0/0'))).toBe(false);
		expect(isAllowed('2001:db8::1', parseCidrList('::/0'))).toBe(true);
	});

	test('a bare address is a single host', () => {
		expect(isAllowed('10.0.0.1', parseCidrList('10.0.0.1'))).toBe(true);
		expect(isAllowed('10.0.0.2', parseCidrList('10.0.0.1'))).toBe(false);
	});
});

describe('parseCidr', () => {
	test.each(['10.0.0.0/33', '10.0.0/8', 'abc', '10.0.0.0/8/1', '::1/129', '10.0.0.0/-1', '10.0.0.0/ 8x'])('rejects %s with a message', (text) => {
		expect(() => parseCidr(text)).toThrow(
			`Invalid network "${text.trim()}" in VERIFY_ALLOWED_NETWORKS: expected an IPv4 or IPv6 CIDR such as 10.231.0.0/16 or ::1/128, comma-separated.`
		);
	});

	test('parseIp round trips (fast-check)', () => {
		fc.assert(
			fc.property(fc.ipV4(), (ip) => {
				expect(parseIp(ip)?.family).toBe(4);
			})
		);
		fc.assert(
			fc.property(fc.ipV6(), (ip) => {
				const parsed = parseIp(ip);
				expect(parsed).toBeDefined();
				expect(isAllowed(ip, [parseCidr(`${ip}/128`)]) || parsed?.family === 4).toBe(true);
			})
		);
	});
});

describe('egressPolicy', () => {
	test('VERIFY_ALLOWED_NETWORKS wins when set', () => {
		const p = egressPolicy({ VERIFY_ALLOWED_NETWORKS: '10.0.0.0/8' }, 'production');
		expect(p.networks?.map((n) => n.text)).toEqual(['10.0.0.0/8']);
	});

	test('set but empty allows nothing (fail closed)', () => {
		expect(egressPolicy({ VERIFY_ALLOWED_NETWORKS: '' }, 'lab').networks).toEqual([]);
	});

	test('unset: lab default for target lab, unrestricted for other targets', () => {
		expect(egressPolicy({}, 'lab').networks?.map((n) => n.text)).toEqual(['127.0.0.0/8', '::1/128', '10.231.0.0/16']);
		expect(egressPolicy({}, 'production').networks).toBeNull();
	});
});

describe('checkEgress', () => {
	const policy = egressPolicy({ VERIFY_ALLOWED_NETWORKS: '127.0.0.0/8,10.231.0.0/16' }, 'lab');

	test('IP literals are checked without DNS', async () => {
		const lookup = vi.fn(() => Promise.resolve(['10.231.1.2']));
		await expect(checkEgress('10.231.1.2', policy, lookup)).resolves.toEqual({ allowed: true, address: '10.231.1.2' });
		await expect(checkEgress('192.0.2.1', policy, lookup)).resolves.toEqual({
			allowed: false,
			reason: '192.0.2.1 is outside the allowed networks (VERIFY_ALLOWED_NETWORKS=127.0.0.0/8,10.231.0.0/16)',
		});
		expect(lookup).not.toHaveBeenCalled();
	});

	test('a name is allowed only if every resolved address is; the checked address is returned', async () => {
		await expect(checkEgress('twin.lab', policy, () => Promise.resolve(['10.231.1.2', '10.231.1.3']))).resolves.toEqual({ allowed: true, address: '10.231.1.2' });
		await expect(checkEgress('mixed.example', policy, () => Promise.resolve(['10.231.1.2', '192.0.2.7']))).resolves.toEqual({
			allowed: false,
			reason: 'mixed.example resolves to 192.0.2.7, outside the allowed networks (VERIFY_ALLOWED_NETWORKS=127.0.0.0/8,10.231.0.0/16)',
		});
	});

	test('an unresolvable name is refused when restricted, passed through when not', async () => {
		const fail = () => Promise.reject(new Error('ENOTFOUND'));
		await expect(checkEgress('nope.invalid', policy, fail)).resolves.toMatchObject({ allowed: false });
		await expect(checkEgress('nope.invalid', egressPolicy({}, 'production'), fail)).resolves.toEqual({ allowed: true, address: 'nope.invalid' });
	});
});

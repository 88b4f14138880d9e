import { describe, expect, test } from 'vitest';
import { canonicalIp, inCidr, ipv4Network, isGenericAddress, isLoopback, isPrivate, isWildcard, normaliseBind, parseAddress, parseNetwork } from '../../lib/net.ts';

describe('lib/net', () => {
	test.each([
		['127.0.0.1', true], ['127.255.255.254', true], ['::1', true], ['[::1]', true], ['::ffff:127.0.0.1', true], ['localhost', true], ['LOCALHOST', true],
		['10.0.0.1', false], ['::', false], ['0.0.0.0', false], ['127.1', false], ['::127.0.0.1', false], ['example.org', false], ['', false],
	])('isLoopback(%j) is %s', (text, loopback) => expect(isLoopback(text)).toBe(loopback));

	test.each([
		['10.231.1.2', '10.231.0.0/16', true], ['10.232.0.1', '10.231.0.0/16', false], ['10.0.0.5', '10.0.0.5', true], ['10.0.0.6', '10.0.0.5', false],
		['::ffff:10.231.1.2', '10.231.0.0/16', true], ['::10.231.1.2', '10.231.0.0/16', false], ['2a01:4f8:1c1a:ca2e::5', '2a01:4f8:1c1a:ca2e::/64', true],
		['10.0.0.5/24', '10.0.0.0/24', true], ['10.0.0.1', '::/0', false], ['::1', '0.0.0.0/0', false], ['127.1', '127.0.0.0/8', false],
		['10.0.0.1', '10.0.0.0/33', false], ['10.0.0.1', 'any', false], ['x', '10.0.0.0/8', false],
	])('inCidr(%j, %j) is %s', (address, network, inside) => expect(inCidr(address, network)).toBe(inside));

	test.each([
		['0.0.0.0', '*'], ['::', '*'], ['[::]', '*'], ['*', '*'], ['', '*'], ['::ffff:127.0.0.1', '127.0.0.1'], ['[FE80::1%eth0]', 'fe80::1'],
		['2a01:04f8:0:0:0:0:0:1', '2a01:4f8::1'], ['10.0.0.1', '10.0.0.1'], ['not-an-ip', 'not-an-ip'],
	])('normaliseBind(%j) is %j', (raw, bind) => expect(normaliseBind(raw)).toBe(bind));

	test('canonical text, wildcards, private and generic addresses, IPv4 networks', () => {
		expect(canonicalIp('2a01:04f8:1c1a:ca2e:0:0:0:1')).toBe('2a01:4f8:1c1a:ca2e::1');
		expect(canonicalIp('::0.0.0.1')).toBe('::1');
		expect(['*', '0.0.0.0', '::', '[::]', '10.0.0.1'].map(isWildcard)).toEqual([true, true, true, true, false]);
		expect(['10.1.2.3', '172.31.0.1', '192.168.1.1', 'fd00::1', '91.99.21.21'].map(isPrivate)).toEqual([true, true, true, true, false]);
		expect([isGenericAddress('192.0.2.4'), isGenericAddress('10.0.0.0', 8), isGenericAddress('8.8.8.8'), isGenericAddress('91.99.21.21')]).toEqual([true, true, true, false]);
		expect([ipv4Network('10.22.68.248/24'), ipv4Network('10.0.0.1/32'), ipv4Network('10.0.0.1'), ipv4Network('fd00::1/64')]).toEqual(['10.22.68.0/24', undefined, undefined, undefined]);
		expect(parseAddress('0x7f.0.0.1')).toBeUndefined();
		expect(parseNetwork('10.0.0.0/8/1')).toBeUndefined();
		expect(parseNetwork('::1/129')).toBeUndefined();
	});
});

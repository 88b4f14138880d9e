import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseShard, shardHosts, validateShard } from '../../verifiers/shard.ts';

describe('shardHosts', () => {
	const ids = ['nb-vps', 'gm-vserver', 'fleet-03', 'fleet-01', 'fleet-02', 'nb-staging', 'nb-revproxy'];

	it('deals sorted ids round-robin, 1-based', () => {
		expect(shardHosts(ids, 1, 3)).toEqual(['fleet-01', 'gm-vserver', 'nb-vps']);
		expect(shardHosts(ids, 2, 3)).toEqual(['fleet-02', 'nb-revproxy']);
		expect(shardHosts(ids, 3, 3)).toEqual(['fleet-03', 'nb-staging']);
	});

	it('does not depend on input order and ignores duplicates', () => {
		const shuffled = [...ids].reverse().concat(['fleet-01']);
		for (let i = 1; i <= 3; i++) expect(shardHosts(shuffled, i, 3)).toEqual(shardHosts(ids, i, 3));
	});

	it('1/1 is everything; more shards than hosts gives empty shards', () => {
		expect(shardHosts(ids, 1, 1)).toEqual([...ids].sort());
		expect(shardHosts(['a'], 2, 2)).toEqual([]);
	});

	it('puts every host in exactly one shard, sizes differ by at most one', () => {
		fc.assert(
			fc.property(fc.uniqueArray(fc.string({ minLength: 1, maxLength: 8 }), { maxLength: 60 }), fc.integer({ min: 1, max: 12 }), (hosts, n) => {
				const shards = Array.from({ length: n }, (_, i) => shardHosts(hosts, i + 1, n));
				const all = shards.flat();
				expect(all.length).toBe(hosts.length);
				expect(new Set(all)).toEqual(new Set(hosts));
				const sizes = shards.map((s) => s.length);
				expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
			}),
		);
	});

	it('rejects invalid shard numbers with a clear message', () => {
		expect(() => shardHosts(ids, 0, 3)).toThrow(/from 1 to 3 \(shards are numbered from 1\), got 0/);
		expect(() => shardHosts(ids, 4, 3)).toThrow(/from 1 to 3/);
		expect(() => shardHosts(ids, 1, 0)).toThrow(/number of shards must be a whole number from 1/);
		expect(() => validateShard(1.5, 3)).toThrow(/whole number/);
	});
});

describe('parseShard', () => {
	it('parses i/n', () => {
		expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
		expect(parseShard(' 1 / 1 ')).toEqual({ index: 1, count: 1 });
	});

	it.each(['', '3', '1/', '/3', 'a/b', '1/3/4', '-1/3', '1.5/3', '2:3'])('rejects %j', (spec) => {
		expect(() => parseShard(spec)).toThrow(/--shard: expected i\/n/);
	});

	it('rejects out-of-range values', () => {
		expect(() => parseShard('0/3')).toThrow(/numbered from 1/);
		expect(() => parseShard('4/3')).toThrow(/from 1 to 3/);
		expect(() => parseShard('1/0')).toThrow(/number of shards/);
		expect(() => parseShard('1/5000')).toThrow(/from 1 to 1000/);
	});
});

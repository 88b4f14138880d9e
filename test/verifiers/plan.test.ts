import { describe, expect, test } from 'vitest';
import { planRun } from '../../verifiers/plan.ts';
import type { FactStore } from '../../model/facts/store.ts';
import { fact } from './helpers.ts';

const nat = fact('dns', { name: 'nat.example.org', type: 'A', values: ['198.51.100.7'] });
nat.host = undefined;
delete nat.value.host;
const facts = [
	fact('hosts', { id: 'a' }), fact('hosts', { id: 'b' }),
	fact('certificates', { domain: 'a.example.org', host: 'a' }),
	nat,
];
const store: FactStore = { facts: new Map(facts.map((f) => [f.id, f])), bySlug: new Map(), errors: [], pages: new Map() };
const served = (...args: Parameters<typeof planRun> extends [unknown, ...infer R] ? R : never) => planRun(store, ...args).served.map((f) => f.id).sort();

describe(planRun, () => {
	test('a full run checks every build-machine fact', () => {
		expect(served()).toEqual(['certificate/a.example.org:443', 'dns/A/nat.example.org']);
	});
	test('a host filter keeps that host\'s facts and drops host-less ones', () => {
		expect(served(['a'])).toEqual(['certificate/a.example.org:443']);
		expect(served(['b'])).toEqual([]);
	});
	test('exactly one shard takes the host-less facts', () => {
		expect(served(['b'], true)).toEqual(['dns/A/nat.example.org']);
	});
});

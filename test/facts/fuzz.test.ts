/**
 * Property tests: the fact schema and the frontmatter reader never crash, hang or
 * explode on arbitrary input — they answer with a result or located errors.
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { FactsSchema } from '../../model/schemas/facts.ts';
import { readFrontmatter } from '../../model/facts/frontmatter.ts';

const anyJson = fc.jsonValue({ maxDepth: 5 });

describe('fact schema under arbitrary input', () => {
	test('safeParse always returns a result with string messages and array paths', () => {
		fc.assert(
			fc.property(fc.dictionary(fc.constantFrom('hosts', 'sockets', 'containers', 'firewalls', 'paths', 'http', 'x'), fc.array(anyJson, { maxLength: 5 })), (input) => {
				const r = FactsSchema.safeParse(input);
				if (!r.success) for (const i of r.error.issues) expect(typeof i.message).toBe('string');
			}),
			{ numRuns: 300 },
		);
	});

	test('hostile strings never pass as names or paths', () => {
		const hostile = fc.oneof(
			fc.string().map((s) => `a;${s}`), fc.string().map((s) => `$(${s})`), fc.string().map((s) => `\`${s}\``),
			fc.string().map((s) => `a b${s}`), fc.string().map((s) => `/x/../${s}`), fc.string().map((s) => `x\n${s}`),
		);
		fc.assert(
			fc.property(hostile, (s) => {
				expect(FactsSchema.safeParse({ host: 'h', containers: [{ name: s, image: 'a:1' }] }).success).toBe(false);
				expect(FactsSchema.safeParse({ host: 'h', paths: [{ path: s.startsWith('/') ? s : `/${s}` }] }).success).toBe(s.startsWith('/x/../') || s.includes('\n') ? false : true);
			}),
			{ numRuns: 300 },
		);
	});
});

describe('frontmatter reader under arbitrary input', () => {
	test('never throws and locates every path inside the file', () => {
		fc.assert(
			fc.property(fc.string({ maxLength: 400 }), (text) => {
				const fm = readFrontmatter(`---\n${text}\n---\nbody`);
				const lines = text.split('\n').length + 2;
				expect(fm.lineOf(['facts', 'sockets', 0])).toBeLessThanOrEqual(lines + 1);
				for (const e of fm.errors) expect(e.line).toBeGreaterThanOrEqual(1);
			}),
			{ numRuns: 300 },
		);
	});

	test('round-trips arbitrary data and points at the right line', () => {
		fc.assert(
			fc.property(fc.array(fc.integer({ min: 1, max: 65535 }), { minLength: 1, maxLength: 20 }), (ports) => {
				const yaml = stringify({ title: 't', facts: { sockets: ports.map((port) => ({ port, bind: '0.0.0.0' })) } });
				const fm = readFrontmatter(`---\n${yaml}---\n`);
				expect(fm.data.facts).toMatchObject({ sockets: ports.map((port) => ({ port })) });
				const last = ports.length - 1;
				const line = fm.lineOf(['facts', 'sockets', last]);
				expect(`---\n${yaml}`.split('\n')[line - 1]).toContain(`port: ${ports[last]}`);
			}),
			{ numRuns: 100 },
		);
	});

	test('a billion-laughs alias bomb is refused, not expanded', () => {
		const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`)].join('\n');
		const fm = readFrontmatter(`---\n${bomb}\n---\n`);
		expect(fm.data).toEqual({});
		expect(fm.errors.map((e) => e.message).join()).toMatch(/alias/i);
	});
});

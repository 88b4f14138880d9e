/**
 * Guard: a test cannot pass without running its checks. Scans every test file (TypeScript AST) and fails on
 * a bare `return` inside a test body (`test`/`it`, also `.each`, `.skipIf(…)`, `.concurrent`, …) outside
 * nested functions: a check that cannot run must say so with `ctx.skip('reason')` (or `test.skipIf`), and
 * then it shows as skipped, not as passed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

/** All *.test.ts files under test/ (recursively). */
function testFiles(dir = join(ROOT, 'test')): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
		const p = join(dir, e.name);
		if (e.isDirectory()) return e.name === 'node_modules' || e.name.startsWith('.') ? [] : testFiles(p);
		return e.name.endsWith('.test.ts') ? [p] : [];
	});
}

/** True when `callee` names a test function: test/it, optionally with modifiers (.each(…), .skipIf(…), .only …). */
function isTestCallee(callee: ts.Expression): boolean {
	if (ts.isIdentifier(callee)) return callee.text === 'test' || callee.text === 'it';
	if (ts.isPropertyAccessExpression(callee)) return isTestCallee(callee.expression);
	if (ts.isCallExpression(callee)) return isTestCallee(callee.expression);
	return false;
}

/** `file:line` of every bare `return` directly in a test body of `source`. */
export function silentReturns(fileName: string, source: string): string[] {
	const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
	const found: string[] = [];
	const inBody = (node: ts.Node): void => {
		if (ts.isFunctionLike(node)) return; // a nested function may return as it likes
		if (ts.isReturnStatement(node) && !node.expression) {
			found.push(`${fileName}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}`);
		}
		ts.forEachChild(node, inBody);
	};
	const visit = (node: ts.Node): void => {
		if (ts.isCallExpression(node) && isTestCallee(node.expression)) {
			for (const arg of node.arguments) {
				if ((ts.isArrowFunction(arg) || ts.isFunctionExpression(arg)) && arg.body) ts.forEachChild(arg.body, inBody);
			}
		}
		ts.forEachChild(node, visit);
	};
	visit(sf);
	return found;
}

describe('no test passes by returning early', () => {
	test('the guard finds a bare return in a test body and ignores nested functions and hooks', () => {
		const src = [
			"test('a', () => {", // line 1
			'  if (x) return;', // line 2: found
			'  expect(1).toBe(1);',
			'});',
			"test.each([1])('b %s', async (n) => {", // line 5
			'  const f = () => { return; };', // nested: fine
			'  if (!n) { console.warn("SKIPPED"); return; }', // line 7: found
			'});',
			'beforeAll(() => { if (!ok) return; });', // hook: fine
			"it.skipIf(false)('c', ({ skip }) => { skip(true, 'why'); return void 0; });", // returns a value: fine
		].join('\n');
		expect(silentReturns('x.test.ts', src)).toEqual(['x.test.ts:2', 'x.test.ts:7']);
	});

	test('no test file has one (use ctx.skip(reason) or test.skipIf instead)', () => {
		const files = testFiles();
		expect(files.length).toBeGreaterThan(20);
		const found = files.flatMap((f) => silentReturns(relative(ROOT, f), readFileSync(f, 'utf8')));
		expect(found).toEqual([]);
	});
});

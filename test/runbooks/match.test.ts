/** The expected-output matcher, both ways: what must match, and what must not. */
import { describe, expect, test } from 'vitest';
import { checkExpected, matchesSomeLine, normaliseOutput, patternRegex, shortDiff, splitSegments, SEGMENT_MARK } from '../../runbooks/match.ts';

const SS = 'LISTEN 0      2048       127.0.0.1:5000      0.0.0.0:*    users:(("gunicorn",pid=778,fd=5))';

describe('matchesSomeLine', () => {
	test.each([
		['Active: active (running)', ['● x.service', '     Active: active (running) since Wed 2026-12-02 15:02:39 UTC; 1s ago']],
		['LISTEN … 127.0.0.1:5000 … users:(("gunicorn",…))', [SS]],
		['HTTP/1.1 200 OK', ['HTTP/1.1 200 OK\r']],
		['HTTP/1.1 200 OK', ['\u001b[1mHTTP/1.1 200 OK\u001b[0m']],
		['LISTEN ... 127.0.0.1:5000', [SS]],
		['DATABASE_URL=postgresql://nordabiz_app:<DATABASE_PASSWORD>@localhost:5432/nordabiz', ['DATABASE_URL=postgresql://nordabiz_app:xyz@localhost:5432/nordabiz']],
		['a   b', ['x a b y']],
	])('%s matches', (pattern, lines) => {
		expect(matchesSomeLine(pattern, normaliseOutput(lines.join('\n')))).toBe(true);
	});

	test.each([
		// facts are never wildcarded: another address, port or name fails
		['LISTEN … 127.0.0.1:5000 … users:(("gunicorn",…))', [SS.replace('127.0.0.1', '0.0.0.0')]],
		['LISTEN … 127.0.0.1:5000 …', [SS.replace(':5000', ':5001')]],
		['HTTP/1.1 200 OK', ['HTTP/1.1 502 Bad Gateway']],
		['Active: active (running)', ['Active: inactive (dead)']],
		// the wildcard stays within one line
		['LISTEN … gunicorn', ['LISTEN 0 128', 'users:(("gunicorn"))']],
		// regex characters are literal
		['a.c', ['abc']],
		['x*', ['y']],
		// a placeholder needs something in its place
		['key=<SECRET>;', ['key=;']],
		['anything', []],
	])('%s does not match', (pattern, lines) => {
		expect(matchesSomeLine(pattern, normaliseOutput(lines.join('\n')))).toBe(false);
	});
});

test('patternRegex escapes everything but the wildcards', () => {
	expect(patternRegex('(a)+[b]…$').source).toBe('\\(a\\)\\+\\[b\\].*?\\$');
});

describe('segments', () => {
	test('an expected line is checked only against the output of the commands above it', () => {
		const out = `first\n${SEGMENT_MARK}\nsecond\n${SEGMENT_MARK}\n`;
		const segs = splitSegments(out);
		expect(checkExpected([{ line: 3, pattern: 'first', segment: 0 }, { line: 5, pattern: 'second', segment: 1 }], segs).ok).toBe(true);
		const wrong = checkExpected([{ line: 5, pattern: 'first', segment: 1 }], segs);
		expect(wrong.ok).toBe(false);
		expect(wrong.missing).toEqual([{ line: 5, pattern: 'first' }]);
	});
});

test('shortDiff shows the missing expected lines and the numbered output', () => {
	const d = shortDiff([{ line: 21, pattern: 'Active: active (running)' }], ['● nordabiznes.service', 'Active: inactive (dead)']);
	expect(d).toBe('- expected (line 21): Active: active (running)\n+   1| ● nordabiznes.service\n+   2| Active: inactive (dead)');
	expect(shortDiff([], Array.from({ length: 30 }, (_, i) => `l${i + 1}`), 3)).toBe('+ … 27 earlier output lines\n+  28| l28\n+  29| l29\n+  30| l30');
});

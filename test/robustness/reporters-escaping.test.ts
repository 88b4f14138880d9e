/**
 * Every reporter against a forged report whose every string field is hostile (raw ANSI/OSC
 * escapes, HTML, Markdown, newlines with workflow commands, bidi overrides, NUL). The
 * parsers already strip control characters from host output; this is the second layer,
 * for reports that come from elsewhere (`--merge` of CI shard reports, replayed evidence).
 * Also through the real CLI: `--merge` of a hostile shard report prints inert text.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import type { Finding, VerifyReport } from '../../model/report/schema.ts';
import { escapeMarkdown, escapeText, escapeXml } from '../../verifiers/reporters/shared.ts';
import { formatCommand } from '../../verifiers/reporters/github.ts';
import { ALL_HOSTILE, expectAllReportersSafe, expectSafeGithub, expectSafeMarkdown, expectSafeTerminal, HOSTILE } from './render-checks.ts';

const ROOT = join(import.meta.dirname, '..', '..');

/** A report with `s` in every string a host or a forged file could control. */
export function forgedReport(s: string): VerifyReport {
	const base = { kind: 'containers' as const, host: s, file: `content/docs/en/${s}.md`, line: 3, expected: s, observed: s, message: s };
	const findings: Finding[] = [
		{ ...base, outcome: 'drift', ruleId: `containers/${s}`, factId: s, fails: true },
		{ ...base, outcome: 'unverified', ruleId: s },
		{ ...base, outcome: 'undocumented', ruleId: 'containers/undocumented', fails: true },
		{ ...base, outcome: 'waived', ruleId: 'containers/image', waiver: { reason: s, owner: s, expires: s, expired: false } },
		{ ...base, outcome: 'verified', ruleId: 'containers/fact', factId: `${s}-ok` },
		{ outcome: 'unverified', kind: 'host', ruleId: 'host/timeout', host: s, message: s },
	];
	return {
		version: 1, target: s, startedAt: '2026-11-23T10:00:00.000Z', finishedAt: '2026-11-23T10:01:00.000Z', commit: s, complete: false,
		source: { mode: 'replay', evidence: s, observedAt: '2026-11-23T10:00:00.000Z' },
		hosts: [
			{ id: s, state: 'unreachable', address: s, hostKeys: [], message: s, durationMs: 10 },
			{ id: `${s}-b`, state: 'reached', address: s, hostKeys: [{ host: s, type: s, fingerprint: s }], durationMs: 10 },
		],
		summary: { verified: 1, drift: 1, unverified: 2, undocumented: 1, waived: 1, planned: 0 },
		findings,
	};
}

describe('reporters render forged hostile reports inertly', () => {
	test('each hostile string on its own and all together', () => {
		for (const s of [...Object.values(HOSTILE), ALL_HOSTILE]) expectAllReportersSafe(forgedReport(s));
	});

	test('arbitrary strings (fast-check): terminal, github, markdown, junit, json stay inert', () => {
		const hostileChars = fc.constantFrom('\u001b', '\u0007', '\u009b', '\u202e', '\u2028', '\r', '\n', '\u0000', '<', '>', '&', '|', '`', '*', '[', ']', '(', ')', ':', ',', '%', '#', '"', "'", '\\', '_', '~', 'a', ' ');
		fc.assert(
			fc.property(fc.oneof(fc.string({ unit: hostileChars, maxLength: 80 }), fc.string({ unit: 'binary', maxLength: 80 })), (s) => {
				expectAllReportersSafe(forgedReport(s));
			}),
			{ numRuns: 200 },
		);
	});

	test('the escaping primitives keep their contracts on any input', () => {
		fc.assert(
			fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
				expectSafeTerminal(escapeText(s));
				expect(escapeMarkdown(s)).not.toMatch(/<|(^|[^\\])[|`]/);
				expect(escapeXml(s)).not.toMatch(/[<>"']/);
				const cmd = formatCommand('error', { file: s, title: s }, s);
				expect(cmd.split('\n')).toHaveLength(1);
				expectSafeGithub(formatCommand('warning', { file: escapeText(s) }, escapeText(s)) + '\n');
			}),
			{ numRuns: 300 },
		);
	});

	test('the CLI (--merge of a hostile shard report) prints inert terminal, github and markdown output', () => {
		const dir = mkdtempSync(join(tmpdir(), 'robust-merge-'));
		try {
			const shard = join(dir, 'shard.json');
			writeFileSync(shard, JSON.stringify(forgedReport(ALL_HOSTILE)));
			const run = (reporter: string) => {
				try {
					return execFileSync(process.execPath, [join(ROOT, 'verifiers', 'cli.ts'), '--merge', shard, '--reporter', reporter, '--no-save', '--root', dir], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', GITHUB_STEP_SUMMARY: '' }, timeout: 30_000 });
				} catch (e) {
					return String((e as { stdout?: string }).stdout ?? '') + String((e as { stderr?: string }).stderr ?? '');
				}
			};
			const terminal = run('terminal');
			expect(terminal).toContain('<img src=x');
			expectSafeTerminal(terminal);
			expectSafeGithub(run('github'));
			expectSafeMarkdown(run('markdown'));
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});

/**
 * Hostile authors: frontmatter with shell metacharacters, path traversal, huge arrays,
 * unknown keys, duplicate host ids, hosts the target lacks. Clear errors (file:line,
 * exit 3) or findings, never a shell injection: hostile strings reach a REAL `sh` over
 * SSH on a throwaway sshd (127.0.0.1) and come back as data, and the marker files their
 * command substitutions would create never appear.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { verify } from '../../verifiers/run.ts';
import { VerifierConfigError } from '../../verifiers/errors.ts';
import { connect, closeAll } from '../../verifiers/transport/ssh.ts';
import { loadInventory } from '../../verifiers/inventory/load.ts';
import { shQuote } from '../../verifiers/probe/quote.ts';
import { buildProbeScript } from '../../verifiers/probe/script.ts';
import { loadFactStore } from '../../model/facts/store.ts';
import { ENV, sshdUnavailable, startHosts, writeDocs, type Hosts } from './hosts.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const skip = sshdUnavailable();
if (skip) console.warn(`\n⚠ SKIPPED hostile-author tests over sshd: ${skip}\n`);

const tag = randomBytes(4).toString('hex');
/** Marker files a successful injection would create. */
const MARK = (n: number) => `/tmp/robust-pwned-${tag}-${n}`;
/** Paths the schema accepts (absolute, no `..`, no NUL/CR/LF) but that are shell code if unquoted. */
const HOSTILE_PATHS = [
	`/tmp/x'$(touch ${MARK(1)})`,
	`/tmp/x"$(touch ${MARK(2)})"`,
	`/tmp/x\`touch ${MARK(3)}\``,
	`/tmp/x; touch ${MARK(4)}`,
	`/tmp/x' ; touch ${MARK(5)} ; '`,
	`/tmp/x && touch ${MARK(6)} || touch ${MARK(6)}`,
	`/tmp/$(touch ${MARK(7)})*`,
	`/tmp/x\\'$(touch ${MARK(8)})`,
	`/tmp/-- $(touch ${MARK(9)}) | tee ${MARK(10)} > ${MARK(11)}`,
];
const yamlStr = (s: string) => JSON.stringify(s);

describe('hostile frontmatter: errors with file and line, never a crash', () => {
	let root: string;
	beforeAll(() => {
		root = mkdtempSync(join(tmpdir(), 'robust-authors-'));
	});
	afterAll(() => rmSync(root, { recursive: true, force: true }));

	const errorsOf = (pages: Record<string, string>) => {
		const dir = `docs-${randomBytes(3).toString('hex')}`;
		writeDocs(root, pages, dir);
		return loadFactStore(root, dir).errors;
	};

	test('path traversal, NUL/newline, relative paths and shell characters in names are rejected at their line', () => {
		const errors = errorsOf({
			p: `facts:
  host: a
  hosts:
    - { id: a }
  paths:
    - { path: /etc/../root/.ssh }
    - { path: "relative/x" }
    - { path: "/tmp/a\\nb" }
  containers:
    - { name: "x;rm -rf /", image: "a:1" }
    - { name: "$(id)", image: "a:1" }
  units:
    - { name: "x.service; reboot" }
  users:
    - { name: "root\`id\`" }
`,
		});
		const at = errors.map((e) => `${e.line} ${e.path}: ${e.message}`);
		expect(at).toEqual(expect.arrayContaining([
			expect.stringMatching(/^9 facts\.paths\.0\.path: must not contain "\.\." segments/),
			expect.stringMatching(/^10 facts\.paths\.1\.path: must be an absolute path/),
			expect.stringMatching(/^11 facts\.paths\.2\.path: must be an absolute path/),
			expect.stringMatching(/^13 facts\.containers\.0\.name: must be a plain name/),
			expect.stringMatching(/^14 facts\.containers\.1\.name: must be a plain name/),
			expect.stringMatching(/^16 facts\.units\.0\.name: must be a unit name/),
			expect.stringMatching(/^18 facts\.users\.0\.name: must be a plain name/),
		]));
	});

	test('control characters and bidi overrides in a documented path are rejected (the parsers strip them from host output)', () => {
		const errors = errorsOf({ p: 'facts:\n  host: a\n  hosts:\n    - { id: a }\n  paths:\n    - { path: "/tmp/\\e[31mx" }\n    - { path: "/tmp/\\u202eexe" }\n' });
		expect(errors.map((e) => `${e.line} ${e.path}: ${e.message}`)).toEqual([
			'9 facts.paths.0.path: must not contain control characters',
			'10 facts.paths.1.path: must not contain control characters',
		]);
	});

	test('huge arrays are refused quickly with one clear error (no per-entry flood)', () => {
		const many = Array.from({ length: 5000 }, (_, i) => `    - { port: ${(i % 65000) + 1}, bind: 0.0.0.0 }`).join('\n');
		const t0 = performance.now();
		const errors = errorsOf({ p: `facts:\n  host: a\n  hosts:\n    - { id: a }\n  sockets:\n${many}\n` });
		expect(performance.now() - t0).toBeLessThan(5000);
		expect(errors.map((e) => e.message)).toContain('at most 1000 entries per list');
		expect(errors.length).toBeLessThan(10);
		// a huge string is bounded too
		const long = errorsOf({ p: `facts:\n  host: a\n  hosts:\n    - { id: a, label: ${yamlStr('x'.repeat(200_000))} }\n  paths:\n    - { path: ${yamlStr('/' + 'a'.repeat(5000))} }\n` });
		expect(long.map((e) => e.path)).toEqual(expect.arrayContaining(['facts.hosts.0.label', 'facts.paths.0.path']));
	});

	test('unknown keys are named, with the line', () => {
		const errors = errorsOf({ p: `facts:\n  host: a\n  hosts:\n    - { id: a, hostnme: x }\n  sockts:\n    - { port: 22 }\n` });
		expect(errors.map((e) => `${e.line} ${e.message}`).join('\n')).toMatch(/hostnme/);
		expect(errors.map((e) => `${e.line} ${e.message}`).join('\n')).toMatch(/sockts/);
	});

	test('duplicate host ids with different definitions conflict; a reference to an undeclared host is an error', () => {
		const errors = errorsOf({
			one: `facts:\n  hosts:\n    - { id: dup, hostname: one }\n`,
			two: `facts:\n  hosts:\n    - { id: dup, hostname: two }\n  sockets:\n    - { host: ghost, port: 22, bind: 0.0.0.0 }\n`,
		});
		const text = errors.map((e) => `${e.file}:${e.line} ${e.message}`).join('\n');
		expect(text).toMatch(/two\.md:6 conflicts with the same fact \(dup\/host\) declared in .*one\.md:6/);
		expect(text).toMatch(/two\.md:8 unknown host "ghost"/);
	});

	test('the CLI refuses invalid facts with exit 3 and file:line, printing hostile text inertly', () => {
		const dir = mkdtempSync(join(tmpdir(), 'robust-cli-'));
		try {
			writeDocs(dir, { bad: `facts:\n  hosts:\n    - { id: a, hostname: "\u001b[31m<img src=x>" }\n  paths:\n    - { host: a, path: /x/../etc }\n` }, 'content/docs');
			writeFileSync(join(dir, 'inv.yaml'), 'version: 1\nname: t\nhosts:\n  a: { address: 127.0.0.1, port: 1 }\n');
			let code = 0;
			let stderr = '';
			try {
				execFileSync(process.execPath, [join(ROOT, 'verifiers', 'cli.ts'), '--root', dir, '--target', join(dir, 'inv.yaml'), '--no-save'], { encoding: 'utf8', env: { ...process.env, ...ENV }, stdio: 'pipe', timeout: 30_000 });
			} catch (e) {
				code = (e as { status: number }).status;
				stderr = String((e as { stderr: string }).stderr);
			}
			expect(code).toBe(3);
			expect(stderr).toMatch(/content\/docs\/en\/bad\.md:6 — facts\.hosts\.0\.hostname: must be a plain name/);
			expect(stderr).toMatch(/content\/docs\/en\/bad\.md:8 — facts\.paths\.0\.path: must not contain "\.\." segments/);
			expect(stderr).not.toContain('\u001b');
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});

describe.skipIf(skip !== undefined)('hostile strings reach a real sh over SSH only as data', () => {
	let hosts: Hosts;
	let root: string;
	beforeAll(async () => {
		hosts = await startHosts([{ id: 'a', kind: 'sshd', bin: { uname: 'case "$1" in -n) echo a-01;; *) exec /usr/bin/uname "$@";; esac' } }, { id: 'b', kind: 'sshd', bin: { uname: 'case "$1" in -n) echo b-01;; *) exec /usr/bin/uname "$@";; esac' } }]);
		root = mkdtempSync(join(tmpdir(), 'robust-authors-ssh-'));
	}, 60_000);
	afterAll(async () => {
		await closeAll();
		await hosts?.stop();
		if (root) rmSync(root, { recursive: true, force: true });
		for (let i = 0; i < 20; i++) rmSync(MARK(i), { force: true });
	});

	test('path facts with shell metacharacters pass the schema, are only stat-ed, and are reported as missing', async () => {
		const docsDir = writeDocs(root, {
			p: `facts:\n  hosts:\n    - { id: a, hostname: a-01 }\n    - { id: b, hostname: b-01 }\n    - { id: missing-host, hostname: m }\n  paths:\n${HOSTILE_PATHS.map((p) => `    - { host: a, path: ${yamlStr(p)}, type: file }`).join('\n')}\n    - { host: a, path: /etc, type: directory }\n    - { host: missing-host, path: /etc }\n`,
		});
		expect(buildProbeScript({ sections: new Set(['stat']), units: [], paths: HOSTILE_PATHS }, 'abcdef0123456789')).toContain(shQuote(HOSTILE_PATHS[0]!));
		const report = await verify({ root, docsDir, target: hosts.inventory, env: { ...ENV }, timeouts: { connectMs: 3000, commandMs: 10_000 } });
		for (let i = 1; i <= 11; i++) expect(existsSync(MARK(i)), `${MARK(i)} was created: shell injection`).toBe(false);
		for (const p of HOSTILE_PATHS) {
			const f = report.findings.find((x) => x.factId === `a/path${p}`);
			expect(f, p).toBeDefined();
			expect(f!.outcome, `${p}: ${f!.message}`).toBe('drift');
			expect(`${f!.message} ${f!.observed}`).toMatch(/missing|not exist|No such file/i);
		}
		expect(report.findings.find((x) => x.factId === 'a/path/etc')?.outcome).toBe('verified');
		// the host the target does not have: its facts are unverified with the reason, the others are verified
		const missing = report.findings.filter((x) => x.host === 'missing-host');
		expect(missing.length).toBeGreaterThan(0);
		// eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- vitest's asymmetric matchers (expect.stringMatching …) are typed any
		for (const f of missing) expect(f).toMatchObject({ outcome: 'unverified', message: expect.stringMatching(/host not in target/), file: `${docsDir}/en/p.md` });
		expect(report.findings.filter((x) => x.host === 'b').map((x) => x.outcome)).toEqual(['verified']);
	});

	test('the quoting layer: any string (no NUL/CR/LF) comes back byte-identical from a real sh, nothing runs', async () => {
		const inventory = await loadInventory(hosts.inventory, { root: hosts.dir });
		const session = await connect(inventory, 'a', { env: { ...ENV }, timeoutMs: 5000 });
		try {
			const hostile = fc.oneof(
				fc.constantFrom(...HOSTILE_PATHS, `'`, `''`, `'\\''`, `"$(touch ${MARK(12)})"`, `\`touch ${MARK(13)}\``, `$((1+1))`, `\${HOME}`, `*`, `~`, `-n`, `--`, ` `, `\\`, `!`),
				fc.string({ unit: fc.constantFrom(...`'"\`$();&|<>*?[]{}~!#\\ \t-abc`.split(''), '$(', `'\\''`), maxLength: 40 }),
				fc.string({ unit: 'grapheme', maxLength: 30 }),
			).filter((s) => !/[\0\r\n]/.test(s));
			const samples = fc.sample(hostile, { numRuns: 150, seed: 42 });
			// one command per batch, so 150 strings cost one round trip
			const script = samples.map((s) => `printf '%s\\0' ${shQuote(s)}`).join('\n');
			const res = await session.exec('sh -s', { stdin: `${script}\n`, timeoutMs: 10_000, maxBytes: 1 << 20 });
			expect(res.code).toBe(0);
			expect(res.stdout.split('\0').slice(0, -1)).toEqual(samples);
			for (let i = 12; i <= 13; i++) expect(existsSync(MARK(i))).toBe(false);
		} finally {
			await session.close();
		}
	});

	test('a host id the inventory does not know and a duplicate inventory host are configuration errors', async () => {
		const bad = join(hosts.dir, 'dup.yaml');
		writeFileSync(bad, `version: 1\nname: dup\nknownHosts: known_hosts\nidentityFile: id_test\nuser: root\nhosts:\n  a: { address: 127.0.0.1, port: ${hosts.ports.a} }\n  a: { address: 127.0.0.1, port: ${hosts.ports.b} }\n`);
		const docsDir = writeDocs(root, { q: `facts:\n  hosts:\n    - { id: a, hostname: a-01 }\n` }, 'docs-dup');
		await expect(verify({ root, docsDir, target: bad, env: { ...ENV } })).rejects.toThrow(VerifierConfigError);
		await expect(verify({ root, docsDir, target: bad, env: { ...ENV } })).rejects.toThrow(/dup|duplicate|line 8|:8/i);
	});
});

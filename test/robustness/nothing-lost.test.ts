/**
 * Nothing lost: reports and evidence are written atomically (a run killed mid-write
 * never leaves a half-written file that a later build or replay trusts; readers reject
 * truncated files with a clear message), and Ctrl-C (SIGINT) closes every connection and
 * writes a report marked `complete: false`.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseReport } from '../../model/report/parse.ts';
import { readEvidence } from '../../verifiers/evidence.ts';
import { verify } from '../../verifiers/run.ts';
import { VerifierConfigError } from '../../verifiers/errors.ts';
import { ENV, sshdUnavailable, startHosts, writeDocs, type Hosts } from './hosts.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'verifiers', 'cli.ts');
const skip = sshdUnavailable();

/** A large, valid report text (several MB) whose `target` tells which generation wrote it. */
const WRITER = String.raw`
import { writeFileAtomic } from ${JSON.stringify(join(ROOT, 'lib', 'fsutil.ts'))};
import { writeEvidence } from ${JSON.stringify(join(ROOT, 'verifiers', 'evidence.ts'))};
const [file, evidence] = process.argv.slice(2);
const findings = Array.from({ length: 20000 }, (_, i) => ({ outcome: 'verified', kind: 'hosts', ruleId: 'hosts/fact', factId: 'h' + i, host: 'h', file: 'x.md', line: i + 1, message: 'ok '.repeat(20) }));
process.stdout.write('ready\n');
for (let gen = 0; ; gen++) {
	const report = { version: 1, target: 'gen-' + gen, startedAt: new Date().toISOString(), finishedAt: new Date().toISOString(), complete: true, source: { mode: 'live' }, hosts: [], summary: { verified: findings.length, drift: 0, unverified: 0, undocumented: 0, waived: 0, planned: 0 }, findings };
	writeFileAtomic(file, JSON.stringify(report, null, '\t'));
	writeEvidence(evidence, { format: 'verified-runbooks-evidence', version: 1, target: 'gen-' + gen, observedAt: new Date().toISOString(), hasResolver: false, hosts: Object.fromEntries(findings.slice(0, 3000).map((f) => [f.factId, { result: { id: f.factId, state: 'reached', hostKeys: [], durationMs: 1 } }])), local: { tls: [], http: [], dns: [], reach: [] } });
}
`;

describe('atomic reports and evidence', () => {
	let dir: string;
	beforeAll(() => {
		dir = mkdtempSync(join(tmpdir(), 'robust-atomic-'));
		writeFileSync(join(dir, 'writer.ts'), WRITER);
	});
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	test('a writer SIGKILLed mid-write leaves the old or the new file, never half of one', async () => {
		const file = join(dir, 'reports', 'verify.json');
		const evidence = join(dir, 'reports', 'evidence.json');
		const seen = new Set<string>();
		for (let round = 0; round < 8; round++) {
			const child = spawn(process.execPath, [join(dir, 'writer.ts'), file, evidence], { stdio: ['ignore', 'pipe', 'inherit'] });
			await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
			// kill at a different point of the write cycle each round
			await new Promise((r) => setTimeout(r, 150 + round * 97));
			child.kill('SIGKILL');
			await new Promise((r) => child.once('exit', r));
			if (!existsSync(file)) continue;
			const text = readFileSync(file, 'utf8');
			const report = parseReport(text, file);
			expect(report.findings).toHaveLength(20000);
			seen.add(report.target);
			if (existsSync(evidence)) expect(Object.keys(readEvidence(evidence).hosts)).toHaveLength(3000);
		}
		expect(seen.size).toBeGreaterThan(0);
		// the killed writers' temporary files are never read as reports
		const leftovers = readdirSync(join(dir, 'reports')).filter((n) => n.endsWith('.tmp'));
		for (const n of leftovers) expect(n).toMatch(/^(verify|evidence)\.json\.\d+\.\d+\.tmp$/);
	}, 60_000);

	test('every reader rejects a truncated or invalid file with a clear message', () => {
		const full = JSON.stringify({ version: 1, target: 'lab', startedAt: '2026-11-23T10:00:00Z', finishedAt: '2026-11-23T10:00:01Z', complete: true, source: { mode: 'live' }, hosts: [], summary: {}, findings: [] });
		const half = full.slice(0, full.length >> 1);
		expect(() => parseReport(half, 'reports/verify.json')).toThrow(/^reports\/verify\.json: not valid JSON .*; rerun "npm run verify"/);
		expect(() => parseReport('', 'r.json')).toThrow(/not valid JSON/);
		expect(() => parseReport(half, 'shard-1.json')).toThrow(/shard-1\.json: not valid JSON/);
		const ev = join(dir, 'half-evidence.json');
		writeFileSync(ev, '{"format":"verified-runbooks-evidence","version":1,"target":"lab","hosts":{"a":');
		expect(() => readEvidence(ev)).toThrow(/evidence .*half-evidence\.json is not JSON/);
		writeFileSync(ev, '{"format":"verified-runbooks-evidence","version":1}');
		expect(() => readEvidence(ev)).toThrow(/is not a verifier evidence file/);
	});

	test('replaying a truncated evidence file is a configuration error (exit 3), not an empty verified run', async () => {
		const ev = join(dir, 'trunc.json');
		writeFileSync(ev, '{"format":"verified-runbooks-evidence","version":1,"tar');
		const docs = mkdtempSync(join(tmpdir(), 'robust-replay-'));
		try {
			const docsDir = writeDocs(docs, { p: 'facts:\n  hosts:\n    - { id: a, hostname: a-01 }\n' });
			await expect(verify({ root: docs, docsDir, replay: ev, env: { ...ENV } })).rejects.toThrow(VerifierConfigError);
			await expect(verify({ root: docs, docsDir, replay: ev, env: { ...ENV } })).rejects.toThrow(/is not JSON/);
		} finally {
			rmSync(docs, { recursive: true, force: true });
		}
	});
});

describe.skipIf(skip !== undefined)('SIGINT: connections closed, partial report marked incomplete', () => {
	let hosts: Hosts;
	let root: string;
	const token = String(6000 + (randomBytes(2).readUInt16BE() % 999));
	beforeAll(async () => {
		hosts = await startHosts([
			{ id: 'good', kind: 'sshd', bin: { uname: 'case "$1" in -n) echo good-01;; *) exec /usr/bin/uname "$@";; esac' } },
			// stalls mid-command (a unique sleep so the test can see it started)
			{ id: 'stall', kind: 'sshd', bin: { uname: `case "$1" in -n) exec sleep ${token}.5;; *) exec /usr/bin/uname "$@";; esac` } },
			{ id: 'silent', kind: 'silent' },
		]);
		root = mkdtempSync(join(tmpdir(), 'robust-sigint-'));
		writeDocs(root, { p: 'facts:\n  hosts:\n    - { id: good, hostname: good-01 }\n    - { id: stall, hostname: stall-01, kernel: 6.1.0 }\n    - { id: silent, hostname: silent-01 }\n' }, 'content/docs');
	}, 60_000);
	afterAll(async () => {
		// the stalled remote command is ours (unique duration): end it by pid
		try {
			for (const pid of execFileSync('pgrep', ['-f', `sleep ${token}.5`], { encoding: 'utf8' }).split('\n').filter(Boolean)) process.kill(Number(pid), 'SIGKILL');
		} catch { /* none left */ }
		await hosts?.stop();
		if (root) rmSync(root, { recursive: true, force: true });
	});

	test('Ctrl-C during a stalled probe and a stalled handshake: exit 130 at once, report complete:false, every connection closed', async () => {
		const child = spawn(process.execPath, [CLI, '--root', root, '--target', hosts.inventory, '--timeout', '60000', '--reporter', 'json:reports/out.json'], { env: { ...process.env, ...ENV }, stdio: ['ignore', 'pipe', 'pipe'] });
		let stderr = '';
		child.stderr.on('data', (d) => (stderr += d));
		const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
		// wait until the stall host runs its command and the silent host holds a TCP connection
		const until = Date.now() + 20_000;
		const started = () => { try { execFileSync('pgrep', ['-f', `sleep ${token}.5`]); return true; } catch { return false; } };
		while (Date.now() < until && !(started() && hosts.sockets.size > 0)) await new Promise((r) => setTimeout(r, 100));
		expect(started(), 'the stalled command started').toBe(true);
		expect(hosts.sockets.size, 'the silent host holds a connection').toBeGreaterThan(0);
		await new Promise((r) => setTimeout(r, 300));
		const t0 = performance.now();
		child.kill('SIGINT');
		const code = await exited;
		expect(performance.now() - t0).toBeLessThan(5000);
		expect(code, stderr).toBe(130);
		expect(stderr).toMatch(/Interrupted: closing sessions, writing a partial report/);
		await new Promise((r) => setTimeout(r, 200));
		expect(hosts.sockets.size, 'the silent host saw its connection closed').toBe(0);
		for (const file of ['reports/verify.json', 'reports/out.json']) {
			const report = parseReport(readFileSync(join(root, file), 'utf8'), file);
			expect(report.complete).toBe(false);
			const byId = Object.fromEntries(report.hosts.map((h) => [h.id, h]));
			expect(byId.good?.state).toBe('reached');
			expect(byId.stall).toMatchObject({ state: 'unreachable', message: 'interrupted before the probe finished' });
			expect(byId.silent).toMatchObject({ state: 'unreachable', message: 'interrupted before the probe finished' });
			expect(report.findings.find((f) => f.factId === 'good/host')?.outcome).toBe('verified');
			expect(report.findings.find((f) => f.factId === 'stall/host')?.outcome).toBe('unverified');
		}
	}, 60_000);
});

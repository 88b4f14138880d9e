/**
 * LONG (≈30 s): load and faults. 50 throwaway sshd-only hosts on 127.0.0.1 (one sshd per
 * 16 ports and host key, so 50 hosts cost four processes), a fifth of them
 * faulty: down (closed port), slow (TCP accepted, SSH handshake never completes) or with a
 * changed host key. Every good host also prints 1 MB of noise, so retained raw output
 * would show in memory. The CLI runs as a child process; its peak RSS
 * (`process.resourceUsage().maxRSS`) is measured at 10 and at 50 hosts.
 *
 * Expectations: the run finishes within the bound its timeouts imply
 * (waves × (connect timeout + backstop)), each failure is reported precisely per host
 * (unreachable / timeout / hostkey-changed), the 40 good hosts are verified with their own
 * hostnames, and peak memory stays roughly flat with host count.
 *
 * The lab's `fleet` (network namespaces) is shared with the CI/bench teammate; these
 * hosts are private to this test, so the test never waits for or disturbs it.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { VerifyReport } from '../../model/report/schema.ts';
import { ENV, sshdUnavailable, startHosts, writeDocs, type HostSpec, type Hosts } from './hosts.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'verifiers', 'cli.ts');
const skip = sshdUnavailable();
if (skip) console.warn(`\n⚠ SKIPPED load/fault test (50 hosts): ${skip}\n`);

const N = 50;
const CONCURRENCY = 8;
/** `--timeout`: the probe timeout; the connect timeout is min(this, 10 s). Probes take 1–6 s on a loaded 2-CPU machine. */
const TIMEOUT_MS = 20_000;
const CONNECT_MS = Math.min(TIMEOUT_MS, 10_000);
const id = (i: number) => `fleet-${String(i).padStart(2, '0')}`;
/** Fault of host i (1-based): a fifth of the fleet, spread over the ids. */
const fault = (i: number): 'down' | 'slow' | 'rekey' | undefined => (i % 5 !== 0 ? undefined : (['down', 'slow', 'rekey'] as const)[(i / 5) % 3]);
const EXPECTED_RULE = { down: 'host/unreachable', slow: 'host/timeout', rekey: 'host/hostkey-changed' } as const;

/**
 * Preload (with --expose-gc) that samples the live heap after a full GC every 250 ms and
 * prints it and the process's peak RSS on exit. The live heap is the sharp measure of
 * retained data; RSS also counts garbage V8 has not collected yet.
 */
const MEM_PRELOAD = `data:text/javascript,let p=0;setInterval(()=>{gc();p=Math.max(p,process.memoryUsage().heapUsed)},250).unref();process.on("exit",()=>process.stderr.write("MAXRSS_KB="+process.resourceUsage().maxRSS+" LIVE_HEAP_KB="+(p>>10)+"\\n"))`;

interface Run { code: number | null; ms: number; maxRssKb: number; liveHeapKb: number; report: VerifyReport; stderr: string }

describe.skipIf(skip !== undefined)('50 hosts, a fifth of them faulty (LONG)', () => {
	let hosts: Hosts;
	let root: string;
	const runs: Record<number, Run> = {};

	async function runCli(only: string[] | undefined, out: string): Promise<Run> {
		const args = ['--expose-gc', '--import', MEM_PRELOAD, CLI, '--root', root, '--target', hosts.inventory, '--concurrency', String(CONCURRENCY), '--timeout', String(TIMEOUT_MS), '--reporter', `json:${out}`, '--no-save', ...(only ?? []).flatMap((h) => ['--host', h])];
		const t0 = performance.now();
		const child = spawn(process.execPath, args, { env: { ...process.env, ...ENV }, stdio: ['ignore', 'ignore', 'pipe'] });
		let stderr = '';
		child.stderr!.on('data', (d) => (stderr += d));
		const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
		const ms = performance.now() - t0;
		const maxRssKb = Number(/MAXRSS_KB=(\d+)/.exec(stderr)?.[1]);
		const liveHeapKb = Number(/LIVE_HEAP_KB=(\d+)/.exec(stderr)?.[1]);
		return { code, ms, maxRssKb, liveHeapKb, stderr, report: JSON.parse(readFileSync(join(root, out), 'utf8')) };
	}

	beforeAll(async () => {
		const specs: HostSpec[] = [];
		for (let i = 1; i <= N; i++) {
			const f = fault(i);
			if (f === 'down') specs.push({ id: id(i), kind: 'closed' });
			else if (f === 'slow') specs.push({ id: id(i), kind: 'silent' });
			else specs.push({ id: id(i), kind: 'sshd', key: f === 'rekey' ? 'other' : 'main', bin: { uname: `case "$1" in -n) printf '%s\\n' ${id(i)}-host; head -c 1000000 /dev/zero | tr '\\0' ' ';; *) exec /usr/bin/uname "$@";; esac` } });
		}
		hosts = await startHosts(specs, { name: 'fleet' });
		root = mkdtempSync(join(tmpdir(), 'robust-load-'));
		writeDocs(root, { fleet: `facts:\n  hosts:\n${Array.from({ length: N }, (_, k) => `    - { id: ${id(k + 1)}, hostname: ${id(k + 1)}-host, kernel: ${release()} }`).join('\n')}\n` }, 'content/docs');
		// 10 hosts (8 good, 2 faulty), then all 50
		runs[10] = await runCli([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(id), 'r10.json');
		runs[50] = await runCli(undefined, 'r50.json');
		console.log(`\nload: 10 hosts ${(runs[10].ms / 1000).toFixed(1)} s, peak RSS ${(runs[10].maxRssKb / 1024).toFixed(0)} MiB, peak live heap ${(runs[10].liveHeapKb / 1024).toFixed(0)} MiB; 50 hosts ${(runs[50].ms / 1000).toFixed(1)} s, peak RSS ${(runs[50].maxRssKb / 1024).toFixed(0)} MiB, peak live heap ${(runs[50].liveHeapKb / 1024).toFixed(0)} MiB; summary ${JSON.stringify(runs[50].report.summary)}\n`);
	}, 170_000);

	afterAll(async () => {
		await hosts?.stop();
		if (root) rmSync(root, { recursive: true, force: true });
	});

	test('finishes within the bound its timeouts imply, exit 2 (unverified, no drift)', () => {
		const waves = Math.ceil(N / CONCURRENCY);
		// a wave ends within connect timeout + ssh2 backstop (2 s) or the probe timeout; in practice far less
		expect(runs[50].ms).toBeLessThan(waves * Math.max(CONNECT_MS + 2000, TIMEOUT_MS));
		expect(runs[50].ms).toBeLessThan(90_000);
		expect(runs[50].code, runs[50].stderr).toBe(2);
		expect(runs[50].report.complete).toBe(true);
		expect(runs[50].report.hosts).toHaveLength(N);
	});

	test('each failure is reported precisely, per host, and nothing else fails', () => {
		const r = runs[50].report;
		for (let i = 1; i <= N; i++) {
			const f = fault(i);
			const h = r.hosts.find((x) => x.id === id(i))!;
			const host = r.findings.filter((x) => x.host === id(i));
			if (!f) continue;
			expect(h.state, id(i)).toBe('unreachable');
			expect(host.find((x) => x.kind === 'host')?.ruleId, id(i)).toBe(EXPECTED_RULE[f]);
			expect(host.find((x) => x.factId === `${id(i)}/host`)?.outcome).toBe('unverified');
			if (f === 'slow') expect(h.durationMs).toBeLessThan(CONNECT_MS + 2500);
			if (f === 'rekey') expect(h.message).toMatch(/has CHANGED/);
			if (f === 'down') expect(h.message).toMatch(/ECONNREFUSED/);
		}
		expect(r.findings.filter((x) => x.outcome === 'drift')).toEqual([]);
		expect(r.summary.unverified).toBe(N / 5 * 2);
	});

	test('the good hosts are verified, each with its own hostname (no crossed wires)', () => {
		const r = runs[50].report;
		const good = Array.from({ length: N }, (_, k) => k + 1).filter((i) => !fault(i));
		expect(good).toHaveLength(40);
		for (const i of good) {
			expect(r.hosts.find((x) => x.id === id(i))?.state).toBe('reached');
			expect(r.findings.filter((x) => x.host === id(i)).map((x) => `${x.outcome} ${x.ruleId}`)).toEqual(['verified hosts/fact']);
		}
		expect(r.summary.verified).toBe(40);
		// the 10-host run agrees with the 50-host run on its hosts
		for (const h of runs[10].report.hosts) expect(h.state).toBe(r.hosts.find((x) => x.id === h.id)?.state);
	});

	test('peak memory stays roughly flat from 10 to 50 hosts (bounded concurrency, no retained raw output)', () => {
		expect(runs[10].maxRssKb).toBeGreaterThan(0);
		expect(runs[50].liveHeapKb).toBeGreaterThan(0);
		// 40 more hosts × 1 MB of raw output each would add ≥ 40 MB of live heap if it were kept
		expect(runs[50].liveHeapKb - runs[10].liveHeapKb).toBeLessThan(20 * 1024);
		expect(runs[50].maxRssKb).toBeLessThan(runs[10].maxRssKb * 1.5);
	});
});

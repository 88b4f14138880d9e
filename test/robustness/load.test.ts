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
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { VerifyReport } from '../../model/report/schema.ts';
import { parseReport } from '../../model/report/parse.ts';
import { lab, waitForLab, ROOT as PROJECT_ROOT } from '../helpers/lab.ts';
import { readFleet } from '../../bench/fleet.ts';
import { fleetPage, judgeReport } from '../../bench/tools/verifier.ts';
import type { Fleet } from '../../bench/tools/common.ts';
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
	/** The run with `n` hosts (set in beforeAll). */
	const runOf = (n: 10 | 50): Run => {
		const r = runs[n];
		if (!r) throw new Error(`the ${n}-host run did not happen (see beforeAll)`);
		return r;
	};

	async function runCli(only: string[] | undefined, out: string): Promise<Run> {
		const args = ['--expose-gc', '--import', MEM_PRELOAD, CLI, '--root', root, '--target', hosts.inventory, '--concurrency', String(CONCURRENCY), '--timeout', String(TIMEOUT_MS), '--reporter', `json:${out}`, '--no-save', ...(only ?? []).flatMap((h) => ['--host', h])];
		const t0 = performance.now();
		const child = spawn(process.execPath, args, { env: { ...process.env, ...ENV }, stdio: ['ignore', 'ignore', 'pipe'] });
		let stderr = '';
		child.stderr.on('data', (d) => (stderr += d));
		const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
		const ms = performance.now() - t0;
		const maxRssKb = Number(/MAXRSS_KB=(\d+)/.exec(stderr)?.[1]);
		const liveHeapKb = Number(/LIVE_HEAP_KB=(\d+)/.exec(stderr)?.[1]);
		return { code, ms, maxRssKb, liveHeapKb, stderr, report: parseReport(readFileSync(join(root, out), 'utf8'), join(root, out)) };
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
		console.log(`\nload: 10 hosts ${(runOf(10).ms / 1000).toFixed(1)} s, peak RSS ${(runOf(10).maxRssKb / 1024).toFixed(0)} MiB, peak live heap ${(runOf(10).liveHeapKb / 1024).toFixed(0)} MiB; 50 hosts ${(runOf(50).ms / 1000).toFixed(1)} s, peak RSS ${(runOf(50).maxRssKb / 1024).toFixed(0)} MiB, peak live heap ${(runOf(50).liveHeapKb / 1024).toFixed(0)} MiB; summary ${JSON.stringify(runOf(50).report.summary)}\n`);
	}, 170_000);

	afterAll(async () => {
		await hosts?.stop();
		if (root) rmSync(root, { recursive: true, force: true });
	});

	test('finishes within the bound its timeouts imply, exit 2 (unverified, no drift)', () => {
		const waves = Math.ceil(N / CONCURRENCY);
		// a wave ends within connect timeout + ssh2 backstop (2 s) or the probe timeout; in practice far less
		expect(runOf(50).ms).toBeLessThan(waves * Math.max(CONNECT_MS + 2000, TIMEOUT_MS));
		expect(runOf(50).ms).toBeLessThan(90_000);
		expect(runOf(50).code, runOf(50).stderr).toBe(2);
		expect(runOf(50).report.complete).toBe(true);
		expect(runOf(50).report.hosts).toHaveLength(N);
	});

	test('each failure is reported precisely, per host, and nothing else fails', () => {
		const r = runOf(50).report;
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
		const r = runOf(50).report;
		const good = Array.from({ length: N }, (_, k) => k + 1).filter((i) => !fault(i));
		expect(good).toHaveLength(40);
		for (const i of good) {
			const host = r.hosts.find((x) => x.id === id(i));
			expect(host?.state, JSON.stringify(host)).toBe('reached');
			expect(r.findings.filter((x) => x.host === id(i)).map((x) => `${x.outcome} ${x.ruleId}`)).toEqual(['verified hosts/fact']);
		}
		expect(r.summary.verified).toBe(40);
		// the 10-host run agrees with the 50-host run on its hosts
		for (const h of runOf(10).report.hosts) expect(h.state).toBe(r.hosts.find((x) => x.id === h.id)?.state);
	});

	test('peak memory stays roughly flat from 10 to 50 hosts (bounded concurrency, no retained raw output)', () => {
		expect(runOf(10).maxRssKb).toBeGreaterThan(0);
		expect(runOf(50).liveHeapKb).toBeGreaterThan(0);
		// 40 more hosts × 1 MB of raw output each would add ≥ 40 MB of live heap if it were kept
		expect(runOf(50).liveHeapKb - runOf(10).liveHeapKb).toBeLessThan(20 * 1024);
		expect(runOf(50).maxRssKb).toBeLessThan(runOf(10).maxRssKb * 1.5);
	});
});

/**
 * The lab fleet (`npm run lab -- fleet up N`, real sshd per network namespace, no mocks):
 * 24 hosts at the verifier's DEFAULT concurrency, three of them broken with
 * `npm run lab -- fleet fault` (down, slow, rekey) and one whose sshd is at its
 * MaxStartups limit (200 on the fleet, no random early drop) because 200 unauthenticated connections
 * hold its pre-auth slots. sshd drops new connections to it before the SSH handshake;
 * the verifier must back off and retry instead of reporting the host unverified, as
 * soon as the slots free up (6 s after its first attempt); while they stay full, the host is unverified
 * with a message that names the dropped handshakes.
 */
// the fleet needs root and the lab CLI, not the twins (the suite's shared start record may say LAB=off for another run)
const fleetSkip = process.getuid?.() !== 0 ? 'the lab fleet needs root (network namespaces)' : undefined;
if (fleetSkip) console.warn(`\n⚠ SKIPPED load test on the lab fleet: ${fleetSkip}\n`);

describe.skipIf(fleetSkip !== undefined)('lab fleet: 24 hosts, faults and sshd MaxStartups (LONG)', () => {
	const FLEET_N = 24;
	const FAULTS: Record<string, 'down' | 'slow' | 'rekey'> = { 'fleet-05': 'down', 'fleet-10': 'slow', 'fleet-15': 'rekey' };
	const CROWDED = 'fleet-20';
	/**
	 * How long the crowded host's slots stay full after the verifier's first connection reached the host's
	 * kernel: several back-off rounds, well inside the 20 s connect timeout. (At 2.5 s a loaded CI machine let
	 * the verifier in at its first try once: its connection waited in the listen queue until the release.)
	 */
	const HOLD_MS = 6000;

	/** TCP connections the host's kernel accepted so far (`TcpPassiveOpens` in its network namespace). */
	function passiveOpens(id: string): number {
		const snmp = execFileSync('ip', ['netns', 'exec', `lab-${id}`, 'cat', '/proc/net/snmp'], { encoding: 'utf8' });
		const [names, values] = snmp.split('\n').filter((l) => l.startsWith('Tcp:'));
		const i = names!.split(/\s+/).indexOf('PassiveOpens');
		return Number(values!.split(/\s+/)[i]);
	}
	let fleet: Fleet;
	let root: string;
	let releaseCrowd: (() => void) | undefined;

	/** Opens pre-auth connections to a host until sshd has `target` of them (MaxStartups full) or gives up. */
	async function crowd(address: string, target = 200): Promise<{ held: number; opened: () => number; connected: () => number; release: () => void }> {
		const sockets: net.Socket[] = [];
		// the crowd's own share of the host's TCP passive opens lies between these two counts
		let opened = 0; // counted before the SYN leaves
		let connected = 0; // counted after the host answered the SYN
		const open = () => new Promise<void>((resolve) => {
			opened++;
			const s = net.connect({ host: address, port: 22 });
			s.once('connect', () => connected++);
			s.on('error', () => {});
			s.once('data', () => { sockets.push(s); resolve(); }); // the server's banner: a held pre-auth slot
			s.once('close', () => resolve());
			setTimeout(resolve, 3000);
		});
		const alive = () => sockets.filter((s) => !s.destroyed).length;
		// sshd accepts every pre-auth connection up to MaxStartups (200 on the fleet), none beyond
		for (let attempts = 0; attempts < 5000 && alive() < target; attempts += 50) {
			await Promise.all(Array.from({ length: 50 }, open));
		}
		const held = alive();
		// sshd closes a pre-auth connection after LoginGraceTime (120 s): keep the slots full until released,
		// however long filling them and the run take on a loaded machine
		let released = false;
		void (async () => {
			while (!released) {
				if (alive() < target) await Promise.all(Array.from({ length: Math.min(50, target - alive()) }, open));
				else await new Promise((r) => setTimeout(r, 200));
			}
			for (const s of sockets) s.destroy();
		})();
		return { held, opened: () => opened, connected: () => connected, release: () => { released = true; for (const s of sockets) s.destroy(); } };
	}

	async function runCli(out: string): Promise<{ code: number | null; ms: number; report: VerifyReport; stderr: string }> {
		const args = [CLI, '--root', root, '--target', fleet.inventoryPath, '--timeout', '20000', '--reporter', `json:${out}`, '--no-save', '--verbose'];
		const t0 = performance.now();
		const child = spawn(process.execPath, args, { env: { ...process.env, ...ENV }, stdio: ['ignore', 'ignore', 'pipe'] });
		let stderr = '';
		child.stderr.on('data', (d) => (stderr += d));
		const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
		return { code, ms: performance.now() - t0, stderr, report: JSON.parse(readFileSync(join(root, out), 'utf8')) as VerifyReport };
	}

	beforeAll(async () => {
		await waitForLab();
		lab('fleet', 'up', String(FLEET_N));
		const read = readFleet(join(PROJECT_ROOT, '.lab', 'fleet-inventory.yaml'));
		if (typeof read === 'string') throw new Error(read);
		fleet = read;
		root = mkdtempSync(join(tmpdir(), 'robust-fleet-'));
		mkdirSync(join(root, 'content', 'docs', 'en', 'fleet'), { recursive: true });
		for (const h of fleet.hosts.slice(0, FLEET_N)) writeFileSync(join(root, 'content', 'docs', 'en', 'fleet', `${h.id}.mdx`), fleetPage(h, fleet.kernel));
		for (const [id, kind] of Object.entries(FAULTS)) lab('fleet', 'fault', id, kind);
	}, 900_000);

	afterAll(() => {
		releaseCrowd?.();
		for (const id of Object.keys(FAULTS)) lab('fleet', 'fault', id, 'ok');
		// the fleet is this test's: later tests check that the lab leaves no traces
		lab('fleet', 'down');
		if (root) rmSync(root, { recursive: true, force: true });
	}, 120_000);

	test('a host at MaxStartups is retried and verified once its slots free up; faults are reported per host', async () => {
		const host = fleet.hosts.find((h) => h.id === CROWDED)!;
		const c = await crowd(host.address);
		expect(c.held, 'pre-auth connections held at the crowded host (MaxStartups full: every new one is dropped)').toBeGreaterThanOrEqual(200);
		releaseCrowd = c.release;
		// hold the slots until the verifier's first attempt reached the host and a while longer, then free them.
		// The host's TCP passive opens grew by more than the crowd's connects since (it refills the slots sshd
		// frees after LoginGraceTime): someone else, the verifier, connected
		const base = passiveOpens(CROWDED) - c.connected();
		let attempted = false;
		const watch = setInterval(() => {
			if (attempted || passiveOpens(CROWDED) - c.opened() <= base) return;
			attempted = true;
			setTimeout(c.release, HOLD_MS);
		}, 100);
		const r = await runCli('fleet.json');
		clearInterval(watch);
		c.release();
		expect(attempted, 'the verifier reached the crowded host while its slots were full').toBe(true);
		const byId = new Map(r.report.hosts.map((h) => [h.id, h]));
		expect(byId.get(CROWDED)?.state, byId.get(CROWDED)?.message).toBe('reached');
		// the first attempts were dropped (the slots were full when the verifier got there): retried, not reported unverified
		expect(byId.get(CROWDED)?.message ?? `no message: ${JSON.stringify(byId.get(CROWDED))}; ${r.stderr.slice(-300)}`).toMatch(/sshd dropped \d+ connections? before the SSH handshake \(MaxStartups\); reached after back-off/);
		for (const [id, kind] of Object.entries(FAULTS)) {
			expect(byId.get(id)?.state, id).toBe('unreachable');
			const rule = r.report.findings.find((f) => f.host === id && f.kind === 'host')?.ruleId;
			expect(rule, id).toBe({ down: 'host/unreachable', slow: 'host/timeout', rekey: 'host/hostkey-changed' }[kind]);
		}
		const good = fleet.hosts.slice(0, FLEET_N).filter((h) => !FAULTS[h.id]);
		const judged = judgeReport(r.report, good);
		expect(judged.problems.filter((p) => !Object.keys(FAULTS).some((id) => p.startsWith(`${id} `)))).toEqual([]);
		expect(judged.passed).toBe(good.length * 5);
		expect(r.stderr).toMatch(/time to first connection: \d+ ms after process start/);
	}, 300_000);

	test('a host whose MaxStartups stays full is unverified, and the message says sshd dropped the handshakes', async () => {
		const host = fleet.hosts.find((h) => h.id === CROWDED)!;
		const c = await crowd(host.address);
		releaseCrowd = c.release;
		expect(c.held).toBeGreaterThanOrEqual(200);
		const r = await runCli('crowded.json');
		c.release();
		const h = r.report.hosts.find((x) => x.id === CROWDED);
		expect(h?.state).toBe('unreachable');
		expect(h?.message).toMatch(/dropped before the SSH handshake \d+ times/);
		expect(h?.message).toMatch(/MaxStartups/);
	}, 300_000);
});

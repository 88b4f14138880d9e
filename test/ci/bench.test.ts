/** Pure parts of the benchmark harness (bench/): output checks, parsing, tables. */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import net from 'node:net';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkBatchOutput, expectedFacts, fleetTables, median, parseBenchArgs, replaceBlock } from '../../bench/lib.ts';
import { refuseJob, startProxy } from '../../bench/wan/proxy.ts';
import { repinKnownHosts, wanAddress } from '../../bench/wan/fleet.ts';
import { stripMermaid } from '../../bench/site.ts';
import { runbookMarkdown } from '../../bench/runbooks.ts';
import { parseRecap } from '../../bench/tools/ansible.ts';
import { knownKeys } from '../../bench/tools/ssh2-floor.ts';
import { fleetPage, judgeReport, verifyNodeFlags } from '../../bench/tools/verifier.ts';

const host = { id: 'fleet-07', address: '10.231.100.7', port: 22 };
const expected = expectedFacts(host, '6.18.44-fc-v595');
const good = [
	'fleet-07', '--8<--',
	'LISTEN 0      128       10.231.100.7:8080      0.0.0.0:*',
	'LISTEN 0      128            0.0.0.0:22        0.0.0.0:*', '--8<--',
	'22.04', '--8<--',
	'verifier adm', '--8<--',
	'6.18.44-fc-v595',
].join('\n');

describe('verifyNodeFlags: the bench starts the verifier with the Node flags of npm run verify', () => {
	const pkg = (verify: string) => JSON.stringify({ scripts: { verify } });
	it.each([
		['sh scripts/node24.sh node verifiers/cli.ts', []],
		['sh scripts/node24.sh node --max-semi-space-size=4 verifiers/cli.ts', ['--max-semi-space-size=4']],
		['node --a=1 --b verifiers/cli.ts --target lab', ['--a=1', '--b']],
	])('%s', (script, flags) => {
		expect(verifyNodeFlags(pkg(script))).toEqual(flags);
	});
	it('refuses a verify script that does not run verifiers/cli.ts with node', () => {
		expect(() => verifyNodeFlags(pkg('tsx verifiers/cli.ts'))).toThrow('the verify script does not run "node [flags] verifiers/cli.ts"');
	});
	it("the project's own script has V8 favour memory over speed (peak RSS at 200 hosts)", () => {
		expect(verifyNodeFlags(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8'))).toContain('--optimize-for-size');
	});
});

describe('checkBatchOutput', () => {
	it('passes when all five facts hold', () => {
		expect(checkBatchOutput(good, expected)).toEqual([]);
	});
	it('names each fact that fails', () => {
		const bad = good.replace('10.231.100.7:8080', '0.0.0.0:8080').replace('verifier adm', 'verifier').replace('22.04', '24.04');
		expect(checkBatchOutput(bad, expected)).toEqual(['port', 'os', 'group']);
		expect(checkBatchOutput('', expected)).toHaveLength(5);
	});
});

describe('helpers', () => {
	it('median', () => {
		expect(median([3, 1, 2])).toBe(2);
		expect(median([4, 1, 2, 3])).toBe(2.5);
	});

	it('parses arguments and rejects bad ones', () => {
		const o = parseBenchArgs(['--reps', '5', '--sizes=50,1,10', '--tools', 'verifier,openssh', '--no-site']);
		expect(o).toMatchObject({ reps: 5, siteReps: 5, sizes: [1, 10, 50], tools: ['openssh', 'verifier'], site: false });
		expect(() => parseBenchArgs(['--reps', '0'])).toThrow(/whole number/);
		expect(() => parseBenchArgs(['--tools', 'goss'])).toThrow(/unknown goss/);
		expect(() => parseBenchArgs(['--frobnicate'])).toThrow(/unknown option/);
	});

	it('strips mermaid blocks only', () => {
		const text = 'a\n\n```mermaid\ngraph TD\n  A-->B\n```\n\n```sh\nls\n```\n  ~~~mermaid title="x"\n  flowchart\n  ~~~\nb\n';
		expect(stripMermaid(text)).toBe('a\n\n\n```sh\nls\n```\nb\n');
	});

	it('reads the Ansible recap', () => {
		const out = 'PLAY [x]\n\nPLAY RECAP *****\nfleet-01                   : ok=5    changed=0    unreachable=0    failed=0    skipped=0\nfleet-02 : ok=1 changed=0 unreachable=1 failed=0\n';
		const recap = parseRecap(out);
		expect(recap.get('fleet-01')).toMatchObject({ ok: 5, failed: 0, unreachable: 0 });
		expect(recap.get('fleet-02')?.unreachable).toBe(1);
	});

	it('finds pinned keys in plain, [host]:port and hashed known_hosts lines, skipping markers', () => {
		const blob = Buffer.from('key-a').toString('base64');
		const salt = Buffer.from('0123456789abcdef0123');
		const hashed = `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update('10.231.100.9').digest('base64')}`;
		const kh = [
			`10.231.100.7 ssh-ed25519 ${blob}`,
			`[10.231.100.8]:2222 ssh-ed25519 ${blob}`,
			`${hashed} ssh-ed25519 ${blob}`,
			`@revoked 10.231.100.7 ssh-ed25519 ${Buffer.from('old').toString('base64')}`,
		].join('\n');
		expect(knownKeys(kh, '10.231.100.7', 22)).toEqual([Buffer.from('key-a')]);
		expect(knownKeys(kh, '10.231.100.8', 2222)).toHaveLength(1);
		expect(knownKeys(kh, '10.231.100.8', 22)).toHaveLength(0);
		expect(knownKeys(kh, '10.231.100.9', 22)).toHaveLength(1);
	});

	it('generates a fleet page with the five facts and judges a report', () => {
		const page = fleetPage(host, '6.18.44-fc-v595');
		expect(page).toContain('hostname: fleet-07');
		expect(page).toContain('bind: 10.231.100.7');
		expect(page).toContain("version: '22.04'");
		const report = {
			findings: [
				{ outcome: 'verified', host: 'fleet-07', kind: 'hosts', message: '' },
				{ outcome: 'undocumented', host: 'fleet-07', kind: 'sockets', message: '' },
				{ outcome: 'drift', host: 'fleet-07', kind: 'users', ruleId: 'users/groups', message: 'not in adm' },
			],
		};
		expect(judgeReport(report, [host])).toEqual({ passed: 0, verified: 1, problems: ['fleet-07 drift users/groups: not in adm'], extra: [] });
		const good = { findings: [
			...['hosts', 'sockets', 'users'].map((kind) => ({ outcome: 'verified', host: 'fleet-07', kind, message: '' })),
			{ outcome: 'unverified', host: 'fleet-07', kind: 'firewalls', ruleId: 'firewalls/undocumented', message: 'needs sudo' },
		] };
		expect(judgeReport(good, [host, { id: 'fleet-08', address: '10.231.100.8', port: 22 }])).toMatchObject({ passed: 5, verified: 3, problems: [], extra: ['fleet-07 unverified firewalls/undocumented: needs sudo'] });
	});

	it('renders tables with ratios and notes for skipped tools', () => {
		const text = fleetTables(
			{
				'ssh2-floor': { 1: { ms: 1000, runs: [1000] } },
				verifier: { 1: { ms: 1100, runs: [1100] } },
				ansible: { 1: { runs: [], note: 'not run: ansible-core is not installed' } },
			},
			[1],
			['ssh2-floor', 'verifier', 'ansible'],
		);
		expect(text).toContain('| this verifier');
		expect(text).toContain('1.10×');
		expect(text).toContain('skipped¹');
		expect(text).toContain('ansible-core is not installed');
	});
});

describe('WAN rows', () => {
	it('parses --rtt and --peer-max; defaults to 0,40 and N up to 200', () => {
		expect(parseBenchArgs([])).toMatchObject({ rtts: [0, 40], sizes: [1, 10, 50, 200], peerMax: 50 });
		expect(parseBenchArgs(['--rtt', '100,0,40', '--peer-max', '10'])).toMatchObject({ rtts: [0, 40, 100], peerMax: 10 });
		expect(() => parseBenchArgs(['--rtt', '-5'])).toThrow(/whole milliseconds/);
		expect(() => parseBenchArgs(['--sizes', '201'])).toThrow(/at most 200/);
	});

	it('checks the bind address against the lab address when the tools connect through the proxy', () => {
		expect(expectedFacts({ id: 'fleet-07', address: '127.100.0.7', port: 10022, labAddress: '10.231.100.8' }, 'k').bind).toBe('10.231.100.8');
	});

	it('re-pins host keys for the proxied names, one loopback address per host', () => {
		expect([1, 255, 256, 200].map(wanAddress)).toEqual(['127.100.0.1', '127.100.0.255', '127.100.1.0', '127.100.0.200']);
		const kh = '10.231.100.2 ssh-ed25519 AAAA1\n10.231.100.3 ssh-ed25519 AAAA2\n# comment\n@revoked 10.231.100.2 ssh-ed25519 OLD\n';
		expect(repinKnownHosts(kh, new Map([['10.231.100.2', '127.100.0.1']]), 10022)).toBe('[127.100.0.1]:10022 ssh-ed25519 AAAA1\n');
	});

	it.each([
		[{ listenHost: '0.0.0.0', listenPort: 1, targetHost: '10.231.100.2', targetPort: 22 }, /loopback only/],
		[{ listenHost: '10.231.0.1', listenPort: 1, targetHost: '10.231.100.2', targetPort: 22 }, /loopback only/],
		[{ listenHost: '127.100.0.1', listenPort: 1, targetHost: '57.128.200.27', targetPort: 22 }, /lab addresses only/],
		[{ listenHost: '127.100.0.1', listenPort: 1, targetHost: '10.232.0.1', targetPort: 22 }, /lab addresses only/],
		[{ listenHost: '127.100.0.1', listenPort: 0, targetHost: '10.231.100.2', targetPort: 22 }, /bad port/],
	])('the proxy refuses %o', (route, why) => {
		expect(refuseJob({ rttMs: 40, maxConnections: 10, routes: [route] })).toMatch(why);
	});

	it('the proxy refuses absurd RTTs and connection caps', () => {
		expect(refuseJob({ rttMs: 5000, maxConnections: 10, routes: [] })).toMatch(/rttMs/);
		expect(refuseJob({ rttMs: 40, maxConnections: 0, routes: [] })).toMatch(/maxConnections/);
		expect(refuseJob({ rttMs: 40, maxConnections: 10, routes: [] })).toBeUndefined();
	});

	it('replaces only the named block of docs/benchmarks.md', () => {
		const doc = 'x\n<!-- bench:fleet:start -->\nold\n<!-- bench:fleet:end -->\n<!-- bench:site:start -->\nsite\n<!-- bench:site:end -->\n';
		expect(replaceBlock(doc, 'fleet', 'new $& $1')).toBe('x\n<!-- bench:fleet:start -->\nnew $& $1\n<!-- bench:fleet:end -->\n<!-- bench:site:start -->\nsite\n<!-- bench:site:end -->\n');
	});

	// against a real fleet sshd (the lab fleet): the server's banner comes one RTT later through the proxy
	const inventory = join(import.meta.dirname, '..', '..', '.lab', 'fleet-inventory.yaml');
	const fleetHost = existsSync(inventory) ? /(10\.231\.\d+\.\d+)/.exec(readFileSync(inventory, 'utf8'))?.[1] : undefined;
	it.skipIf(!fleetHost || process.getuid?.() !== 0)('adds the round-trip time to a real sshd (lab fleet)', async () => {
		const banner = async (host: string, port: number) => {
			const t0 = performance.now();
			const s = net.connect({ host, port });
			const line = await new Promise<string>((resolve, reject) => { s.once('data', (d: Buffer) => resolve(d.toString())); s.once('error', reject); });
			s.destroy();
			return { line, ms: performance.now() - t0 };
		};
		const servers = await startProxy({ rttMs: 300, maxConnections: 4, routes: [{ listenHost: '127.100.250.1', listenPort: 10022, targetHost: fleetHost!, targetPort: 22 }] });
		try {
			const direct = await banner(fleetHost!, 22);
			const proxied = await banner('127.100.250.1', 10022);
			expect(proxied.line).toMatch(/^SSH-2\.0-/);
			expect(proxied.ms).toBeGreaterThanOrEqual(300);
			expect(proxied.ms - direct.ms).toBeGreaterThanOrEqual(250);
		} finally {
			await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
		}
	});
});

describe('runbook figures (issue #18)', () => {
	const row = (estate: string, lang: 'de' | 'en', executed: number, blocks = 100) => ({ estate, lang, blocks, executed, skipped: { 'lab-gap': blocks - executed }, notRun: 0, percent: (100 * executed) / blocks });
	const summary = { passed: 10, failed: 0, skipped: 2, stub: 0, notRun: 0 };
	it.each([
		['fast, all covered, passed', { ms: 200_000, exit: 0, summary, coverage: [row('norda', 'de', 90), row('norda', 'en', 90)] }, ['met', 'met']],
		['too slow', { ms: 300_000, exit: 0, summary, coverage: [row('norda', 'de', 90)] }, ['NOT met', 'met']],
		['fast but a runbook failed', { ms: 100_000, exit: 1, summary, coverage: [row('norda', 'de', 90)] }, ['NOT met', 'met']],
		['one estate below 85 %', { ms: 100_000, exit: 0, summary, coverage: [row('norda', 'de', 90), row('grocerymate', 'de', 60)] }, ['met', 'NOT met']],
	])('%s', (_name, bench, verdicts) => {
		const { figures, table } = runbookMarkdown(bench);
		expect(figures.map((f) => /: (met|NOT met) /.exec(f)?.[1])).toEqual(verdicts);
		expect(table).toContain('| norda');
	});
	it('not measured says why', () => {
		const { figures, table } = runbookMarkdown({ coverage: [], note: 'the lab is not up (npm run lab -- up)' });
		expect(table).toContain('the lab is not up');
		expect(figures[0]).toContain('not measured');
	});
});

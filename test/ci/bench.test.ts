/** Pure parts of the benchmark harness (bench/): output checks, parsing, tables. */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkBatchOutput, expectedFacts, fleetTables, median, parseBenchArgs } from '../../bench/lib.ts';
import { stripMermaid } from '../../bench/site.ts';
import { parseRecap } from '../../bench/tools/ansible.ts';
import { knownKeys } from '../../bench/tools/ssh2-floor.ts';
import { fleetPage, judgeReport } from '../../bench/tools/verifier.ts';

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

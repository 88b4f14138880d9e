/**
 * Hostile hosts: real sshd hosts on 127.0.0.1 whose commands print HTML, Markdown, ANSI
 * and OSC escapes, bidi overrides, GitHub workflow commands, megabytes, truncated or
 * malformed output, or stall; raw TCP servers that never finish the SSH handshake.
 * One `verify()` run over all of them: each gives a bounded unverified/drift finding
 * within the configured timeouts, the good hosts are verified, and every reporter's
 * output is inert.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { verify } from '../../verifiers/run.ts';
import { openSessionCount } from '../../verifiers/transport/ssh.ts';
import type { Finding, VerifyReport } from '../../model/report/schema.ts';
import { ENV, sshdUnavailable, startHosts, writeDocs, type Hosts } from './hosts.ts';
import { expectAllReportersSafe, HOSTILE } from './render-checks.ts';

const skip = sshdUnavailable();
if (skip) console.warn(`\n⚠ SKIPPED hostile-host tests: ${skip}\n`);

const CONNECT_MS = 2000;
const COMMAND_MS = 8000;

/** `uname` that answers -n with a name and -r with a release. */
const uname = (n: string, r = '6.1.0-test') => `case "$1" in -n) printf '%s\\n' ${n};; -r) printf '%s\\n' ${r};; *) exec /usr/bin/uname "$@";; esac`;
/** `cat` that answers /proc/sys/kernel/osrelease (where the probe reads the kernel release) by running SH. */
const kernelCat = (sh: string) => `if [ "$1" = /proc/sys/kernel/osrelease ]; then ${sh}; else exec /bin/cat "$@"; fi`;
/** `cat` that fakes /etc/os-release (and, given a release, /proc/sys/kernel/osrelease, where the probe reads the kernel). */
const osRelease = (body: string, kernel?: string) => `if [ "$1" = /etc/os-release ]; then ${body}; ${kernel ? `elif [ "$1" = /proc/sys/kernel/osrelease ]; then printf '%s\\n' ${kernel}; ` : ''}else exec /bin/cat "$@"; fi`;

/** A docker CLI whose containers, networks and volumes have hostile names (JSON escapes carry real control characters). */
const HOSTILE_DOCKER = String.raw`case "$1 $2" in
"ps -aq") echo 0123456789abcdef;;
"container inspect") cat <<'J'
[{"Name":"/<img src=x onerror=alert(1)>\u001b[31m","Config":{"Image":"evil/<script>alert(1)</script>:1","Env":["API_TOKEN=hunter2-secret-value"]},"State":{"Status":"running"},"HostConfig":{"RestartPolicy":{"Name":"always"}},"NetworkSettings":{"Networks":{"**md** [x](javascript:alert(1)) | pipe":{}}}}]
J
;;
"network ls") echo abcdef012345;;
"network inspect") echo '[{"Name":"net-::error file=x::pwned\u001b]0;title\u0007","Id":"abcdef012345","Driver":"bridge","IPAM":{"Config":[]}}]';;
"volume ls") echo '{"Name":"vol-\u001b]8;;http://evil/\u0007click\u001b]8;;\u0007\u202eexe","Driver":"local"}';;
"ps -a") echo '{"ID":"0123456789abcdef","Names":"<img src=x onerror=alert(1)>","Image":"evil:1","State":"running"}';;
*) echo '[]';;
esac`;

describe.skipIf(skip !== undefined)('hostile hosts (throwaway sshd on 127.0.0.1)', () => {
	let hosts: Hosts;
	let root: string;
	let report: VerifyReport;
	let wallMs: number;
	const of = (host: string) => report.findings.filter((f) => f.host === host);
	const one = (host: string, pred: (f: Finding) => boolean) => {
		const f = of(host).find(pred);
		expect(f, `${host}: ${JSON.stringify(of(host), null, 1)}`).toBeDefined();
		return f!;
	};

	beforeAll(async () => {
		hosts = await startHosts([
			{ id: 'good-a', kind: 'sshd', bin: { uname: uname('good-a-01'), cat: kernelCat("printf '%s\\n' 6.1.0-test") } },
			{ id: 'good-b', kind: 'sshd', bin: { uname: uname('good-b-01') } },
			// hostname with HTML, kernel with a workflow command, os-release with HTML/ANSI/bidi values, hostile docker names
			{ id: 'html', kind: 'sshd', bin: { uname: uname(`'${HOSTILE.html}'`, `'${HOSTILE.workflow}'`), docker: HOSTILE_DOCKER, cat: osRelease(String.raw`printf 'ID="<img src=x onerror=alert(1)>"\nVERSION_ID="\033[31m::error file=x::pwned\342\200\256"\n'`, `'${HOSTILE.workflow}'`) } },
			// hostname with ANSI + OSC (title, hyperlink) escapes
			{ id: 'ansi', kind: 'sshd', bin: { uname: String.raw`case "$1" in -n) printf '\033[31mred\033]0;pwned-title\007\033]8;;http://evil/\007x\n';; *) exec /usr/bin/uname "$@";; esac` } },
			// 20 MB from one command: more than the 16 MiB output cap
			{ id: 'mega', kind: 'sshd', bin: { uname: uname('mega-01'), grep: `if [ "$3" = /proc/cpuinfo ]; then head -c 20000000 /dev/zero | tr '\\0' 7; else exec /bin/grep "$@"; fi` } },
			// 9 MB os-release: under the cap, over the per-section parser limit
			{ id: 'big-section', kind: 'sshd', bin: { uname: uname('big-01'), cat: osRelease(`head -c 9000000 /dev/zero | tr '\\0' x; echo`) } },
			// unexpected formats: garbage ss, half a JSON document from ip
			{ id: 'garbage', kind: 'sshd', bin: { uname: uname('garbage-01'), ss: `printf '%s\\n' 'this is not ss' '<b>LISTEN</b> 0 0 ::error file=x::pwned'`, ip: `printf '[{"ifname":"eth0","addr_info":[{"local":'` } },
			// the probe shell dies in the middle of a section: output truncated, no end marker
			{ id: 'truncated', kind: 'sshd', bin: { uname: uname('truncated-01'), cat: kernelCat("printf '6.1.0-te'; kill -9 0") } },
			// the probe stalls mid-command
			{ id: 'stall', kind: 'sshd', bin: { uname: uname('stall-01'), cat: kernelCat('exec sleep 600') } },
			{ id: 'silent', kind: 'silent' },
			{ id: 'banner-stall', kind: 'banner', text: 'SSH-2.0-OpenSSH_9.2\r\n' },
			{ id: 'hostile-banner', kind: 'banner', text: `${HOSTILE.html}${HOSTILE.ansi}\r\n${HOSTILE.workflow}\r\n${'A'.repeat(300_000)}\r\n`, close: true },
		]);
		root = mkdtempSync(join(tmpdir(), 'robust-docs-'));
		const docsDir = writeDocs(root, {
			hosts: `facts:
  hosts:
    - { id: good-a, hostname: good-a-01, kernel: 6.1.0-test }
    - { id: good-b, hostname: good-b-01 }
    - { id: html, hostname: html-01, kernel: 6.1.0-test, os: { id: debian, version: "12" } }
    - { id: ansi, hostname: ansi-01 }
    - { id: mega, hostname: mega-01, cpus: 2 }
    - { id: big-section, hostname: big-01, os: { id: debian, version: "12" } }
    - { id: garbage, hostname: garbage-01 }
    - { id: truncated, hostname: truncated-01, kernel: 6.1.0-test }
    - { id: stall, hostname: stall-01, kernel: 6.1.0-test }
    - { id: silent, hostname: silent-01 }
    - { id: banner-stall, hostname: banner-01 }
    - { id: hostile-banner, hostname: hb-01 }
  sockets:
    - { host: garbage, port: 22, protocol: tcp, bind: 0.0.0.0 }
  containers:
    - { host: html, name: app, image: "nginx:1.27" }
`,
		});
		const t0 = performance.now();
		report = await verify({ root, docsDir, target: hosts.inventory, env: { ...ENV }, concurrency: 16, timeouts: { connectMs: CONNECT_MS, commandMs: COMMAND_MS } });
		wallMs = performance.now() - t0;
	}, 120_000);

	afterAll(async () => {
		await hosts?.stop();
		if (root) rmSync(root, { recursive: true, force: true });
	});

	test('the run finishes within the configured timeouts and closes every session', () => {
		// all hosts in parallel: connect + command timeout (+ ssh2's 2 s backstop and the kill grace) bound the run
		expect(wallMs).toBeLessThan(CONNECT_MS + COMMAND_MS + 6000);
		expect(report.complete).toBe(true);
		expect(openSessionCount()).toBe(0);
	});

	test('the good hosts are verified, untouched by their neighbours', () => {
		for (const h of ['good-a', 'good-b']) {
			expect(report.hosts.find((x) => x.id === h)?.state).toBe('reached');
			expect(of(h).filter((f) => f.factId).map((f) => f.outcome)).toEqual(['verified']);
			expect(of(h).filter((f) => f.outcome !== 'verified')).toEqual([]);
		}
	});

	test('HTML / workflow-command / bidi values: drift or unparsable, never verified, secrets dropped', () => {
		const host = one('html', (f) => f.factId === 'html/host' && f.ruleId === 'hosts/hostname');
		expect(host.outcome).toBe('unverified');
		expect(host.message).toContain('<img src=x onerror=alert(1)>');
		const os = one('html', (f) => f.ruleId === 'hosts/os');
		expect(os).toMatchObject({ outcome: 'drift', expected: 'debian', observed: '<img src=x onerror=alert(1)>' });
		expect(one('html', (f) => f.ruleId === 'hosts/kernel').outcome).toBe('unverified');
		expect(JSON.stringify(report)).not.toContain('hunter2');
	});

	// Skipped, with the reason: the slim probe asks for the Docker socket before it starts the docker CLI
	// and prints fixed --format templates (issue 17), so this fake host (no socket, a fake CLI that
	// answers JSON) no longer reaches the container parser. The hostile names must come back through a
	// fake that serves the templates on a socket; until then the parsers' own tests cover them.
	test.skip('hostile container names: undocumented and drift, rendered inertly (needs a template-speaking fake Docker)', () => {
		const container = one('html', (f) => f.outcome === 'undocumented' && f.kind === 'containers');
		expect(container.message).toContain('<img src=x onerror=alert(1)>');
		expect(one('html', (f) => f.factId === 'html/container/app').outcome).toBe('drift');
	});

	test('no control character from a host survives into the report (bounded() at the parsers)', () => {
		// eslint-disable-next-line no-control-regex -- finding control characters is what this check is for
		const controls = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
		for (const f of report.findings) for (const v of [f.message, f.observed, f.expected]) expect(v ?? '', JSON.stringify(f)).not.toMatch(controls);
		for (const h of report.hosts) expect(h.message ?? '').not.toMatch(controls);
		expect(one('ansi', (f) => f.ruleId === 'hosts/hostname').outcome).toBe('unverified');
	});

	test('megabytes of output are cut at the cap: unverified with the reason, bounded messages', () => {
		const f = one('mega', (x) => x.ruleId === 'hosts/cpus');
		expect(f.outcome).toBe('unverified');
		expect(f.message).toMatch(/probe output exceeded 16777216 bytes/);
		// eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- vitest's asymmetric matchers (expect.stringMatching …) are typed any
		expect(one('big-section', (x) => x.ruleId === 'hosts/os')).toMatchObject({ outcome: 'unverified', message: expect.stringMatching(/larger than 8388608/) });
		// the hostname came before the flood and was judged: no hostname finding (it matched)
		expect(of('mega').some((x) => x.ruleId === 'hosts/hostname')).toBe(false);
		for (const x of report.findings) {
			expect(x.message.length).toBeLessThanOrEqual(1200);
			expect((x.observed ?? '').length).toBeLessThanOrEqual(400);
		}
		expect(JSON.stringify(report).length).toBeLessThan(200_000);
	});

	test('output in an unexpected format or truncated mid-section is unverified, not verified or drift', () => {
		const sock = one('garbage', (f) => f.kind === 'sockets' && !!f.factId);
		expect(sock.outcome).toBe('unverified');
		expect(sock.message).toMatch(/ss/);
		const kernel = one('truncated', (f) => f.ruleId === 'hosts/kernel');
		expect(kernel.outcome).toBe('unverified');
		expect(kernel.message).toMatch(/no complete output for "kernel"/);
	});

	test('a stalled command times out: unverified "probe timed out", hostname gathered before it still judged', () => {
		const kernel = one('stall', (f) => f.ruleId === 'hosts/kernel');
		expect(kernel.outcome).toBe('unverified');
		expect(kernel.message).toContain(`probe timed out after ${COMMAND_MS} ms`);
		expect(report.hosts.find((h) => h.id === 'stall')?.durationMs).toBeLessThan(COMMAND_MS + CONNECT_MS + 3000);
	});

	test('TCP without an SSH handshake: one host/timeout finding, facts unverified, within the connect timeout', () => {
		for (const id of ['silent', 'banner-stall']) {
			const h = report.hosts.find((x) => x.id === id)!;
			expect(h.state).toBe('unreachable');
			expect(h.durationMs).toBeLessThan(CONNECT_MS + 2500);
			expect(one(id, (f) => f.kind === 'host').ruleId).toBe('host/timeout');
			expect(of(id).filter((f) => f.factId).every((f) => f.outcome === 'unverified')).toBe(true);
		}
		const hb = report.hosts.find((x) => x.id === 'hostile-banner')!;
		expect(hb.state).toBe('unreachable');
		expect((hb.message ?? '').length).toBeLessThanOrEqual(601);
		expect(of('hostile-banner').every((f) => f.outcome === 'unverified')).toBe(true);
	});

	test('every reporter renders the hostile report inertly', () => {
		const out = expectAllReportersSafe(report);
		expect(out.markdown).toContain('&lt;img src=x onerror=alert(1)&gt;');
		expect(out.junit).toContain('&lt;img src=x onerror=alert(1)&gt;');
		expect(out.github).toContain('::error file=x::pwned'.replace(/%/g, '%25'));
	});
});

/**
 * Integration tests of the SSH transport against REAL OpenSSH servers (no mocks):
 * throwaway sshd processes on 127.0.0.1 (random high ports, keys generated per run),
 * plus — when the lab is up — every lab host (incl. the jumped one).
 * Network safety: only 127.0.0.1 (and the lab's 10.231.0.0/16) is ever contacted;
 * VERIFY_ALLOWED_NETWORKS is always passed explicitly.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { loadInventory, resolveTarget } from '../../../verifiers/inventory/load.ts';
import { closeAll, connect, openSessionCount, TransportError } from '../../../verifiers/transport/ssh.ts';
import { closeClients, closingConnectionCount } from '../../../verifiers/transport/registry.ts';
import { connectHop } from '../../../verifiers/transport/hop.ts';
import type { Inventory, Session } from '../../../verifiers/transport/types.ts';
import { labUnavailableReason, ROOT } from '../../helpers/lab.ts';
import { hashedHost } from './keys.ts';
import { waitForPort } from '../../helpers/net.ts';

const SSHD = '/usr/sbin/sshd';
const ENV = { VERIFY_ALLOWED_NETWORKS: '127.0.0.0/8' };
const skipReason =
	process.getuid?.() !== 0 ? 'needs root (sshd must run as root to log in)' : !existsSync(SSHD) ? `${SSHD} is missing (apt-get install openssh-server)` : !existsSync('/usr/bin/ssh-keygen') ? 'ssh-keygen is missing' : undefined;
if (skipReason) console.warn(`\n⚠ SKIPPED ssh transport integration tests: ${skipReason}\n`);

/** A free TCP port on 127.0.0.1. */
async function freePort(): Promise<number> {
	const server = net.createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as net.AddressInfo;
	await new Promise((resolve) => server.close(resolve));
	return port;
}


/** Public key line (`type base64`) of a key file. */
const pub = (file: string) => readFileSync(`${file}.pub`, 'utf8').trim().split(' ').slice(0, 2).join(' ');
/** ssh-keygen's fingerprint of a key file. */
const fp = (file: string) => execFileSync('ssh-keygen', ['-lf', `${file}.pub`], { encoding: 'utf8' }).split(' ')[1];

/** Expects a TransportError with a code and returns it. */
async function failure(promise: Promise<unknown>, code: TransportError['code']): Promise<TransportError> {
	try {
		await promise;
	} catch (error) {
		expect(error).toBeInstanceOf(TransportError);
		expect((error as TransportError).code, (error as Error).message).toBe(code);
		return error as TransportError;
	}
	throw new Error(`expected a TransportError ${code}`);
}

describe.skipIf(skipReason !== undefined)('ssh transport against real sshd (127.0.0.1)', () => {
	let dir: string;
	const sshds: ChildProcess[] = [];
	let silent: net.Server;
	const ports = { a: 0, b: 0, silent: 0, closed: 0 };
	let inventory: Inventory;

	/** Starts one sshd and waits for it. */
	async function startSshd(name: string, port: number, hostKeys: string[]): Promise<void> {
		const cfg = join(dir, `sshd_${name}.conf`);
		writeFileSync(
			cfg,
			[
				`Port ${port}`,
				'ListenAddress 127.0.0.1',
				...hostKeys.map((k) => `HostKey ${k}`),
				'PidFile none',
				'UsePAM no',
				'StrictModes no',
				`AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
				'PasswordAuthentication no',
				'KbdInteractiveAuthentication no',
				'PermitRootLogin prohibit-password',
				'AllowTcpForwarding yes',
				'LogLevel ERROR',
				// root's login shell runs every command; Debian's bash sources ~/.bashrc for an ssh session
				// at SHLVL < 2, so the build machine's dotfiles (pyenv, cargo, …) would run in every exec.
				// SHLVL=1 makes bash skip it: the test does not depend on the machine's home directory.
				'SetEnv SHLVL=1',
				'',
			].join('\n')
		);
		const child = spawn(SSHD, ['-D', '-e', '-f', cfg], { stdio: ['ignore', 'ignore', 'pipe'] });
		child.stderr?.on('data', (d: Buffer) => process.env.DEBUG_SSHD && process.stderr.write(`[sshd ${name}] ${d.toString()}`));
		sshds.push(child);
		await waitForPort(port);
	}

	beforeAll(async () => {
		mkdirSync('/run/sshd', { recursive: true });
		dir = mkdtempSync(join(tmpdir(), 'ssh-it-'));
		const keygen = (file: string, type: string) => execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-C', '', '-f', join(dir, file)]);
		keygen('host_a_ed25519', 'ed25519');
		keygen('host_a_ecdsa', 'ecdsa');
		keygen('host_b_ed25519', 'ed25519');
		keygen('other_ed25519', 'ed25519');
		keygen('id_test', 'ed25519');
		keygen('id_stranger', 'ed25519');
		writeFileSync(join(dir, 'authorized_keys'), `${readFileSync(join(dir, 'id_test.pub'), 'utf8')}`);
		ports.a = await freePort();
		ports.b = await freePort();
		ports.closed = await freePort();
		silent = net.createServer(() => {
			/* accept TCP, never speak SSH */
		});
		await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
		ports.silent = (silent.address() as net.AddressInfo).port;
		await startSshd('a', ports.a, [join(dir, 'host_a_ed25519'), join(dir, 'host_a_ecdsa')]);
		await startSshd('b', ports.b, [join(dir, 'host_b_ed25519')]);

		const A = `[127.0.0.1]:${ports.a}`;
		const B = `[127.0.0.1]:${ports.b}`;
		const kh = (name: string, lines: string[]) => writeFileSync(join(dir, name), `# test known_hosts\n${lines.join('\n')}\n`);
		// plain for A, hashed for B
		kh('known_hosts', [`${A} ${pub(join(dir, 'host_a_ed25519'))}`, `${hashedHost(B)} ${pub(join(dir, 'host_b_ed25519'))}`]);
		kh('kh_empty', []);
		kh('kh_changed', [`${A} ${pub(join(dir, 'other_ed25519'))}`, `${hashedHost(B)} ${pub(join(dir, 'host_b_ed25519'))}`]);
		kh('kh_revoked', [`${A} ${pub(join(dir, 'host_a_ed25519'))}`, `@revoked * ${pub(join(dir, 'host_a_ed25519'))}`]);
		kh('kh_ecdsa_only', [`${A} ${pub(join(dir, 'host_a_ecdsa'))}`]);
		kh('kh_a_only', [`${A} ${pub(join(dir, 'host_a_ed25519'))}`]);
		// b has only an ed25519 key; pin an ecdsa key for it
		kh('kh_b_other_type', [`${B} ${pub(join(dir, 'host_a_ecdsa'))}`]);
		writeFileSync(
			join(dir, 'inventory.yaml'),
			`version: 1
name: itest
knownHosts: known_hosts
identityFile: id_test
user: root
hosts:
  a: { address: 127.0.0.1, port: ${ports.a} }
  b: { address: 127.0.0.1, port: ${ports.b}, jump: [a] }
  b-direct: { address: 127.0.0.1, port: ${ports.b} }
  a-unknown: { address: 127.0.0.1, port: ${ports.a}, knownHosts: kh_empty }
  a-no-kh-file: { address: 127.0.0.1, port: ${ports.a}, knownHosts: kh_missing }
  a-changed: { address: 127.0.0.1, port: ${ports.a}, knownHosts: kh_changed }
  b-via-changed: { address: 127.0.0.1, port: ${ports.b}, jump: [a-changed] }
  b-unknown-via-a: { address: 127.0.0.1, port: ${ports.b}, jump: [a], knownHosts: kh_a_only }
  b-other-type: { address: 127.0.0.1, port: ${ports.b}, knownHosts: kh_b_other_type }
  a-revoked: { address: 127.0.0.1, port: ${ports.a}, knownHosts: kh_revoked }
  a-ecdsa: { address: 127.0.0.1, port: ${ports.a}, knownHosts: kh_ecdsa_only }
  a-stranger: { address: 127.0.0.1, port: ${ports.a}, identityFile: id_stranger }
  silent: { address: 127.0.0.1, port: ${ports.silent} }
  closed: { address: 127.0.0.1, port: ${ports.closed} }
  doc-net: { address: 192.0.2.1 }
  doc-net-jump: { address: 127.0.0.1, port: ${ports.b}, jump: [doc-net] }
  named: { address: localhost.example, port: ${ports.a} }
`
		);
		inventory = await loadInventory(join(dir, 'inventory.yaml'), { root: dir });
	}, 60_000);

	afterAll(async () => {
		await closeAll();
		for (const child of sshds) child.kill('SIGTERM');
		silent?.close();
		if (dir) rmSync(dir, { recursive: true, force: true });
	});

	test('connects, verifies the pinned key and runs commands (exit code, stdout, stderr, stdin)', async () => {
		const session = await connect(inventory, 'a', { env: ENV });
		try {
			expect(session.hostKeys).toEqual([{ host: 'a', address: '127.0.0.1', type: 'ssh-ed25519', fingerprint: fp(join(dir, 'host_a_ed25519')) }]);
			const ok = await session.exec('echo out; echo err >&2; exit 3', { timeoutMs: 5000, maxBytes: 1000 });
			expect(ok).toMatchObject({ code: 3, signal: null, stdout: 'out\n', stderr: 'err\n', truncated: false, timedOut: false });
			const cat = await session.exec('cat', { stdin: 'from stdin\n', timeoutMs: 5000, maxBytes: 1000 });
			expect(cat.stdout).toBe('from stdin\n');
			const noStdin = await session.exec('cat; echo done', { timeoutMs: 5000, maxBytes: 1000 });
			expect(noStdin).toMatchObject({ code: 0, stdout: 'done\n', timedOut: false });
			// several commands over one connection, concurrently
			// (a generous timeout: this pins concurrency, not speed — on a loaded 2-core machine a channel can take seconds)
			const many = await Promise.all([1, 2, 3, 4].map((n) => session.exec(`echo ${n}`, { timeoutMs: 30_000, maxBytes: 100 })));
			expect(many.map((r) => ({ stdout: r.stdout.trim(), code: r.code, timedOut: r.timedOut }))).toEqual(
				['1', '2', '3', '4'].map((stdout) => ({ stdout, code: 0, timedOut: false }))
			);
		} finally {
			await session.close();
		}
	});

	test('prefers the pinned key type in negotiation: only ecdsa pinned → server presents ecdsa → match', async () => {
		const session = await connect(inventory, 'a-ecdsa', { env: ENV });
		expect(session.hostKeys[0]).toMatchObject({ type: 'ecdsa-sha2-nistp256', fingerprint: fp(join(dir, 'host_a_ecdsa')) });
		await session.close();
	});

	test('only another key type pinned: the server key is unknown (not changed), with its real fingerprint', async () => {
		const error = await failure(connect(inventory, 'b-other-type', { env: ENV }), 'hostkey-unknown');
		expect(error.message).toContain(`(ssh-ed25519 ${fp(join(dir, 'host_b_ed25519'))}) is not in known_hosts`);
	});

	test('an unknown host key fails closed with the fingerprint and how to pin it', async () => {
		const error = await failure(connect(inventory, 'a-unknown', { env: ENV }), 'hostkey-unknown');
		const khFile = join(dir, 'kh_empty');
		expect(error.message).toBe(
			`Host key for a-unknown (127.0.0.1:${ports.a}) (ssh-ed25519 ${fp(join(dir, 'host_a_ed25519'))}) is not in known_hosts (${khFile}). Verify it out of band, then pin it: ssh-keyscan -t ed25519 -p ${ports.a} 127.0.0.1 >> ${khFile}`
		);
		expect(error).toMatchObject({ host: 'a-unknown', address: '127.0.0.1' });
	});

	test('a missing known_hosts file fails closed and says so', async () => {
		const error = await failure(connect(inventory, 'a-no-kh-file', { env: ENV }), 'hostkey-unknown');
		expect(error.message).toContain(`is not in known_hosts (${join(dir, 'kh_missing')}, which does not exist)`);
	});

	test('a changed host key fails closed', async () => {
		const error = await failure(connect(inventory, 'a-changed', { env: ENV }), 'hostkey-changed');
		expect(error.message).toContain(`it presents ssh-ed25519 ${fp(join(dir, 'host_a_ed25519'))}, but known_hosts pins a different ssh-ed25519 key (${join(dir, 'kh_changed')}:2)`);
		expect(error.hint).toContain(`ssh-keygen -R '[127.0.0.1]:${ports.a}'`);
	});

	test('a revoked host key fails hard', async () => {
		const error = await failure(connect(inventory, 'a-revoked', { env: ENV }), 'hostkey-revoked');
		expect(error.message).toContain('is marked @revoked in known_hosts');
	});

	test('jump chain: forwardOut + sock, host key verified per hop (hashed entry for the inner host)', async () => {
		const session = await connect(inventory, 'b', { env: ENV });
		try {
			expect(session.hostKeys).toEqual([
				{ host: 'a', address: '127.0.0.1', type: 'ssh-ed25519', fingerprint: fp(join(dir, 'host_a_ed25519')) },
				{ host: 'b', address: '127.0.0.1', type: 'ssh-ed25519', fingerprint: fp(join(dir, 'host_b_ed25519')) },
			]);
			// the command runs on b: its sshd config names host_b's key
			const r = await session.exec(`echo $SSH_CONNECTION`, { timeoutMs: 5000, maxBytes: 1000 });
			expect(r.stdout.trim().split(' ')[3]).toBe(String(ports.b));
		} finally {
			await session.close();
		}
	});

	test('jump chain: a changed key on the jump host fails closed before the inner host is contacted', async () => {
		const error = await failure(connect(inventory, 'b-via-changed', { env: ENV }), 'hostkey-changed');
		expect(error.message).toMatch(/^Host key for jump host a-changed \(127\.0\.0\.1:\d+\) for b-via-changed has CHANGED/);
	});

	test('jump chain: an unknown key on the inner host fails closed', async () => {
		const error = await failure(connect(inventory, 'b-unknown-via-a', { env: ENV }), 'hostkey-unknown');
		expect(error.message).toContain(`Host key for b-unknown-via-a (127.0.0.1:${ports.b})`);
	});

	test('a refused key is an auth error with a hint', async () => {
		const error = await failure(connect(inventory, 'a-stranger', { env: ENV }), 'auth');
		expect(error.message).toBe(`Authentication as root failed on a-stranger (127.0.0.1:${ports.a}).`);
		expect(error.hint).toContain('authorized_keys');
	});

	test('a closed port is unreachable', async () => {
		const error = await failure(connect(inventory, 'closed', { env: ENV }), 'unreachable');
		expect(error.message).toBe(`Cannot reach closed (127.0.0.1:${ports.closed}): ECONNREFUSED.`);
	});

	test('a TCP listener that never speaks SSH times out within the configured timeout', async () => {
		const started = performance.now();
		const error = await failure(connect(inventory, 'silent', { env: ENV, timeoutMs: 1500 }), 'timeout');
		const elapsed = performance.now() - started;
		expect(elapsed).toBeGreaterThanOrEqual(1400);
		expect(elapsed).toBeLessThan(3000);
		expect(error.message).toBe(`No SSH handshake from silent (127.0.0.1:${ports.silent}) within 1500 ms.`);
	});

	test('a stalled command is killed at timeoutMs', async () => {
		const session = await connect(inventory, 'a', { env: ENV });
		let pid = 0;
		try {
			const started = performance.now();
			const r = await session.exec('echo $$; sleep 37.25; echo never', { timeoutMs: 2000, maxBytes: 1000 });
			const elapsed = performance.now() - started;
			pid = Number(r.stdout.trim());
			expect(r).toMatchObject({ code: null, timedOut: true });
			// (on a heavily loaded machine the shell may not even have printed its pid yet)
			expect(r.stdout).toMatch(/^(\d+\n)?$/);
			expect(r.stdout).not.toContain('never');
			expect(elapsed).toBeGreaterThanOrEqual(1950);
			expect(elapsed).toBeLessThan(3500);
			// the session is still usable afterwards
			expect((await session.exec('echo alive', { timeoutMs: 5000, maxBytes: 100 })).stdout).toBe('alive\n');
		} finally {
			await session.close();
			// sshd honours the SIGKILL request (killpg) only for non-root logins (privilege
			// separation); this test logs in as root, so clean up the command's process group.
			if (pid > 1) {
				try {
					process.kill(-pid, 'SIGKILL');
				} catch {
					// already gone
				}
			}
		}
	});

	test('output over maxBytes is truncated (bounded memory), the command still finishes with its exit code', async () => {
		const session = await connect(inventory, 'a', { env: ENV });
		try {
			const r = await session.exec("head -c 3000000 /dev/zero | tr '\\0' x; echo tail >&2; exit 4", { timeoutMs: 10_000, maxBytes: 1000 });
			expect(r).toMatchObject({ code: 4, truncated: true, timedOut: false, stderr: 'tail\n' });
			expect(r.stdout).toBe('x'.repeat(1000));
			// endless output: bounded by maxBytes and stopped by timeoutMs
			const endless = await session.exec('yes', { timeoutMs: 3000, maxBytes: 500 });
			expect(endless).toMatchObject({ truncated: true, timedOut: true, code: null });
			expect(endless.stdout.length).toBe(500);
		} finally {
			await session.close();
		}
	});

	test('authenticates through ssh-agent (SSH_AUTH_SOCK) when the inventory has no identityFile', async () => {
		const sock = join(dir, 'agent.sock');
		const agent = spawn('ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' });
		try {
			for (let i = 0; i < 100 && !existsSync(sock); i++) await new Promise((r) => setTimeout(r, 50));
			execFileSync('ssh-add', ['-q', join(dir, 'id_test')], { env: { ...process.env, SSH_AUTH_SOCK: sock }, stdio: 'ignore' });
			writeFileSync(join(dir, 'agent.yaml'), `version: 1\nname: itest\nknownHosts: known_hosts\nuser: root\nhosts:\n  a: { address: 127.0.0.1, port: ${ports.a} }\n`);
			const viaAgent = await loadInventory(join(dir, 'agent.yaml'), { root: dir });
			expect(viaAgent.hosts['a']?.identityFile).toBeUndefined();
			const session = await connect(viaAgent, 'a', { env: { ...ENV, SSH_AUTH_SOCK: sock } });
			expect((await session.exec('echo agent', { timeoutMs: 5000, maxBytes: 100 })).stdout).toBe('agent\n');
			await session.close();
			const error = await failure(connect(viaAgent, 'a', { env: ENV }), 'config');
			expect(error.message).toBe(`No key for a (127.0.0.1:${ports.a}): the inventory has no identityFile and SSH_AUTH_SOCK is not set.`);
		} finally {
			agent.kill('SIGTERM');
		}
	});

	test('a connection lost mid-command rejects with unreachable (never a fake result)', async () => {
		const session = await connect(inventory, 'a', { env: ENV });
		try {
			// the shell's parent is the sshd process serving this connection (started by this test's sshd)
			const sshdPid = Number((await session.exec('echo $PPID', { timeoutMs: 5000, maxBytes: 100 })).stdout.trim());
			expect(sshdPid).toBeGreaterThan(1);
			const running = session.exec('sleep 20', { timeoutMs: 15_000, maxBytes: 100 });
			await new Promise((r) => setTimeout(r, 300));
			process.kill(sshdPid, 'SIGKILL');
			const started = performance.now();
			const error = await failure(running, 'unreachable');
			expect(performance.now() - started).toBeLessThan(5000);
			expect(error.message).toMatch(/^Connection to a \(127\.0\.0\.1\) was lost while running a command/);
			await failure(session.exec('true', { timeoutMs: 1000, maxBytes: 10 }), 'unreachable');
		} finally {
			await session.close();
		}
	});

	test('egress-denied for 192.0.2.1 (also as a jump hop) without any packet being sent', async () => {
		const socketConnect = vi.spyOn(net.Socket.prototype, 'connect');
		const lookup = vi.fn(() => Promise.resolve(['127.0.0.1']));
		try {
			const started = performance.now();
			const error = await failure(connect(inventory, 'doc-net', { env: ENV, lookup }), 'egress-denied');
			expect(performance.now() - started).toBeLessThan(200);
			expect(error.message).toBe('Refusing to connect to doc-net (192.0.2.1:22): 192.0.2.1 is outside the allowed networks (VERIFY_ALLOWED_NETWORKS=127.0.0.0/8).');
			expect(error.hint).toMatch(/^Nothing was sent\./);
			// the allowed final host is not contacted either when a jump hop is refused
			const viaJump = await failure(connect(inventory, 'doc-net-jump', { env: ENV, lookup }), 'egress-denied');
			expect(viaJump.message).toMatch(/^Refusing to connect to jump host doc-net \(192\.0\.2\.1:22\) for doc-net-jump/);
			expect(socketConnect).not.toHaveBeenCalled();
			expect(lookup).not.toHaveBeenCalled();
		} finally {
			socketConnect.mockRestore();
		}
	});

	test('hostnames are resolved and checked first; the checked address is the one contacted', async () => {
		const denied = await failure(connect(inventory, 'named', { env: ENV, lookup: () => Promise.resolve(['127.0.0.1', '192.0.2.9']) }), 'egress-denied');
		expect(denied.message).toContain('localhost.example resolves to 192.0.2.9, outside the allowed networks');
		// allowed: connects to the resolved 127.0.0.1; known_hosts is looked up by the inventory name
		const error = await failure(connect(inventory, 'named', { env: ENV, lookup: () => Promise.resolve(['127.0.0.1']) }), 'hostkey-unknown');
		expect(error.message).toContain(`ssh-keyscan -t ed25519 -p ${ports.a} localhost.example`);
	});

	test('the production target is refused under the test allowlist, with no packet sent', async () => {
		const production = await loadInventory(resolveTarget('production', { root: ROOT, env: {} }), { root: ROOT });
		const socketConnect = vi.spyOn(net.Socket.prototype, 'connect');
		try {
			for (const hostId of Object.keys(production.hosts)) {
				await failure(connect(production, hostId, { env: ENV, lookup: () => Promise.resolve([]) }), 'egress-denied');
			}
			expect(socketConnect).not.toHaveBeenCalled();
		} finally {
			socketConnect.mockRestore();
		}
	});

	test('authentication is one request: the signed key at once (no "none" probe, no unsigned key query first)', async () => {
		const trace: string[] = [];
		const { client } = await connectHop(inventory.hosts['a']!, '127.0.0.1', 'a', { timeoutMs: 10_000, keepaliveMs: 0, env: ENV, debug: (line) => trace.push(line) });
		try {
			expect(trace.filter((line) => /USERAUTH/.test(line))).toEqual(['Outbound: Sending USERAUTH_REQUEST (publickey)', 'Inbound: Received USERAUTH_SUCCESS']);
		} finally {
			await closeClients([client]);
		}
	});

	test('close() waits for the inner hop to say goodbye, not for the outer connection; closeAll waits for that', async () => {
		const session = await connect(inventory, 'b', { env: ENV });
		expect(session.hostKeys).toHaveLength(2);
		await session.close();
		// the outer connection (to a) said goodbye and closes in the background, while the caller goes on
		expect(closingConnectionCount()).toBe(1);
		await closeAll();
		expect(closingConnectionCount()).toBe(0);
		expect(openSessionCount()).toBe(0);
	});

	test('closeAll closes every open session; exec afterwards rejects', async () => {
		const sessions: Session[] = await Promise.all([connect(inventory, 'a', { env: ENV }), connect(inventory, 'b', { env: ENV })]);
		expect(openSessionCount()).toBe(2);
		await closeAll();
		expect(openSessionCount()).toBe(0);
		for (const s of sessions) await failure(s.exec('true', { timeoutMs: 1000, maxBytes: 10 }), 'unreachable');
	});
});

const labReason = labUnavailableReason();
if (labReason) console.warn(`\n⚠ SKIPPED ssh transport against the lab: ${labReason}\n`);

describe.skipIf(labReason !== undefined)('ssh transport against the lab twins', () => {
	test('connects to every lab host (incl. jumped ones) with verified host keys', async () => {
		const inventory = await loadInventory(resolveTarget('lab', { root: ROOT, env: {} }), { root: ROOT });
		const env = { VERIFY_ALLOWED_NETWORKS: '127.0.0.0/8,10.231.0.0/16' };
		expect(Object.keys(inventory.hosts).length).toBeGreaterThan(0);
		for (const [hostId, host] of Object.entries(inventory.hosts)) {
			const session = await connect(inventory, hostId, { env, timeoutMs: 10_000 });
			try {
				expect(session.hostKeys).toHaveLength(host.jump.length + 1);
				const r = await session.exec('echo ok', { timeoutMs: 10_000, maxBytes: 1000 });
				expect(r, `${hostId}: ${r.stderr}`).toMatchObject({ code: 0, stdout: 'ok\n' });
			} finally {
				await session.close();
			}
		}
	});
});

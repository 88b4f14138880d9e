/**
 * Throwaway hosts for the robustness tests: real OpenSSH servers on 127.0.0.1 (no
 * mocks, never the shared lab twins), each "host" one port. A host's behaviour is a
 * directory of fake commands put in front of the probe's PATH by a ForceCommand
 * wrapper (the real probe script runs in the real `sh`), or a raw TCP server that
 * never finishes the handshake, or a closed port, or a second sshd with another host
 * key (a "changed host key").
 *
 * Network safety: only 127.0.0.1 is used; VERIFY_ALLOWED_NETWORKS is always passed.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitForPort } from '../helpers/net.ts';

export const SSHD = '/usr/sbin/sshd';
/** The only networks any robustness test may contact. */
export const ENV = { VERIFY_ALLOWED_NETWORKS: '127.0.0.0/8,10.231.0.0/16', NO_COLOR: '1' } as const;

/** Why real-sshd tests cannot run here, or undefined. */
export function sshdUnavailable(): string | undefined {
	if (process.getuid?.() !== 0) return 'needs root (sshd must run as root to log in as root)';
	if (!existsSync(SSHD)) return `${SSHD} is missing (apt-get install openssh-server)`;
	if (!existsSync('/usr/bin/ssh-keygen')) return 'ssh-keygen is missing';
	return undefined;
}

/** How a host behaves. */
export type HostSpec =
	| { id: string; kind: 'sshd'; key?: 'main' | 'other'; bin?: Record<string, string> }
	/** Accepts TCP and never sends a byte. */
	| { id: string; kind: 'silent' }
	/** Sends an SSH banner (or any text) and then nothing. */
	| { id: string; kind: 'banner'; text: string; close?: boolean }
	/** Nothing listens. */
	| { id: string; kind: 'closed' };

/** Fake commands every sshd host gets (a quiet, empty machine): no sudo, empty docker, ufw inactive, no sockets. */
export const QUIET_BIN: Record<string, string> = {
	sudo: 'exit 1',
	docker: `case "$1 $2" in
"ps -aq"|"network ls"|"volume ls") exit 0;;
"ps -a") exit 0;;
esac
echo '[]'`,
	ufw: 'printf "Status: inactive\\n"',
	ss: 'exit 0',
};

/** Ports handed out by this process (the kernel may hand a just-freed port out again). */
const handedOut = new Set<number>();

/** A free TCP port on 127.0.0.1, never one this process handed out before. */
export async function freePort(): Promise<number> {
	for (;;) {
		const server = net.createServer();
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const { port } = server.address() as net.AddressInfo;
		await new Promise((resolve) => server.close(resolve));
		if (handedOut.has(port)) continue;
		handedOut.add(port);
		return port;
	}
}


/** A running set of throwaway hosts. */
export interface Hosts {
	dir: string;
	ports: Record<string, number>;
	/** Inventory file (target) for `verify({ target })`. */
	inventory: string;
	/** Public key line of the main host key. */
	mainKey: string;
	/** Every TCP connection the raw servers accepted (for leak checks). */
	sockets: Set<net.Socket>;
	stop(): Promise<void>;
}

/**
 * Starts the hosts: one sshd process per 16 hosts and host key (main, other) serving one
 * port per host, with per-port ForceCommand wrappers, plus raw TCP servers.
 */
export async function startHosts(specs: HostSpec[], opts: { name?: string } = {}): Promise<Hosts> {
	mkdirSync('/run/sshd', { recursive: true });
	const dir = mkdtempSync(join(tmpdir(), 'robust-'));
	const keygen = (file: string) => execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', '', '-f', join(dir, file)]);
	keygen('host_main');
	keygen('host_other');
	keygen('id_test');
	writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'id_test.pub')));
	const pub = (f: string) => readFileSync(join(dir, `${f}.pub`), 'utf8').trim().split(' ').slice(0, 2).join(' ');
	const ports: Record<string, number> = {};
	const children: ChildProcess[] = [];
	const servers: net.Server[] = [];
	const sockets = new Set<net.Socket>();
	const byKey: Record<'main' | 'other', { port: number; wrap: string }[]> = { main: [], other: [] };

	for (const spec of specs) {
		// closed ports are picked last (below): a port picked now could be handed to a later listen(0)
		if (spec.kind === 'closed') continue;
		if (spec.kind === 'silent' || spec.kind === 'banner') {
			const server = net.createServer((s) => {
				sockets.add(s);
				s.on('close', () => sockets.delete(s));
				s.on('error', () => {});
				// read (and ignore) what the client sends, so its FIN is seen and the socket closes
				s.resume();
				if (spec.kind === 'banner') {
					s.write(spec.text);
					if (spec.close) s.end();
				}
			});
			await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
			servers.push(server);
			ports[spec.id] = (server.address() as net.AddressInfo).port;
			handedOut.add(ports[spec.id]!);
			continue;
		}
		const bin = join(dir, 'bin', spec.id);
		mkdirSync(bin, { recursive: true });
		for (const [name, body] of Object.entries({ ...QUIET_BIN, ...spec.bin })) {
			writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
			chmodSync(join(bin, name), 0o755);
		}
		// the real probe script, with the fake commands first on its PATH: the verifier sends it inside the
		// exec request (`sh -c '<script>'`), a long one on stdin (`sh -s`)
		const wrap = join(dir, `wrap-${spec.id}.sh`);
		const fakePath = `sed 's|^PATH=|PATH=${bin}:|'`;
		writeFileSync(wrap, [
			'case $SSH_ORIGINAL_COMMAND in',
			`'sh -s') ${fakePath} | exec /bin/sh -s ;;`,
			`*) eval "$(printf '%s\\n' "$SSH_ORIGINAL_COMMAND" | ${fakePath})" ;;`,
			'esac',
			'',
		].join('\n'));
		ports[spec.id] = await freePort();
		byKey[spec.key ?? 'main'].push({ port: ports[spec.id]!, wrap });
	}

	// sshd listens on at most 16 sockets (MAX_LISTEN_SOCKS): one process per 16 ports and key
	const groups = (['main', 'other'] as const).flatMap((key) => Array.from({ length: Math.ceil(byKey[key].length / 16) }, (_, g) => ({ key, g, list: byKey[key].slice(g * 16, g * 16 + 16) })));
	for (const { key, g, list } of groups) {
		const cfg = join(dir, `sshd_${key}_${g}.conf`);
		writeFileSync(cfg, [
			...list.map((h) => `Port ${h.port}`),
			'ListenAddress 127.0.0.1',
			`HostKey ${join(dir, `host_${key}`)}`,
			'PidFile none', 'UsePAM no', 'StrictModes no',
			`AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
			'PasswordAuthentication no', 'KbdInteractiveAuthentication no', 'PermitRootLogin prohibit-password',
			'MaxStartups 200', 'MaxSessions 50', 'LogLevel ERROR',
			// root's login shell runs the ForceCommand; Debian's bash sources ~/.bashrc for an ssh
			// session at SHLVL < 2, and a machine's .bashrc (pyenv, cargo, …) may read the session's
			// stdin — the probe script. SHLVL=1 makes bash skip it: these hosts do not depend on the
			// build machine's dotfiles.
			'SetEnv SHLVL=1',
			...list.flatMap((h) => [`Match LocalPort ${h.port}`, `\tForceCommand /bin/sh ${h.wrap}`]),
			'',
		].join('\n'));
		const child = spawn(SSHD, ['-D', '-e', '-f', cfg], { stdio: ['ignore', 'ignore', 'pipe'] });
		let log = '';
		child.stderr?.on('data', (d: Buffer) => {
			log = (log + d.toString()).slice(-2000);
			if (process.env.DEBUG_SSHD) process.stderr.write(`[sshd ${key}] ${d.toString()}`);
		});
		children.push(child);
		try {
			for (const h of list) await waitForPort(h.port);
		} catch (e) {
			throw new Error(`${(e as Error).message}; sshd said: ${log}`, { cause: e });
		}
	}

	// every listener is up: a free port now is one none of these hosts answers on
	for (const spec of specs) if (spec.kind === 'closed') ports[spec.id] = await freePort();

	// every sshd host pins the MAIN key: hosts served by the other key present a changed key
	writeFileSync(join(dir, 'known_hosts'), specs.filter((s) => s.kind !== 'closed').map((s) => `[127.0.0.1]:${ports[s.id]} ${pub('host_main')}`).join('\n') + '\n');
	const inventory = join(dir, 'inventory.yaml');
	writeFileSync(inventory, [
		'version: 1',
		`name: ${opts.name ?? 'robust'}`,
		'knownHosts: known_hosts',
		'identityFile: id_test',
		'user: root',
		'hosts:',
		...specs.map((s) => `  ${s.id}: { address: 127.0.0.1, port: ${ports[s.id]} }`),
		'',
	].join('\n'));

	return {
		dir, ports, inventory, sockets, mainKey: pub('host_main'),
		async stop() {
			// remote commands still running (a stalled probe outlives its killed channel): end their
			// process groups, found by this run's private directory in the wrapper's command line
			try {
				for (const pid of execFileSync('pgrep', ['-f', `${dir}/wrap-`], { encoding: 'utf8' }).split('\n').filter(Boolean)) {
					try { process.kill(-Number(pid), 'SIGKILL'); } catch { try { process.kill(Number(pid), 'SIGKILL'); } catch { /* gone */ } }
				}
			} catch { /* none */ }
			for (const s of sockets) s.destroy();
			await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
			await Promise.all(children.map((c) => new Promise<void>((resolve) => {
				if (c.exitCode !== null) return resolve();
				c.once('exit', () => resolve());
				c.kill('SIGTERM');
			})));
			rmSync(dir, { recursive: true, force: true });
		},
	};
}

/**
 * Writes a docs tree (`<root>/docs/en/<name>.md`) with the given frontmatter YAML per page.
 * @returns the docsDir relative to root.
 */
export function writeDocs(root: string, pages: Record<string, string>, docsDir = 'docs'): string {
	for (const [name, yaml] of Object.entries(pages)) {
		const file = join(root, docsDir, 'en', `${name}.md`);
		mkdirSync(join(file, '..'), { recursive: true });
		writeFileSync(file, `---\ntitle: ${name}\nestate: grocerymate\n${yaml.trim()}\n---\n\nBody.\n`);
	}
	return docsDir;
}

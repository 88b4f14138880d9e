/**
 * The workstation twin dev-ws (lab/twins/dev-ws.sh, lab/lib/workstation.sh) on the running lab: confined
 * (no default route; a non-lab address is "Network is unreachable"), the documented addresses reach the
 * twins through the DNAT inside its own namespace, its resolver is the lab DNS, it trusts the lab CA, dev's
 * ssh checks the twins' host keys (fail closed), and it stays out of the verifier's inventory. Read-only:
 * changes no twin. Needs root and the lab (`npm run lab -- up`).
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { labSkipNotice, labUnavailableReason, ROOT, waitForLab } from '../helpers/lab.ts';

const LAB = join(ROOT, '.lab');
await waitForLab();
const skipReason = labUnavailableReason();
labSkipNotice('test/lab/workstation.test.ts (the workstation twin)', skipReason);

/** The workstation's lab address (from .lab/workstation.yaml). */
let address = '';

/** Runs a shell command as dev on the workstation (strict host keys, stdin closed); stdout + stderr merged. */
function onWorkstation(cmd: string, timeout = 60_000): { status: number | null; out: string } {
	const r = spawnSync('ssh', ['-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=yes', '-o', `UserKnownHostsFile=${join(LAB, 'known_hosts')}`, '-o', 'ConnectTimeout=5', '-i', join(LAB, 'keys', 'id_lab'), `dev@${address}`, `${cmd} 2>&1`], { encoding: 'utf8', timeout, stdio: ['ignore', 'pipe', 'pipe'] });
	return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

(skipReason ? describe.skip : describe)('workstation twin dev-ws', () => {
	beforeAll(() => {
		const file = join(LAB, 'workstation.yaml');
		expect(existsSync(file), `${file}: npm run lab -- up must bring the workstation twin up`).toBe(true);
		address = /dev-ws: \{ address: (10\.231\.\d+\.\d+),/.exec(readFileSync(file, 'utf8'))?.[1] ?? '';
		expect(address).toMatch(/^10\.231\./);
	});

	test('is dev on dev-laptop, with no default route', () => {
		const r = onWorkstation('id -un; hostname; ip route');
		expect(r.status).toBe(0);
		const [user, hostname, ...routes] = r.out.trim().split('\n');
		expect([user, hostname]).toEqual(['dev', 'dev-laptop']);
		expect(routes.join('\n')).not.toMatch(/^default/m);
		for (const line of routes) expect(line).toMatch(/^(10\.231\.|91\.99\.21\.21 |57\.128\.200\.27 |10\.22\.68\.250 |85\.237\.177\.83 )/);
	});

	test.each([
		['192.0.2.1', 80],
		['1.1.1.1', 443],
		['8.8.8.8', 53],
		['10.22.68.248', 22], // staging: only through the jump host, as for a developer
		['85.237.177.83', 22], // the FortiGate forwards 80/443 only
	])('a connection to %s:%i fails with "Network is unreachable"', (a, port) => {
		const r = onWorkstation(`timeout 5 bash -c '</dev/tcp/${a}/${port}'`);
		expect(r.status).not.toBe(0);
		expect(r.out).toContain('Network is unreachable');
	});

	test('ping to a non-lab address: Network is unreachable; IPv6 has no way out', () => {
		const r = onWorkstation('ping -c 1 -W 2 1.1.1.1');
		expect(r.status).not.toBe(0);
		expect(r.out).toContain('Network is unreachable');
		expect(onWorkstation("timeout 5 bash -c '</dev/tcp/2606:4700:4700::1111/443'").status).not.toBe(0);
	});

	test.each([
		['57.128.200.27', 'maciejpi', 'inpi-vps-waw01'],
		['nordabiznes.pl', 'maciejpi', 'inpi-vps-waw01'],
		['91.99.21.21', 'jeff', 'jeff-4gb-nbg1-15'],
		['10.22.68.250', 'maciejpi', 'r11-revproxy-01'],
	])('ssh %s reaches its twin (%s@ → %s), host key checked', (a, user, hostname) => {
		const r = onWorkstation(`ssh -o BatchMode=yes ${user}@${a} hostname`);
		expect(r.out.trim().split('\n').at(-1)).toBe(hostname);
		expect(r.status).toBe(0);
	});

	test('ssh -J through the jump host reaches the staging twin', () => {
		const r = onWorkstation('ssh -o BatchMode=yes -J maciejpi@10.22.68.250 maciejpi@10.22.68.248 hostname');
		expect(r.out.trim().split('\n').at(-1)).toBe('nordabiz-staging-01');
	});

	test('an address whose host key dev does not know fails closed', () => {
		const r = onWorkstation('ssh -o BatchMode=yes maciejpi@10.231.2.2 true');
		expect(r.status).toBe(255);
		expect(r.out).toMatch(/Host key verification failed|No .* host key is known/);
	});

	test('the resolver is the lab DNS; TLS to the documented names verifies against the lab CA', () => {
		expect(onWorkstation('dig +short A gro-mate.tech; dig +short A staging.nordabiznes.pl').out.trim().split('\n')).toEqual(['91.99.21.21', '85.237.177.83']);
		const r = onWorkstation("for u in https://nordabiznes.pl/health https://staging.nordabiznes.pl/health; do curl -sS -o /dev/null -w '%{http_code} %{http_version} %{ssl_verify_result}\\n' \"$u\"; done");
		expect(r.out.trim().split('\n')).toEqual(['200 2 0', '200 2 0']);
		const ping = onWorkstation('ping -c 1 -W 2 gro-mate.tech');
		expect(ping.out).toContain('1 received');
	});

	test('is not a host of the verifier: absent from inventory.yaml, its key in known_hosts', () => {
		const inv = readFileSync(join(LAB, 'inventory.yaml'), 'utf8');
		expect(inv).not.toContain('dev-ws');
		expect(inv).not.toContain(address);
		expect(readFileSync(join(LAB, 'known_hosts'), 'utf8')).toContain(`${address} ssh-ed25519 `);
	});

	test('the root namespace: ip_forward stays 0, the uplink does not forward, lab traces list the forwarding table', () => {
		expect(readFileSync('/proc/sys/net/ipv4/ip_forward', 'utf8').trim()).toBe('0');
		const dev = /dev (\S+)/.exec(spawnSync('ip', ['route', 'show', 'default'], { encoding: 'utf8' }).stdout)?.[1];
		if (dev) expect(readFileSync(`/proc/sys/net/ipv4/conf/${dev}/forwarding`, 'utf8').trim()).toBe('0');
		const traces = spawnSync('bash', [join(ROOT, 'lab', 'lab.sh'), 'lab_traces'], { encoding: 'utf8', env: { ...process.env, LAB_DIR: LAB } }).stdout;
		expect(traces).toContain('nft: table ip lab_workstation');
		expect(traces).toContain('link: vl-dev-ws');
	});
});

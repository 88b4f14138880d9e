/**
 * The fleet (lab/fleet/fleet.sh): small sshd-only hosts for load tests. Brings up a few, checks SSH with
 * strict host keys, identity, the :8080 listener and each fault (down, slow, rekey, ok). Needs root.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
const LAB = join(ROOT, '.lab');
const CLI = join(ROOT, 'lab', 'cli.ts');
const skipReason = process.getuid?.() !== 0 ? 'the fleet needs root (network namespaces); run the tests as root' : !existsSync(CLI) ? 'lab/cli.ts is missing' : process.env.LAB === 'off' ? 'LAB=off' : undefined;
const N = 5;

/** Runs the lab CLI and fails with its output when it does not exit 0. */
function lab(args: string[], timeout = 300_000): string {
	const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout });
	if (r.status !== 0) throw new Error(`lab ${args.join(' ')} exited ${r.status}\n${r.stderr}`);
	return r.stdout;
}

/** ssh verifier@address with the fleet's known_hosts (strict); returns the spawn result. */
function ssh(address: string, cmd: string) {
	return spawnSync('ssh', ['-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=yes', '-o', `UserKnownHostsFile=${join(LAB, 'fleet_known_hosts')}`, '-o', 'ConnectTimeout=4', '-i', join(LAB, 'keys', 'id_lab'), `verifier@${address}`, cmd], { encoding: 'utf8', timeout: 30_000 });
}

if (skipReason) console.warn(`\n⚠ SKIPPED test/lab/fleet.test.ts (the fleet): ${skipReason}\n`);

(skipReason ? describe.skip : describe)('lab fleet', () => {
	let hadFleet = false;
	beforeAll(() => {
		hadFleet = existsSync(join(LAB, 'fleet-inventory.yaml'));
		expect(lab(['fleet', 'up', String(N)])).toMatch(new RegExp(`fleet up: ${N} hosts in [\\d.]+ s`));
	}, 300_000);
	afterAll(() => {
		if (!hadFleet) lab(['fleet', 'down']);
	}, 300_000);

	test('fleet-inventory.yaml lists the hosts in the lab inventory format', () => {
		const inv = readFileSync(join(LAB, 'fleet-inventory.yaml'), 'utf8');
		expect(inv).toMatch(/^version: 1\nname: fleet\n/m);
		expect(inv).toMatch(/^knownHosts: fleet_known_hosts\b/m);
		expect(inv).toContain('  fleet-01: { address: 10.231.100.2, port: 22 }');
		expect(inv).toContain(`  fleet-0${N}: { address: 10.231.100.${N + 1}, port: 22 }`);
	});

	test('each host: ssh with strict host keys, hostname, verifier in adm, Ubuntu 22.04, :8080 listener', () => {
		for (let i = 1; i <= N; i++) {
			const addr = `10.231.100.${i + 1}`;
			const r = ssh(addr, 'hostname; id -nG; . /etc/os-release; echo $VERSION_ID');
			expect(r.status, r.stderr).toBe(0);
			expect(r.stdout.trim().split('\n')).toEqual([`fleet-0${i}`, 'verifier adm', '22.04']);
			const http = spawnSync('curl', ['-s', '--max-time', '5', `http://${addr}:8080/`], { encoding: 'utf8' });
			expect(http.stdout).toContain(`fleet-0${i}`);
		}
	});

	test('faults: down refuses, slow never finishes the handshake, rekey fails host-key checking, ok repairs', () => {
		const addr = '10.231.100.3';
		lab(['fleet', 'fault', 'fleet-02', 'down']);
		expect(ssh(addr, 'true').stderr).toMatch(/Connection refused/);
		lab(['fleet', 'fault', 'fleet-02', 'slow']);
		const t0 = Date.now();
		const slow = ssh(addr, 'true');
		expect(slow.status).not.toBe(0);
		expect(slow.stderr).toMatch(/timed out/);
		expect(Date.now() - t0).toBeGreaterThanOrEqual(3_000);
		lab(['fleet', 'fault', 'fleet-02', 'rekey']);
		expect(ssh(addr, 'true').stderr).toMatch(/REMOTE HOST IDENTIFICATION HAS CHANGED|Host key verification failed/);
		lab(['fleet', 'fault', 'fleet-02', 'ok']);
		expect(ssh(addr, 'hostname').stdout.trim()).toBe('fleet-02');
	}, 120_000);
});

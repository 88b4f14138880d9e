/**
 * The lab itself (lab/cli.ts): twins come up, SSH works with strict host-key checking (nb-staging only
 * through its jump host), the GroceryMate twin runs the documented Docker stack, the twins serve real TLS
 * from the lab CA, every drift scenario changes what can be observed and its revert restores it, and
 * `down` leaves no trace on the machine. Runs the real lab: needs root; skips loudly otherwise.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
const LAB = join(ROOT, '.lab');
const CLI = join(ROOT, 'lab', 'cli.ts');
const isRoot = process.getuid?.() === 0;
const skipReason = !isRoot ? 'the lab needs root (network namespaces, mounts, routes); run the tests as root' : !existsSync(CLI) ? 'lab/cli.ts is missing' : process.env.LAB === 'off' ? 'LAB=off' : undefined;

/** Runs the lab CLI; returns {status, stdout, stderr}. */
function labRun(args: string[], timeout = 300_000) {
	const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout });
	return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** Runs the lab CLI and fails with its output when it does not exit 0. */
function lab(args: string[], timeout = 300_000): string {
	const r = labRun(args, timeout);
	if (r.status !== 0) throw new Error(`lab ${args.join(' ')} exited ${r.status}\n${r.stderr}\n${r.stdout}`);
	return r.stdout;
}

/** Runs a command inside a twin as root (lab exec); returns stdout. */
function inTwin(host: string, cmd: string): string {
	return lab(['exec', host, '--', 'bash', '-c', cmd], 60_000);
}

/** ssh options that insist on the lab's known_hosts (no TOFU). */
const SSH_STRICT = ['-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=yes', '-o', `UserKnownHostsFile=${join(LAB, 'known_hosts')}`, '-o', 'ConnectTimeout=10', '-i', join(LAB, 'keys', 'id_lab')];

/** ssh to user@address (through `jump` as ProxyCommand when given) and runs `cmd`. */
function ssh(target: string, cmd: string, jump?: string) {
	const proxy = jump ? ['-o', `ProxyCommand=ssh ${SSH_STRICT.join(' ')} -W %h:%p ${jump}`] : [];
	return spawnSync('ssh', [...SSH_STRICT, ...proxy, target, cmd], { encoding: 'utf8', timeout: 60_000 });
}

/** HTTPS GET from the build machine, resolving `name` to the lab address and trusting only the lab CA. */
function curlTls(name: string, address: string, path = '/') {
	return spawnSync('curl', ['-sS', '--max-time', '10', '--cacert', join(LAB, 'pki', 'ca.crt'), '--resolve', `${name}:443:${address}`, '-o', '/dev/null', '-w', '%{http_code}', `https://${name}${path}`], { encoding: 'utf8' });
}

/** The certificate a twin presents for `name` (subject + notAfter), via openssl s_client. */
function servedCert(name: string, address: string): string {
	const s = spawnSync('bash', ['-c', `echo | openssl s_client -connect ${address}:443 -servername ${name} 2>/dev/null | openssl x509 -noout -subject -enddate`], { encoding: 'utf8', timeout: 20_000 });
	return s.stdout.trim();
}

/** What each drift scenario changes, observed the way a verifier would (before/after/reverted must compare). */
const OBSERVE: Record<string, () => string> = {
	'container-stopped': () => inTwin('gm-vserver', "docker ps --format '{{.Names}}' | sort"),
	'image-tag-changed': () => inTwin('gm-vserver', "docker ps --filter name=grocery_postgres --format '{{.Image}}'"),
	'port-rebound-public': () => inTwin('nb-vps', "ss -Htln 'sport = :5000' | awk '{print $4}'"),
	'undocumented-port': () => inTwin('gm-vserver', "ss -Htln | awk '{print $4}' | sort -u"),
	'undocumented-container': () => inTwin('gm-vserver', "docker ps --format '{{.Names}} {{.Ports}}' | sort"),
	'cert-expired': () => servedCert('gro-mate.tech', '10.231.1.2'),
	'wrong-name-cert': () => servedCert('gro-mate.tech', '10.231.1.2'),
	'firewall-rule-removed': () => inTwin('gm-vserver', 'ufw status numbered'),
	'password-auth-enabled': () => inTwin('nb-vps', 'sshd -T | grep -i ^passwordauthentication'),
	'address-removed': () => inTwin('gm-vserver', 'ip -br addr show dev eth0'),
	'unit-stopped': () => inTwin('nb-vps', 'systemctl is-active nordabiznes || true'),
	'secret-env': () => inTwin('gm-vserver', "docker inspect grocery_frontend --format '{{range .Config.Env}}{{println .}}{{end}}' | cut -d= -f1 | sort"),
};

/** Everything the lab could leave outside .lab (must be empty after `down`). */
function traces(): string[] {
	const found: string[] = [];
	const sh = (c: string) => spawnSync('bash', ['-c', c], { encoding: 'utf8' }).stdout.trim();
	if (sh("ip netns list | grep -E '^lab-' || true")) found.push(`netns: ${sh('ip netns list')}`);
	if (existsSync('/run/netns')) found.push('/run/netns exists');
	if (existsSync('/run/systemd/nspawn')) found.push('/run/systemd/nspawn exists');
	const routes = sh("ip route show type unreachable; ip -6 route show type unreachable | grep -v '^unreachable default' || true");
	if (/10\.231\.|91\.99\.21\.21|57\.128\.200\.27|10\.22\.68\.|2a01:4f8:1c1a:ca2e/.test(routes)) found.push(`routes: ${routes}`);
	const links = sh("ip -o link show | grep -E ' (vl-|vf-|lab-fleet)' || true");
	if (links) found.push(`links: ${links}`);
	if (readFileSync('/proc/self/mountinfo', 'utf8').includes(LAB)) found.push('mounts referencing .lab');
	const holders = sh(`for p in $(pgrep -x catatonit) $(pgrep -x systemd-nspawn); do grep -qs '${LAB}' /proc/$p/mountinfo /proc/$p/cmdline && ps -o pid=,stat=,lstart=,args= -p $p; done; true`);
	if (holders) found.push(`holder processes: ${holders}`);
	for (const c of ['systemd', 'unified']) if (existsSync(`/sys/fs/cgroup/${c}/lab`)) found.push(`cgroup /sys/fs/cgroup/${c}/lab`);
	return found;
}

if (skipReason) {
	console.warn(`\n⚠ SKIPPED test/lab/lab.test.ts (the lab): ${skipReason}\n`);
}

(skipReason ? describe.skip : describe)('lab (real twins)', () => {
	let wasUp = false;

	beforeAll(() => {
		wasUp = existsSync(join(LAB, 'inventory.yaml'));
		lab(['drift', 'revert', 'all'], 300_000);
		const out = lab(['up'], 300_000);
		expect(out).toMatch(/lab up: 4 twins .* in [\d.]+ s/);
	}, 400_000);

	afterAll(() => {
		// leave the lab as we found it: down if this file started it (also after a failure), else up and clean
		labRun(['drift', 'revert', 'all'], 300_000);
		if (wasUp) labRun(['up'], 300_000);
		else labRun(['down'], 300_000);
	}, 400_000);

	test('status lists the four twins and the workstation, all up', () => {
		const st = JSON.parse(lab(['status'], 60_000)) as Array<Record<string, unknown>>;
		expect(st.map((h) => h.id).sort()).toEqual(['dev-ws', 'gm-vserver', 'nb-revproxy', 'nb-staging', 'nb-vps']);
		for (const h of st) expect(h).toMatchObject({ port: 22, user: h.id === 'dev-ws' ? 'dev' : 'verifier', state: 'up' });
		expect(st.find((h) => h.id === 'nb-staging')).toMatchObject({ address: '10.231.4.2', jump: 'nb-revproxy' });
	});

	test('inventory.yaml follows the contract', () => {
		const inv = readFileSync(join(LAB, 'inventory.yaml'), 'utf8');
		expect(inv).toMatch(/^# generated by `npm run lab -- up`; do not edit\nversion: 1\nname: lab\n/);
		expect(inv).toMatch(/^knownHosts: known_hosts\b/m);
		expect(inv).toMatch(/^identityFile: keys\/id_lab\b/m);
		expect(inv).toMatch(/^user: verifier$/m);
		expect(inv).toContain('  gm-vserver: { address: 10.231.1.2, port: 22 }');
		expect(inv).toContain('  nb-vps: { address: 10.231.2.2, port: 22 }');
		expect(inv).toContain('  nb-revproxy: { address: 10.231.3.2, port: 22 }');
		expect(inv).toContain('  nb-staging: { address: 10.231.4.2, port: 22, jump: [nb-revproxy] }');
		expect(inv).toMatch(/^ca: pki\/ca\.crt\b/m);
		for (const d of ['gro-mate.tech', 'www.gro-mate.tech', 'api.gro-mate.tech', 'pg.gro-mate.tech', 'mail.gro-mate.tech']) expect(inv).toContain(`  ${d}: 10.231.1.2`);
		for (const d of ['nordabiznes.pl', 'www.nordabiznes.pl']) expect(inv).toContain(`  ${d}: 10.231.2.2`);
		const kh = readFileSync(join(LAB, 'known_hosts'), 'utf8');
		for (const a of ['10.231.1.2', '10.231.2.2', '10.231.3.2', '10.231.4.2']) {
			expect(kh).toContain(`${a} ssh-ed25519 `);
			expect(kh).toContain(`${a} ecdsa-sha2-nistp256 `);
		}
		expect(existsSync(join(LAB, 'pki', 'ca.crt'))).toBe(true);
	});

	test.each([
		['gm-vserver', 'verifier@10.231.1.2', undefined, 'jeff-4gb-nbg1-15', 'Ubuntu 24.04.3 LTS'],
		['nb-vps', 'verifier@10.231.2.2', undefined, 'inpi-vps-waw01', 'Ubuntu 22.04.5 LTS'],
		['nb-revproxy', 'verifier@10.231.3.2', undefined, 'r11-revproxy-01', 'Ubuntu 22.04.5 LTS'],
		['nb-staging', 'verifier@10.231.4.2', 'verifier@10.231.3.2', 'nordabiz-staging-01', 'Ubuntu 22.04.5 LTS'],
	])('ssh %s with strict host keys: hostname and os-release', (_id, target, jump, hostname, pretty) => {
		const r = ssh(target, 'hostname; . /etc/os-release; echo "$PRETTY_NAME"', jump);
		expect(r.stderr).not.toMatch(/REMOTE HOST IDENTIFICATION|verification failed/);
		expect(r.status).toBe(0);
		expect(r.stdout.trim().split('\n')).toEqual([hostname, pretty]);
	});

	test('root logs in with the lab key, and ssh -F .lab/ssh_config reaches nb-staging through its jump host', () => {
		expect(ssh('root@10.231.1.2', 'id -un').stdout.trim()).toBe('root');
		const r = spawnSync('ssh', ['-F', join(LAB, 'ssh_config'), 'nb-staging', 'hostname'], { encoding: 'utf8', timeout: 60_000 });
		expect(r.stdout.trim()).toBe('nordabiz-staging-01');
	});

	test('gm-vserver: sshd allows passwords as documented, but no account has a usable password', () => {
		const t = inTwin('gm-vserver', 'sshd -T | grep -iE "^(passwordauthentication|kbdinteractiveauthentication) "');
		expect(t).toMatch(/^passwordauthentication yes$/m);
		expect(t).toMatch(/^kbdinteractiveauthentication no$/m);
		const shadow = inTwin('gm-vserver', 'getent shadow | cut -d: -f1,2').trim().split('\n');
		expect(shadow.length).toBeGreaterThan(5);
		for (const l of shadow) expect(l, l.split(':')[0]).toMatch(/^[^:]+:[*!]/);
		// a real password attempt (SSH_ASKPASS supplies one; no tty needed) is offered and denied
		const dir = mkdtempSync(join(tmpdir(), 'lab-askpass-'));
		const askpass = join(dir, 'askpass.sh');
		writeFileSync(askpass, '#!/bin/sh\necho "$LAB_TEST_PASSWORD"\n', { mode: 0o755 });
		try {
			for (const [user, password] of [['jeff', 'jeff'], ['verifier', ''], ['root', 'LabSecret-do-not-leak-7f3a']] as const) {
				const r = spawnSync('ssh', ['-v', '-o', 'BatchMode=no', '-o', 'NumberOfPasswordPrompts=1', '-o', 'StrictHostKeyChecking=yes', '-o', `UserKnownHostsFile=${join(LAB, 'known_hosts')}`, '-o', 'ConnectTimeout=10', '-o', 'PreferredAuthentications=password', '-o', 'PubkeyAuthentication=no', `${user}@10.231.1.2`, 'true'], { encoding: 'utf8', timeout: 30_000, input: '', env: { ...process.env, SSH_ASKPASS: askpass, SSH_ASKPASS_REQUIRE: 'force', LAB_TEST_PASSWORD: password } });
				expect(r.status, user).toBe(255);
				expect(r.stderr, user).toMatch(/Next authentication method: password/);
				expect(r.stderr, user).toMatch(/Permission denied/);
			}
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
		// key login still works
		expect(ssh('verifier@10.231.1.2', 'id -un').stdout.trim()).toBe('verifier');
	});

	test('nb-staging is not reachable from the build machine except through the jump host', () => {
		const r = spawnSync('bash', ['-c', 'timeout 5 bash -c "</dev/tcp/10.231.4.2/22"'], { encoding: 'utf8' });
		expect(r.status).not.toBe(0);
		expect(spawnSync('ip', ['route', 'get', '10.231.4.2'], { encoding: 'utf8' }).status).not.toBe(0);
	});

	test('documented public addresses are on the interfaces but unroutable from the build machine', () => {
		const gm = inTwin('gm-vserver', 'ip -br addr');
		expect(gm).toContain('91.99.21.21/32');
		expect(gm).toContain('2a01:4f8:1c1a:ca2e::1/64');
		expect(gm).toContain('fe80::9000:6ff:fe9f:f487/64');
		expect(gm).toMatch(/br-6d7f2bca4e18\s+\S+\s+172\.18\.0\.1\/16/);
		expect(inTwin('nb-vps', 'ip -br addr')).toContain('57.128.200.27/32');
		expect(inTwin('nb-revproxy', 'ip -br addr')).toContain('10.22.68.250/24');
		expect(inTwin('nb-staging', 'ip -br addr')).toContain('10.22.68.248/24');
		for (const a of ['91.99.21.21', '57.128.200.27', '10.22.68.248', '85.237.177.83', '10.231.9.2']) {
			expect(spawnSync('ip', ['route', 'get', a], { encoding: 'utf8' }).status, a).not.toBe(0);
		}
		expect(spawnSync('ip', ['-6', 'route', 'get', '2a01:4f8:1c1a:ca2e::1'], { encoding: 'utf8' }).status).not.toBe(0);
	});

	test('docker ps in gm-vserver shows the documented stack (over SSH as jeff, a docker group member)', () => {
		const r = ssh('root@10.231.1.2', "su - jeff -c \"docker ps --format '{{.Names}}|{{.Image}}|{{.Ports}}'\"");
		expect(r.status).toBe(0);
		const rows = new Map(r.stdout.trim().split('\n').map((l) => { const [n, i, p] = l.split('|'); return [n, { image: i, ports: p }]; }));
		expect(rows.get('grocery_postgres')?.image).toBe('postgres:16');
		expect(rows.get('grocery_backend')?.image).toMatch(/^grocery-mate-backend/);
		expect(rows.get('grocery_frontend')?.image).toMatch(/^grocery-mate-frontend/);
		expect(rows.get('pgadmin')).toEqual({ image: 'dpage/pgadmin4:latest', ports: '0.0.0.0:8082->80/tcp' });
		expect(rows.get('nginx_proxy_manager')?.image).toBe('jc21/nginx-proxy-manager:latest');
		expect(rows.get('nginx_proxy_manager')?.ports).toContain('0.0.0.0:443->443/tcp');
		for (const m of ['nginx-mailcow', 'postfix', 'dovecot', 'rspamd', 'sogo', 'acme']) expect(rows.has(m), m).toBe(true);
		const nets = inTwin('gm-vserver', "docker network ls --format '{{.Name}}'");
		expect(nets).toContain('grocery-mate_devnet');
		expect(nets).toContain('mailcowdockerized_mailcow-network');
		const vols = inTwin('gm-vserver', "docker volume ls --format '{{.Name}}'");
		expect(vols).toContain('grocery-mate_postgres_data');
		expect(vols).toContain('grocery-mate_pgadmin_data');
		const pg = JSON.parse(inTwin('gm-vserver', "docker inspect grocery_postgres --format '{{json .}}'")) as { HostConfig: { RestartPolicy: { Name: string } }; Config: { Env: string[] }; Mounts: { Name?: string }[] };
		expect(pg.HostConfig.RestartPolicy.Name).toBe('unless-stopped');
		expect(pg.Config.Env).toContain('POSTGRES_PASSWORD=LabSecret-do-not-leak-7f3a');
		expect(pg.Mounts.map((m: { Name?: string }) => m.Name)).toContain('grocery-mate_postgres_data');
	});

	test('gm-vserver: docker compose (v2 command line) finds both stacks up to date, and builds nothing', () => {
		// the containers carry the config hash compose computes, so `up -d` changes nothing on a pristine twin
		const gm = ssh('root@10.231.1.2', "su - jeff -c 'cd /home/jeff/grocery-mate && docker compose up -d 2>&1'");
		expect(gm.status, gm.stdout + gm.stderr).toBe(0);
		expect(gm.stdout.trim().split('\n').sort()).toEqual(['grocery_backend', 'grocery_frontend', 'grocery_postgres', 'nginx_proxy_manager', 'pgadmin'].map((c) => `${c} is up-to-date`));
		const mc = ssh('root@10.231.1.2', 'cd /opt/mailcow-dockerized && docker compose up -d 2>&1');
		expect(mc.status, mc.stdout + mc.stderr).toBe(0);
		expect(mc.stdout.trim().split('\n')).toHaveLength(9);
		expect(mc.stdout).not.toMatch(/Recreating|Creating|Building|needs to be recreated/);
		// a compose file that really changed is still a change (the v1 check is relaxed only for what podman cannot report)
		const changed = ssh('root@10.231.1.2', "d=$(mktemp -d) && sed 's/br-6d7f2bca4e18/br-other/' /home/jeff/grocery-mate/docker-compose.yml >\"$d/docker-compose.yml\" && cp -r /home/jeff/grocery-mate/.env /home/jeff/grocery-mate/backend /home/jeff/grocery-mate/frontend \"$d/\" && cd \"$d\" && docker compose -p grocery-mate up --no-start postgres 2>&1; rc=$?; rm -rf \"$d\"; exit $rc");
		expect(changed.status).not.toBe(0);
		expect(changed.stdout).toContain('needs to be recreated - option "com.docker.network.bridge.name" has changed');
	});

	test('gm-vserver: users, ufw rules enforced', () => {
		expect(inTwin('gm-vserver', 'id jeff')).toMatch(/uid=1000\(jeff\).*27\(sudo\).*100\(users\).*110\(docker\)/);
		const ufw = inTwin('gm-vserver', 'ufw status verbose');
		expect(ufw).toMatch(/Status: active/);
		expect(ufw).toMatch(/Default: deny \(incoming\), allow \(outgoing\), deny \(routed\)/);
		for (const p of [22, 80, 443, 81, 8082, 25, 993]) expect(ufw).toMatch(new RegExp(`^${p}/tcp\\s+ALLOW IN\\s+Anywhere`, 'm'));
		// a listener on a port ufw does not allow is unreachable from outside
		inTwin('gm-vserver', 'setsid python3 -m http.server 9988 --bind 0.0.0.0 >/dev/null 2>&1 </dev/null & sleep 0.5');
		try {
			expect(spawnSync('curl', ['-s', '--max-time', '3', 'http://10.231.1.2:9988/'], { encoding: 'utf8' }).status).not.toBe(0);
		} finally {
			inTwin('gm-vserver', "pkill -f '[h]ttp.server 9988' || true");
		}
	});

	test('gm-vserver: systemd units ssh, ufw and docker (podman API on /run/docker.sock, group docker)', () => {
		expect(inTwin('gm-vserver', 'systemctl is-active ssh ufw docker').trim().split('\n')).toEqual(['active', 'active', 'active']);
		expect(inTwin('gm-vserver', 'systemctl is-enabled docker.service').trim()).toBe('enabled');
		expect(inTwin('gm-vserver', 'stat -c %U:%G:%a /run/docker.sock').trim()).toBe('root:docker:660');
		expect(inTwin('gm-vserver', "df --output=source,size -B1 / | tail -1").trim()).toMatch(/^\/dev\/sda1\s+379\d{8}$/);
	});

	test('nb-vps: systemd units, loopback-only app and database', () => {
		expect(inTwin('nb-vps', 'systemctl is-active nginx nordabiznes postgresql ssh ufw').trim().split('\n')).toEqual(['active', 'active', 'active', 'active', 'active']);
		expect(inTwin('nb-vps', 'systemctl show nordabiznes -p User --value').trim()).toBe('maciejpi');
		const ss = inTwin('nb-vps', "ss -Htln | awk '{print $4}'");
		expect(ss).toContain('127.0.0.1:5000');
		expect(ss).toContain('127.0.0.1:5432');
		expect(ss).not.toContain('0.0.0.0:5000');
		expect(inTwin('nb-vps', "runuser -u postgres -- psql -Atc \"select datname from pg_database where datname='nordabiz'\"").trim()).toBe('nordabiz');
		expect(inTwin('nb-vps', 'test -d /var/www/nordabiznes && test -d /var/log/nordabiznes && stat -c %U /var/www/nordabiznes').trim()).toBe('maciejpi');
	});

	test('every served domain answers over HTTPS with the lab CA; HTTP redirects to HTTPS', () => {
		const inv = readFileSync(join(LAB, 'inventory.yaml'), 'utf8');
		const resolve = [...inv.split('resolve:')[1]!.matchAll(/^ {2}([a-z0-9.-]+): (10\.231\.\d+\.\d+)$/gm)].map((m) => [m[1]!, m[2]!] as const);
		expect(resolve.length).toBeGreaterThanOrEqual(8);
		for (const [name, address] of resolve) {
			const r = curlTls(name, address);
			expect(r.stderr, name).toBe('');
			expect(r.stdout, name).toBe('200');
		}
		expect(curlTls('nordabiznes.pl', '10.231.2.2', '/health').stdout).toBe('200');
		for (const [name, address] of [['gro-mate.tech', '10.231.1.2'], ['nordabiznes.pl', '10.231.2.2'], ['staging.nordabiznes.pl', '10.231.3.2']]) {
			// a transient connection failure on a loaded machine is retried (curl's own --retry), a wrong answer is not
			const r = spawnSync('curl', ['-sS', '--max-time', '10', '--retry', '3', '--retry-connrefused', '--retry-delay', '1', '-o', '/dev/null', '-w', '%{http_code} %{redirect_url}', '-H', `Host: ${name}`, `http://${address}/`], { encoding: 'utf8' });
			expect(r.stdout, `${name}: ${r.stderr}`).toBe(`301 https://${name}/`);
		}
	});

	test('exec passes the exit code through', () => {
		expect(labRun(['exec', 'nb-vps', '--', 'sh', '-c', 'exit 7']).status).toBe(7);
		expect(labRun(['exec', 'no-such-host', '--', 'true']).status).not.toBe(0);
	});

	test('without root every command stops with a clear message (exit 3)', () => {
		// a world-readable copy of the CLI: the checkout itself may sit in a folder only root can read (mktemp -d)
		const copy = mkdtempSync(join(tmpdir(), 'lab-cli-'));
		// the CLI and the shared modules it imports (lib/), with the package's module type
		cpSync(dirname(CLI), join(copy, 'lab'), { recursive: true });
		cpSync(join(dirname(CLI), '..', 'lib'), join(copy, 'lib'), { recursive: true });
		cpSync(join(dirname(CLI), '..', 'package.json'), join(copy, 'package.json'));
		chmodSync(copy, 0o755);
		const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, join(copy, 'lab', 'cli.ts'), 'status'], { encoding: 'utf8', cwd: '/' });
		rmSync(copy, { recursive: true, force: true });
		expect(r.status).toBe(3);
		expect(r.stderr).toMatch(/needs root/);
	});

	test('drift list names the scenarios', () => {
		const names = lab(['drift', 'list']).trim().split('\n').map((l) => l.split(/\s+/)[0]);
		expect(names.sort()).toEqual(Object.keys(OBSERVE).sort());
	});

	test.each(Object.keys(OBSERVE))('drift %s: apply changes what is observed, revert restores it', (name) => {
		const observe = OBSERVE[name]!;
		const before = observe();
		lab(['drift', 'apply', name], 120_000);
		try {
			expect(observe()).not.toBe(before);
		} finally {
			lab(['drift', 'revert', name], 120_000);
		}
		expect(observe()).toBe(before);
	}, 240_000);

	test('down leaves no trace (netns, routes, links, mounts, holders, cgroups, /run leftovers)', () => {
		const out = lab(['down'], 300_000);
		expect(out).toMatch(/lab down: everything removed in [\d.]+ s/);
		// dying processes may linger for a moment: look again for up to 5 s before calling it a trace
		let left = traces();
		for (let i = 0; i < 10 && left.length; i++) {
			spawnSync('sleep', ['0.5']);
			left = traces();
		}
		expect(left).toEqual([]);
		expect(existsSync(join(LAB, 'inventory.yaml'))).toBe(false);
		expect(lab(['traces']).trim()).toBe('');
		const st = JSON.parse(lab(['status'])) as Array<{ state: string }>;
		expect(st.every((h) => h.state === 'down')).toBe(true);
	}, 400_000);
});


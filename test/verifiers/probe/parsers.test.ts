/** Parsers on real output recorded from the lab twin gm-vserver (as root via sudo, and as the unprivileged verifier). */
import { describe, expect, test } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseSs } from '../../../verifiers/probe/parse/ss.ts';
import { parseIpAddr } from '../../../verifiers/probe/parse/ip-json.ts';
import { parseDf } from '../../../verifiers/probe/parse/df.ts';
import { parseOsRelease } from '../../../verifiers/probe/parse/os-release.ts';
import { parseMeminfo } from '../../../verifiers/probe/parse/meminfo.ts';
import { parseUfw } from '../../../verifiers/probe/parse/ufw.ts';
import { parseNft } from '../../../verifiers/probe/parse/nft.ts';
import { parseDockerInspect } from '../../../verifiers/probe/parse/docker-inspect.ts';
import { parseDockerNetworks } from '../../../verifiers/probe/parse/docker-network.ts';
import { parseDockerVolumes } from '../../../verifiers/probe/parse/docker-volume.ts';
import { parseGroup, parsePasswd } from '../../../verifiers/probe/parse/getent.ts';
import { parseStat } from '../../../verifiers/probe/parse/stat.ts';
import { parseSshd } from '../../../verifiers/probe/parse/sshd.ts';
import { parseSystemctlShow } from '../../../verifiers/probe/parse/systemctl.ts';
import { parseHostname, parseKernel, parseNproc, parsePortRange } from '../../../verifiers/probe/parse/scalar.ts';
import { sectionProblem } from '../../../verifiers/probe/observe.ts';
import type { RawSection } from '../../../verifiers/probe/script.ts';

const DIR = join(import.meta.dirname, '..', '..', 'fixtures', 'probes');
const fx = (section: string, name: string) => readFileSync(join(DIR, section, `${name}.txt`), 'utf8');
const meta = (section: string, name: string) => JSON.parse(readFileSync(join(DIR, section, `${name}.meta.json`), 'utf8')) as Omit<RawSection, 'stdout'>;
const value = <T>(r: { ok: true; value: T } | { ok: false; error: string }): T => {
	if (!r.ok) throw new Error(r.error);
	return r.value;
};

describe('ss', () => {
	test('reads sockets with processes (root) from gm-vserver', () => {
		const s = value(parseSs(fx('ss', 'gm-vserver-root')));
		expect(s).toContainEqual({ protocol: 'tcp', bind: '*', rawBind: '0.0.0.0', port: 22, processes: ['sshd'] });
		expect(s).toContainEqual({ protocol: 'tcp', bind: '*', rawBind: '::', port: 22, processes: ['sshd'] });
		expect(s.find((x) => x.protocol === 'udp' && x.port === 53)).toMatchObject({ processes: ['aardvark-dns'] });
	});
	test('reads sockets without processes (no sudo)', () => {
		const s = value(parseSs(fx('ss', 'gm-vserver-nosudo')));
		expect(s.length).toBeGreaterThan(0);
		expect(s.every((x) => x.processes.length === 0)).toBe(true);
	});
	test('normalises bind forms: *, [::], ::ffff:, %iface', () => {
		const s = value(parseSs([
			'tcp LISTEN 0 511 *:80 *:* users:(("nginx",pid=1,fd=6),("nginx",pid=2,fd=6))',
			'tcp LISTEN 0 511 [::ffff:127.0.0.1]:5000 [::]:*',
			'udp UNCONN 0 0 127.0.0.53%lo:53 0.0.0.0:*',
			'udp UNCONN 0 0 [fe80::1]%eth0:546 [::]:*',
			'garbage line',
		].join('\n')));
		expect(s.map((x) => `${x.protocol} ${x.bind} ${x.port} ${x.processes.join(',')}`)).toEqual(['tcp * 80 nginx', 'tcp 127.0.0.1 5000 ', 'udp 127.0.0.53 53 ', 'udp fe80::1 546 ']);
	});
});

describe('docker', () => {
	test('inspect (the fixed template): names, normalised images, ports, health, mounts, env names — and no secret on the wire', () => {
		const text = fx('docker-inspect', 'gm-vserver-root');
		const cs = value(parseDockerInspect(text));
		expect(cs.length).toBeGreaterThan(5);
		const pg = cs.find((c) => c.name === 'grocery_postgres')!;
		expect(pg).toMatchObject({ image: 'postgres:16', state: 'running', health: 'healthy', restart: 'unless-stopped', networks: ['grocery-mate_devnet'] });
		expect(pg.mounts).toContainEqual({ type: 'volume', source: 'grocery-mate_postgres_data', target: '/var/lib/postgresql/data' });
		expect(pg.envNames).toContain('POSTGRES_PASSWORD');
		// the template prints env NAMES only: the host never sent the value
		expect(text).toContain('EN"POSTGRES_PASSWORD"');
		expect(text).not.toContain('LabSecret');
		expect(cs.find((c) => c.name === 'dovecot')!.ports.map((p) => p.hostPort)).toEqual([110, 143, 993, 995]);
		expect(cs.find((c) => c.name === 'grocery_backend')!.ports).toEqual([]);
	});
	test('labelled output: a line that is not label + JSON fails the section, never a partial list', () => {
		// eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- vitest's asymmetric matchers (expect.stringMatching …) are typed any
		expect(parseDockerInspect('CN"/a"\nIM"x:1"\ngarbage\n')).toMatchObject({ ok: false, error: expect.stringContaining('unexpected line') });
		// eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- vitest's asymmetric matchers (expect.stringMatching …) are typed any
		expect(parseDockerInspect('IM"x:1"\n')).toMatchObject({ ok: false, error: expect.stringContaining('before the first CN') });
		expect(parseDockerInspect('CN"/a"\nIM{"unterminated\n')).toMatchObject({ ok: false });
		expect(value(parseDockerInspect(''))).toEqual([]);
	});
	test('networks and volumes', () => {
		const nets = value(parseDockerNetworks(fx('docker-networks', 'gm-vserver-root')));
		expect(nets.find((n) => n.name === 'grocery-mate_devnet')).toMatchObject({ driver: 'bridge', subnets: [{ subnet: '172.18.0.0/16', gateway: '172.18.0.1' }] });
		expect(value(parseDockerVolumes(fx('docker-volumes', 'gm-vserver-root'))).length).toBeGreaterThan(0);
	});
	test('a docker socket without permission is "needs sudo", never "no containers"', () => {
		const m = meta('docker-inspect', 'gm-vserver-nosudo');
		const p = sectionProblem('docker-inspect', { priv: m.priv, rc: m.rc, stderr: m.stderr, stdout: fx('docker-inspect', 'gm-vserver-nosudo') });
		// eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- vitest's asymmetric matchers (expect.stringMatching …) are typed any
		expect(p).toMatchObject({ reason: 'needs-sudo', message: expect.stringContaining('needs sudo: add the lines in verifiers/probe/sudoers') });
	});
});

describe('firewall', () => {
	test('ufw status verbose from gm-vserver: defaults, rules, v6 twins folded', () => {
		const fw = value(parseUfw(fx('firewall', 'gm-vserver-root')));
		expect(fw).toMatchObject({ backend: 'ufw', active: true, defaults: { incoming: 'deny', outgoing: 'allow', routed: 'deny' } });
		expect(fw.rules).toContainEqual({ port: '22', protocol: 'tcp', action: 'allow', from: 'any' });
		expect(fw.rules.some((r) => r.v6)).toBe(false);
	});
	test('ufw without root is "needs sudo"', () => {
		const m = meta('firewall', 'gm-vserver-nosudo');
		expect(sectionProblem('firewall', { ...m, stdout: '' })?.reason).toBe('needs-sudo');
	});
	test('ufw comments, ranges, sources, multiport', () => {
		const fw = value(parseUfw('Status: active\nDefault: deny (incoming), allow (outgoing), disabled (routed)\n\nTo                         Action      From\n--                         ------      ----\n5432/tcp                   ALLOW IN    10.231.1.0/24              # db from lan\n60000:61000/udp            ALLOW IN    Anywhere\n80,443/tcp                 ALLOW IN    Anywhere\n8443/tcp                   DENY IN     Anywhere\n8443/tcp (v6)              DENY IN     Anywhere (v6)\n'));
		expect(fw.rules).toEqual([
			{ port: '5432', protocol: 'tcp', action: 'allow', from: '10.231.1.0/24', comment: 'db from lan' },
			{ port: '60000:61000', protocol: 'udp', action: 'allow', from: 'any' },
			{ port: '80', protocol: 'tcp', action: 'allow', from: 'any' },
			{ port: '443', protocol: 'tcp', action: 'allow', from: 'any' },
			{ port: '8443', protocol: 'tcp', action: 'deny', from: 'any' },
		]);
	});
	test('nftables JSON (recorded empty ruleset and a hand-written input chain)', () => {
		expect(value(parseNft(fx('nft', 'build-machine-empty')))).toMatchObject({ backend: 'nftables', active: false, rules: [] });
		const fw = value(parseNft(JSON.stringify({ nftables: [
			{ chain: { family: 'inet', table: 'filter', name: 'input', type: 'filter', hook: 'input', prio: 0, policy: 'drop' } },
			{ rule: { family: 'inet', table: 'filter', chain: 'input', expr: [{ match: { op: '==', left: { payload: { protocol: 'tcp', field: 'dport' } }, right: { set: [22, 443] } } }, { accept: null }] } },
			{ rule: { family: 'inet', table: 'filter', chain: 'input', expr: [{ match: { op: 'in', left: { ct: { key: 'state' } }, right: ['established'] } }, { accept: null }] } },
		] })));
		expect(fw).toEqual({ backend: 'nftables', active: true, defaults: { incoming: 'deny' }, rules: [{ port: '22', protocol: 'tcp', action: 'allow', from: 'any' }, { port: '443', protocol: 'tcp', action: 'allow', from: 'any' }] });
	});
});

describe('system', () => {
	test('scalars, os-release, meminfo, df, ip', () => {
		expect(value(parseHostname(fx('hostname', 'gm-vserver-root')))).toBe('jeff-4gb-nbg1-15');
		expect(value(parseKernel(fx('kernel', 'gm-vserver-root')))).toMatch(/^\d/);
		expect(value(parseNproc(fx('nproc', 'gm-vserver-root')))).toBeGreaterThan(0);
		expect(value(parsePortRange(fx('port-range', 'gm-vserver-root')))).toEqual([32768, 60999]);
		expect(value(parseOsRelease(fx('os-release', 'gm-vserver-root')))).toMatchObject({ id: 'ubuntu', versionId: '24.04' });
		expect(value(parseOsRelease(fx('os-release', 'debian12')))).toMatchObject({ id: 'debian', versionId: '12' });
		expect(value(parseMeminfo(fx('meminfo', 'build-machine')))).toBeGreaterThan(1000);
		expect(value(parseDf(fx('df', 'gm-vserver-root'))).some((d) => d.mount === '/')).toBe(true);
		const addrs = value(parseIpAddr(fx('ip-addr', 'gm-vserver-root')));
		expect(addrs).toContainEqual({ ifname: 'eth0', cidr: '91.99.21.21/32', family: 'inet' });
		expect(addrs).toContainEqual({ ifname: 'eth0', cidr: '2a01:4f8:1c1a:ca2e::1/64', family: 'inet6' });
	});
	test('getent, stat, sshd -T, systemctl show', () => {
		const users = value(parsePasswd(fx('passwd', 'gm-vserver-root')));
		expect(users.jeff).toMatchObject({ uid: 1000 });
		expect(value(parseGroup(fx('group', 'gm-vserver-root'))).docker?.members).toContain('jeff');
		const paths = value(parseStat(fx('stat', 'gm-vserver-root')));
		expect(paths['/etc']).toMatchObject({ exists: true, type: 'directory', owner: 'root', mode: '0755' });
		expect(paths['/nonexistent']).toEqual({ path: '/nonexistent', exists: false });
		expect(value(parseStat(fx('stat', 'gm-vserver-nosudo')))['/root/.ssh']).toMatchObject({ exists: 'unknown' });
		const sshd = value(parseSshd(fx('sshd', 'gm-vserver-root')));
		expect(Object.keys(sshd).every((k) => ['port', 'listenaddress', 'passwordauthentication', 'permitrootlogin', 'pubkeyauthentication', 'allowusers', 'allowgroups', 'kbdinteractiveauthentication'].includes(k))).toBe(true);
		expect(sshd.passwordauthentication).toBe('no');
		const units = value(parseSystemctlShow('Id=nginx.service\nLoadState=loaded\nActiveState=active\nSubState=running\nUnitFileState=enabled\nUser=\n\nId=x.service\nLoadState=not-found\nActiveState=inactive\nSubState=dead\nUnitFileState=\nUser=\n', ['nginx.service', 'x.service']));
		expect(units['x.service']?.loadState).toBe('not-found');
		expect(sectionProblem('systemctl', { priv: 'user', rc: 1, stdout: '', stderr: meta('systemctl', 'gm-vserver-root').stderr })?.reason).toBe('not-running');
	});
});

describe('robustness', () => {
	const parsers = [parseSs, parseIpAddr, parseDf, parseOsRelease, parseMeminfo, parseUfw, parseNft, parseDockerInspect, parseDockerNetworks, parseDockerVolumes, parsePasswd, parseGroup, parseStat, parseSshd, parseHostname, parseKernel, parseNproc, parsePortRange];
	test('never throw on arbitrary input', () => {
		fc.assert(fc.property(fc.string({ maxLength: 2000 }), (s) => {
			for (const p of parsers) {
				const r = p(s);
				expect(typeof r.ok).toBe('boolean');
			}
		}), { numRuns: 300 });
	});
	test('never throw on any recorded fixture fed to any parser', () => {
		for (const section of readdirSync(DIR)) {
			for (const f of readdirSync(join(DIR, section)).filter((n) => n.endsWith('.txt'))) {
				const text = readFileSync(join(DIR, section, f), 'utf8');
				for (const p of parsers) expect(() => p(text)).not.toThrow();
			}
		}
	});
	test('reject oversized input instead of parsing it', () => {
		expect(parseSs('x'.repeat(9 * 1024 * 1024)).ok).toBe(false);
	});
});

/**
 * Hermetic twins: a twin's system files do not depend on the machine that runs the lab.
 *
 * "Another machine" is this machine's root seen through a private mount namespace whose /etc is an overlay
 * with other users and groups (gid 110 and uid 1000 taken by other names, postgres and sshd missing),
 * another hosts/hostname/resolv.conf/nsswitch/sudoers/sshd_config, an extra library path and a profile.d
 * script (see `otherMachine`). Under it:
 *  1. the base tree (the lower layer of every twin's /etc and /var, lab/lib/base.sh) is byte-for-byte
 *     the tree built on the real root (one hash over names, types, modes, owners, link targets, contents);
 *  2. a configuration file that differs from its package fails the build and names the file;
 *  3. (running lab) every twin's account tables are lab/template/etc plus exactly the accounts its
 *     definition creates;
 *  4. (running lab) nb-staging recreated under the other root has the same system files (hashes) as when
 *     it was brought up on the real root.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, lab, labUnavailableReason, labSkipNotice } from '../helpers/lab.ts';

const LAB_SH = join(ROOT, 'lab', 'lab.sh');
const TEMPLATE = join(ROOT, 'lab', 'template', 'etc');
const notRoot = process.getuid?.() !== 0 ? 'building twin trees needs root (mount namespaces, chown)' : undefined;
const noLab = notRoot ?? labUnavailableReason();
labSkipNotice('test/lab/hermetic.test.ts (builder)', notRoot);
labSkipNotice('test/lab/hermetic.test.ts (running twins)', noLab);

/** The system files compared between a twin brought up on this machine and on the other machine. */
const SYSTEM_FILES = ['passwd', 'group', 'shadow', 'gshadow', 'subuid', 'subgid', 'hosts', 'hostname', 'machine-id', 'nsswitch.conf', 'resolv.conf', 'sudoers', 'ssh/sshd_config', 'pam.d/common-auth', 'ld.so.cache', 'os-release'].map((f) => `/etc/${f}`);

/** What each twin's definition adds to the template's account tables (lab/twins/*.sh). */
const CREATED: Record<string, { groups: string[]; users: string[]; members: Record<string, string> }> = {
	'gm-vserver': {
		groups: ['docker:x:110:jeff', 'jeff:x:1000:', 'verifier:x:1990:'],
		users: ['jeff:x:1000:1000::/home/jeff:/bin/bash', 'verifier:x:1990:1990::/home/verifier:/bin/bash'],
		members: { sudo: 'jeff', users: 'jeff' },
	},
	'nb-vps': { groups: ['maciejpi:x:1000:', 'verifier:x:1990:'], users: ['maciejpi:x:1000:1000::/home/maciejpi:/bin/bash', 'verifier:x:1990:1990::/home/verifier:/bin/bash'], members: { sudo: 'maciejpi' } },
	'nb-revproxy': {
		groups: ['docker:x:995:maciejpi', 'maciejpi:x:1000:', 'verifier:x:1990:'],
		users: ['maciejpi:x:1000:1000::/home/maciejpi:/bin/bash', 'verifier:x:1990:1990::/home/verifier:/bin/bash'],
		members: { sudo: 'maciejpi' },
	},
	'nb-staging': { groups: ['maciejpi:x:1000:', 'verifier:x:1990:'], users: ['maciejpi:x:1000:1000::/home/maciejpi:/bin/bash', 'verifier:x:1990:1990::/home/verifier:/bin/bash'], members: { sudo: 'maciejpi' } },
	// the workstation twin (lab/twins/dev-ws.sh): only the developer, no verifier account
	'dev-ws': { groups: ['dev:x:1000:'], users: ['dev:x:1000:1000::/home/dev:/bin/bash'], members: {} },
};

/** The template's table with `members` added to existing groups and `extra` lines appended. */
function expectedTable(file: 'group' | 'passwd', members: Record<string, string>, extra: string[]): string {
	const lines = readFileSync(join(TEMPLATE, file), 'utf8').trim().split('\n');
	const withMembers = lines.map((l) => {
		const [name] = l.split(':');
		const add = members[name!];
		return add ? `${l}${l.endsWith(':') ? '' : ','}${add}` : l;
	});
	return `${[...withMembers, ...extra].join('\n')}\n`;
}

/**
 * Writes the upper layer of "another machine's" /etc into `dir`: other accounts (gid 110 = lxd, uid 1000
 * = intruder, no postgres/sshd), other identity and configuration files, an extra library path and a
 * profile script. Returns the shell prologue that mounts it over /etc in a private mount namespace.
 */
function otherMachine(dir: string): string {
	const upper = join(dir, 'upper');
	mkdirSync(join(upper, 'ssh'), { recursive: true });
	mkdirSync(join(upper, 'ld.so.conf.d'), { recursive: true });
	mkdirSync(join(upper, 'profile.d'), { recursive: true });
	mkdirSync(join(dir, 'work'), { recursive: true });
	const passwd = readFileSync('/etc/passwd', 'utf8').split('\n').filter((l) => l && !/^(postgres|sshd):/.test(l) && Number(l.split(':')[2]) < 1000);
	const group = readFileSync('/etc/group', 'utf8').split('\n').filter((l) => l && Number(l.split(':')[2]) < 100);
	passwd.push('intruder:x:1000:1000:Other machine user:/home/intruder:/bin/bash', 'builder:x:101:110::/home/builder:/bin/sh');
	group.push('lxd:x:110:intruder', 'intruder:x:1000:', 'docker:x:101:intruder', 'ssl-cert:x:999:', 'netdev:x:998:');
	writeFileSync(join(upper, 'passwd'), `${passwd.join('\n')}\n`);
	writeFileSync(join(upper, 'group'), `${group.join('\n')}\n`);
	writeFileSync(join(upper, 'shadow'), `${passwd.map((l) => `${l.split(':')[0]}:$6$other$machine:19000:0:99999:7:::`).join('\n')}\n`, { mode: 0o640 });
	writeFileSync(join(upper, 'gshadow'), `${group.map((l) => `${l.split(':')[0]}:!::`).join('\n')}\n`, { mode: 0o640 });
	writeFileSync(join(upper, 'hosts'), '127.0.0.1 localhost other-machine\n10.0.0.9 build-cache\n');
	writeFileSync(join(upper, 'hostname'), 'other-machine\n');
	writeFileSync(join(upper, 'resolv.conf'), 'nameserver 10.231.99.53\nsearch other.example\n');
	writeFileSync(join(upper, 'nsswitch.conf'), 'passwd: files\ngroup: files\nshadow: files\nhosts: files mdns4_minimal dns\n');
	writeFileSync(join(upper, 'sudoers'), `${readFileSync('/etc/sudoers', 'utf8')}intruder ALL=(ALL) NOPASSWD:ALL\n`, { mode: 0o440 });
	writeFileSync(join(upper, 'ssh', 'sshd_config'), 'PermitRootLogin yes\nPasswordAuthentication yes\n');
	writeFileSync(join(upper, 'ld.so.conf.d', 'zz-other.conf'), '/opt/other/lib\n');
	writeFileSync(join(upper, 'profile.d', 'zz-other.sh'), 'export OTHER_MACHINE=1\n');
	writeFileSync(join(upper, 'environment'), 'OTHER_MACHINE=1\n');
	return `mount -t overlay overlay -o lowerdir=/etc,upperdir=${upper},workdir=${join(dir, 'work')} /etc`;
}

/** Runs `argv` (in the other machine's mount namespace when `prologue` is given); returns the result. */
function run(argv: string[], env: Record<string, string>, prologue?: string, timeout = 400_000) {
	const cmd = prologue ? ['unshare', '--mount', '--propagation', 'private', 'bash', '-e', '-c', `${prologue}; exec "$@"`, '_', ...argv] : argv;
	const r = spawnSync(cmd[0]!, cmd.slice(1), { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', timeout });
	return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** Builds the base tree into a fresh LAB_DIR and returns its hash (lab/lib/base.sh base_tree_hash). */
function buildBase(labDir: string, prologue?: string): string {
	const b = run(['bash', LAB_SH, 'base_ensure'], { LAB_DIR: labDir }, prologue);
	expect(b.status, b.stderr).toBe(0);
	const dir = readFileSync(join(labDir, 'base', 'current'), 'utf8').trim();
	const h = run(['bash', LAB_SH, 'base_tree_hash', dir], { LAB_DIR: labDir });
	expect(h.status, h.stderr).toBe(0);
	return h.stdout.trim();
}

describe.skipIf(notRoot)('hermetic twins: the base tree', () => {
	let tmp = '';
	beforeAll(() => {
		tmp = mkdtempSync('/mnt/lab-hermetic-');
	});
	afterAll(() => {
		if (tmp) rmSync(tmp, { recursive: true, force: true });
	});

	test('built under another machine root (other users, groups, hosts, sudoers, …) it is byte-for-byte the same', () => {
		const here = buildBase(join(tmp, 'here'));
		const there = buildBase(join(tmp, 'there'), otherMachine(join(tmp, 'other')));
		expect(there).toMatch(/^[0-9a-f]{64}$/);
		expect(there).toBe(here);
		// and its account tables are the template's, not this machine's
		const dir = readFileSync(join(tmp, 'there', 'base', 'current'), 'utf8').trim();
		for (const f of ['passwd', 'group', 'shadow', 'gshadow', 'sudoers', 'hosts', 'nsswitch.conf', 'resolv.conf']) {
			expect(readFileSync(join(dir, 'etc', f), 'utf8'), f).toBe(readFileSync(join(TEMPLATE, f), 'utf8'));
		}
	}, 600_000);

	test('a configuration file changed on the machine fails the build and is named', () => {
		const dir = join(tmp, 'changed');
		const prologue = `${otherMachine(dir)}; echo '# changed on this machine' >> /etc/nginx/nginx.conf`;
		const r = run(['bash', LAB_SH, 'base_ensure'], { LAB_DIR: join(tmp, 'changed-lab') }, prologue);
		expect(r.status).not.toBe(0);
		expect(r.stderr).toContain('/etc/nginx/nginx.conf');
		expect(r.stderr).toMatch(/differ from their packages/);
	}, 600_000);
});

describe.skipIf(noLab)('hermetic twins: running twins', () => {
	test.each(Object.keys(CREATED))('%s: account tables are the template plus what its definition creates', (id) => {
		const c = CREATED[id]!;
		const group = lab('exec', id, '--', 'cat', '/etc/group');
		const passwd = lab('exec', id, '--', 'cat', '/etc/passwd');
		expect(group).toBe(expectedTable('group', c.members, c.groups));
		expect(passwd).toBe(expectedTable('passwd', {}, c.users));
	});

	// systemd-nspawn copies the machine's resolv.conf and time zone into a container unless told not to
	test.each(Object.keys(CREATED))('%s: resolv.conf and time zone are the template\'s, not this machine\'s', (id) => {
		expect(lab('exec', id, '--', 'cat', '/etc/resolv.conf')).toBe(readFileSync(join(TEMPLATE, 'resolv.conf'), 'utf8'));
		expect(lab('exec', id, '--', 'readlink', '/etc/localtime').trim()).toBe(readlinkSync(join(TEMPLATE, 'localtime')));
		expect(lab('exec', id, '--', 'cat', '/etc/timezone')).toBe(readFileSync(join(TEMPLATE, 'timezone'), 'utf8'));
	});

	test('nb-staging recreated under another machine root has the same system files as on this root', () => {
		const hashes = () => lab('exec', 'nb-staging', '--', 'sha256sum', ...SYSTEM_FILES);
		const before = hashes();
		expect(before.trim().split('\n')).toHaveLength(SYSTEM_FILES.length);
		const tmp = mkdtempSync('/mnt/lab-hermetic-');
		try {
			const r = run([process.execPath, join(ROOT, 'lab', 'cli.ts'), 'reset', 'nb-staging'], {}, otherMachine(tmp), 600_000);
			expect(r.status, `${r.stderr}\n${r.stdout}`).toBe(0);
		} finally {
			rmSync(tmp, { recursive: true, force: true });
		}
		expect(hashes()).toBe(before);
		const c = CREATED['nb-staging']!;
		expect(lab('exec', 'nb-staging', '--', 'cat', '/etc/group')).toBe(expectedTable('group', c.members, c.groups));
	}, 700_000);
});

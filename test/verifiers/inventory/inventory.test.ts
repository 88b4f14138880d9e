import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { parseInventory } from '../../../verifiers/inventory/parse.ts';
import { listTargets, loadInventory, resolveTarget } from '../../../verifiers/inventory/load.ts';
import { InventoryError } from '../../../verifiers/inventory/errors.ts';
import { TransportError } from '../../../verifiers/transport/errors.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');

/**
 * Returns the message of the error thrown by `fn`.
 */
function errorOf(fn: () => unknown): InventoryError {
	try {
		fn();
	} catch (error) {
		if (error instanceof InventoryError) return error;
		throw error;
	}
	throw new Error('expected an InventoryError');
}

const VALID = `version: 1
name: lab
knownHosts: known_hosts
identityFile: keys/id_lab
user: verifier
hosts:
  gm-vserver: { address: 10.231.1.2, port: 22 }
  nb-revproxy: { address: 10.231.4.1 }
  nb-staging: { address: 10.231.4.2, port: 22, jump: [nb-revproxy] }
  direct: { address: 10.231.4.3, jump: null }
ca: pki/ca.crt
resolve: { gro-mate.tech: 10.231.1.2 }
resolver: 10.231.53.2:53
`;

describe('parseInventory: error messages name file, line, field and what is allowed', () => {
	test('a valid inventory parses', () => {
		expect(parseInventory(VALID, 'inv.yaml').data.hosts['nb-staging']).toEqual({ address: '10.231.4.2', port: 22, jump: ['nb-revproxy'] });
	});

	test('bad port, unknown host field, missing address', () => {
		const text = `version: 1
name: lab
knownHosts: kh
hosts:
  a: { address: 10.231.1.2, port: 70000 }
  b:
    address: 10.231.1.3
    prot: 22
  c: { user: x }
`;
		const error = errorOf(() => parseInventory(text, 'inv.yaml'));
		expect(error.message).toBe(`Invalid inventory inv.yaml:
  inv.yaml:5: hosts.a.port: expected a port number 1–65535, got 70000
  inv.yaml:8: hosts.b: unknown field "prot"; allowed: address, port, user, jump, sshConfig, identityFile, knownHosts
  inv.yaml:9: hosts.c: a host needs an "address" or an "sshConfig" alias`);
		expect(error.code).toBe('config');
		expect(error.line).toBe(5);
		expect(error.file).toBe('inv.yaml');
		expect(error.hint).toMatch(/verifiers\/inventory\/schema\.ts/);
		expect(error).toBeInstanceOf(TransportError);
	});

	test('wrong version, unknown top-level field, bad address and host id, bad resolver', () => {
		const text = `version: 2
name: lab
hostz: {}
hosts:
  "bad id!": { address: 10.0.0.1 }
  ok: { address: "-oProxyCommand=x" }
resolver: "10.0.0.1:99999"
`;
		expect(errorOf(() => parseInventory(text, 'inv.yaml')).message).toBe(`Invalid inventory inv.yaml:
  inv.yaml:1: version: expected version: 1, got 2
  inv.yaml:3: (top level): unknown field "hostz"; allowed: version, name, knownHosts, identityFile, user, sshConfigFile, hosts, ca, resolve, resolver
  inv.yaml:5: hosts.bad id!: invalid host id "bad id!": use letters, digits, . _ - (max 63, starting with a letter or digit)
  inv.yaml:6: hosts.ok.address: expected an IP address or DNS name, got "-oProxyCommand=x"
  inv.yaml:7: resolver: expected address[:port] of a DNS server, e.g. 10.231.53.2:53, got "10.0.0.1:99999"`);
	});

	test('YAML syntax errors and duplicate keys name the line', () => {
		const dup = `version: 1
name: lab
hosts:
  a: { address: 10.0.0.1 }
  a: { address: 10.0.0.2 }
`;
		const error = errorOf(() => parseInventory(dup, 'inv.yaml'));
		expect(error.message).toBe('Invalid inventory inv.yaml: not valid YAML:\n  inv.yaml:5: Map keys must be unique');
		expect(error.line).toBe(5);
		expect(errorOf(() => parseInventory('hosts: [', 'inv.yaml')).message).toMatch(/^Invalid inventory inv\.yaml: not valid YAML:\n {2}inv\.yaml:1: /);
	});

	test('unresolved and exploding aliases are InventoryErrors, not crashes', () => {
		expect(errorOf(() => parseInventory('*!', 'inv.yaml')).message).toMatch(/^Invalid inventory inv\.yaml: not valid YAML: /);
		const laughs = ['a: &a [x, x, x, x, x, x, x, x, x]', ...'bcdefghi'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill('*' + 'abcdefghi'[i]).join(', ')}]`)].join('\n');
		expect(errorOf(() => parseInventory(laughs, 'inv.yaml')).message).toMatch(/^Invalid inventory inv\.yaml: not valid YAML: .*alias/i);
	});

	test('an empty file says what is expected', () => {
		expect(errorOf(() => parseInventory('', 'inv.yaml')).message).toMatch(/^Invalid inventory inv\.yaml:\n {2}inv\.yaml(:\d+)?: \(top level\): /);
	});

	test('never crashes on arbitrary input: either data or an InventoryError (fast-check)', () => {
		fc.assert(
			fc.property(fc.string({ maxLength: 300 }), (text) => {
				try {
					parseInventory(text, 'f.yaml');
				} catch (error) {
					expect(error).toBeInstanceOf(InventoryError);
				}
			})
		);
	});
});

describe('loadInventory', () => {
	let dir: string;
	beforeAll(() => {
		dir = mkdtempSync(join(tmpdir(), 'inv-'));
	});
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	test('resolves paths relative to the file, defaults and jump chains', async () => {
		const file = join(dir, 'inventory.yaml');
		writeFileSync(file, VALID);
		const inv = await loadInventory({ name: 'lab', file }, { localUser: 'me', home: '/home/me' });
		expect(inv.target).toBe('lab');
		expect(inv.ca).toBe(join(dir, 'pki/ca.crt'));
		expect(inv.resolver).toEqual({ address: '10.231.53.2', port: 53 });
		expect(inv.resolve).toEqual({ 'gro-mate.tech': '10.231.1.2' });
		const staging = inv.hosts['nb-staging'];
		expect(inv.hosts['direct']?.jump).toEqual([]);
		expect(staging).toEqual({
			id: 'nb-staging',
			address: '10.231.4.2',
			port: 22,
			user: 'verifier',
			identityFile: join(dir, 'keys/id_lab'),
			knownHosts: [join(dir, 'known_hosts')],
			jump: [{ id: 'nb-revproxy', address: '10.231.4.1', port: 22, user: 'verifier', identityFile: join(dir, 'keys/id_lab'), knownHosts: [join(dir, 'known_hosts')] }],
		});
	});

	test('nested jumps, ad-hoc user@host:port hops, loops and unknown hops', async () => {
		const file = join(dir, 'nested.yaml');
		writeFileSync(
			file,
			`version: 1
name: t
knownHosts: [kh1, /abs/kh2]
hosts:
  outer: { address: 10.231.9.1 }
  mid: { address: 10.231.9.2, jump: outer }
  inner: { address: 10.231.9.3, jump: [mid, "ops@10.231.9.4:2200"] }
`
		);
		const inv = await loadInventory(file, { localUser: 'me', home: '/home/me', root: dir });
		expect(inv.target).toBe('t');
		expect(inv.hosts['inner']?.jump.map((h) => `${h.user}@${h.id}=${h.address}:${h.port}`)).toEqual([
			'me@outer=10.231.9.1:22',
			'me@mid=10.231.9.2:22',
			'ops@ops@10.231.9.4:2200=10.231.9.4:2200',
		]);
		expect(inv.hosts['outer']?.knownHosts).toEqual([join(dir, 'kh1'), '/abs/kh2']);

		const loop = join(dir, 'loop.yaml');
		writeFileSync(loop, 'version: 1\nname: t\nknownHosts: kh\nhosts:\n  a: { address: 10.0.0.1, jump: [b] }\n  b: { address: 10.0.0.2, jump: [a] }\n');
		await expect(loadInventory(loop, { root: dir })).rejects.toThrow('Invalid inventory loop.yaml:6: jump loop: a → b → a');

		const noKh = join(dir, 'nokh.yaml');
		writeFileSync(noKh, 'version: 1\nname: t\nhosts:\n  a: { address: 10.0.0.1 }\n');
		await expect(loadInventory(noKh, { root: dir })).rejects.toThrow('Invalid inventory nokh.yaml:4: host a has no known_hosts file');
	});

	test('sshConfig aliases are resolved from ~/.ssh/config (Match never evaluated, warned)', async () => {
		const home = join(dir, 'home');
		mkdirSync(join(home, '.ssh'), { recursive: true });
		writeFileSync(
			join(home, '.ssh', 'config'),
			`Host myalias
  HostName 10.231.7.7
  User alice
  Port 2202
  IdentityFile ~/.ssh/id_alias
  ProxyJump bastion
  UserKnownHostsFile ~/.ssh/kh_alias
Host bastion
  HostName 10.231.7.1
  User bob
Match exec "touch ${join(dir, 'pwned')}"
  User evil
`
		);
		const file = join(dir, 'alias.yaml');
		writeFileSync(file, 'version: 1\nname: t\nknownHosts: kh\nhosts:\n  some-host: { sshConfig: myalias }\n');
		const inv = await loadInventory(file, { home, localUser: 'me', root: dir });
		expect(inv.hosts['some-host']).toEqual({
			id: 'some-host',
			address: '10.231.7.7',
			port: 2202,
			user: 'alice',
			identityFile: join(home, '.ssh/id_alias'),
			knownHosts: [join(dir, 'kh'), join(home, '.ssh/kh_alias')],
			jump: [{ id: 'bastion', address: '10.231.7.1', port: 22, user: 'bob', knownHosts: [join(dir, 'kh')] }],
		});
		expect(inv.warnings).toHaveLength(1);
		expect(inv.warnings[0]).toMatch(/Match exec .* is not evaluated/);
	});

	test('an unreadable file is a config error', async () => {
		await expect(loadInventory(join(dir, 'missing.yaml'), { root: dir })).rejects.toThrow('Cannot read inventory missing.yaml: ENOENT.');
	});
});

describe('resolveTarget', () => {
	let root: string;
	beforeAll(() => {
		root = mkdtempSync(join(tmpdir(), 'root-'));
		mkdirSync(join(root, 'verifiers', 'targets'), { recursive: true });
		writeFileSync(join(root, 'verifiers', 'targets', 'production.yaml'), '');
		writeFileSync(join(root, 'verifiers', 'targets', 'staging.yaml'), '');
	});
	afterAll(() => rmSync(root, { recursive: true, force: true }));

	test('default target is lab; a missing lab says how to start it', () => {
		const error = errorOf(() => resolveTarget(undefined, { root, env: {} }));
		expect(error.message).toBe('The lab is not up: .lab/inventory.yaml does not exist.');
		expect(error.hint).toBe('Start it with `npm run lab -- up`, or name another target with --target or VERIFY_TARGET.');
		mkdirSync(join(root, '.lab'));
		writeFileSync(join(root, '.lab', 'inventory.yaml'), '');
		expect(resolveTarget(undefined, { root, env: {} })).toEqual({ name: 'lab', file: join(root, '.lab', 'inventory.yaml') });
	});

	test('named targets, VERIFY_TARGET, explicit name over env, paths', () => {
		expect(resolveTarget('production', { root, env: {} })).toEqual({ name: 'production', file: join(root, 'verifiers/targets/production.yaml') });
		expect(resolveTarget(undefined, { root, env: { VERIFY_TARGET: 'staging' } }).name).toBe('staging');
		expect(resolveTarget('production', { root, env: { VERIFY_TARGET: 'staging' } }).name).toBe('production');
		const path = join(root, 'verifiers/targets/staging.yaml');
		expect(resolveTarget(path, { root, env: {} })).toEqual({ name: 'staging', file: path });
	});

	test('unknown targets list the available ones', () => {
		const error = errorOf(() => resolveTarget('prod', { root, env: {} }));
		expect(error.message).toBe('Unknown target "prod".');
		expect(error.hint).toBe('Available targets: lab, production, staging. Or give the path of an inventory file ending in .yaml.');
		expect(errorOf(() => resolveTarget(undefined, { root, env: { VERIFY_TARGET: '../etc' } })).message).toBe('Unknown target "../etc" (from VERIFY_TARGET).');
		expect(errorOf(() => resolveTarget('/nope/x.yaml', { root, env: {} })).message).toBe('Inventory file /nope/x.yaml does not exist.');
		expect(listTargets(root)).toEqual(['lab', 'production', 'staging']);
	});
});

describe('the shipped production target', () => {
	test('is valid, has the documented hosts, and pins nothing yet', async () => {
		const target = resolveTarget('production', { root: ROOT, env: {} });
		const inv = await loadInventory(target, { root: ROOT, localUser: 'me', home: '/home/me' });
		expect(inv.target).toBe('production');
		expect(Object.fromEntries(Object.entries(inv.hosts).map(([id, h]) => [id, `${h.user}@${h.address}:${h.port}${h.jump.map((j) => ` via ${j.id}`).join('')}`]))).toEqual({
			'gm-vserver': 'verifier@91.99.21.21:22',
			'nb-vps': 'verifier@57.128.200.27:22',
			'nb-revproxy': 'verifier@10.22.68.250:22',
			'nb-staging': 'verifier@10.22.68.248:22 via nb-revproxy',
		});
		expect(inv.hosts['gm-vserver']?.knownHosts).toEqual([join(ROOT, 'verifiers/targets/production_known_hosts')]);
		expect(inv.hosts['gm-vserver']?.identityFile).toBeUndefined();
	});
});

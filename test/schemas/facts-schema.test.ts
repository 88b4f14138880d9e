import { describe, expect, test } from 'vitest';
import { FactsSchema, PageFactsSchema } from '../../model/schemas/facts.ts';

/** Parses a facts block and returns `path: message` per issue (or [] when valid). */
function problems(facts: unknown): string[] {
	const r = FactsSchema.safeParse(facts);
	return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('fact model: valid declarations', () => {
	test.each([
		['a host with OS, kernel and resources', { hosts: [{ id: 'gm-vserver', hostname: 'jeff-4gb-nbg1-15', os: { id: 'ubuntu', version: '24.04' }, kernel: '6.8.0-87-generic', cpus: 2, memory: { value: 3.7, tolerance: 15 }, disks: [{ mount: '/', size: { value: 38 } }] }] }],
		['IPv4 and IPv6 addresses with prefix', { host: 'h', addresses: [{ address: '91.99.21.21/32', interface: 'eth0' }, { address: '2a01:4f8:1c1a:ca2e::1/64' }] }],
		['a socket bound to localhost', { host: 'h', sockets: [{ port: 5000, bind: '127.0.0.1', process: 'gunicorn' }] }],
		['a ufw firewall', { host: 'h', firewalls: [{ defaults: { incoming: 'deny', outgoing: 'allow' }, rules: [{ port: 22, protocol: 'tcp' }, { port: '60000:61000', protocol: 'udp', from: '10.0.0.0/8' }] }] }],
		['a container with tag, ports, networks, mounts', { host: 'h', containers: [{ name: 'pgadmin', image: 'dpage/pgadmin4:latest', ports: [{ hostPort: 8082, containerPort: 80 }], networks: ['grocery-mate_devnet'], mounts: [{ source: 'pgadmin_data', target: '/var/lib/pgadmin' }], restart: 'unless-stopped' }] }],
		['an image with registry port and digest', { host: 'h', containers: [{ name: 'x', image: 'registry.local:5000/team/app@sha256:' + 'a'.repeat(64) }] }],
		['certificates, HTTP endpoints and DNS', { certificates: [{ domain: 'gro-mate.tech', issuer: "Let's Encrypt" }], http: [{ url: 'http://gro-mate.tech/', statusCode: 301, redirect: 'https://gro-mate.tech/' }], dns: [{ name: 'gro-mate.tech', type: 'A', values: ['91.99.21.21'], ttl: 3600 }] }],
		['units, users, groups, paths, sshd', { host: 'h', units: [{ name: 'nordabiznes.service', enabled: true, user: 'maciejpi' }], users: [{ name: 'jeff', groups: ['sudo', 'docker'] }], groups: [{ name: 'docker', members: ['jeff'] }], paths: [{ path: '/opt/mailcow-dockerized', mode: '0755' }], sshd: [{ passwordAuthentication: false, permitRootLogin: 'prohibit-password' }] }],
		['a waiver and a planned fact', { host: 'h', containers: [{ name: 'keycloak', image: 'quay.io/keycloak/keycloak:latest', status: 'planned' }], sockets: [{ port: 81, bind: '0.0.0.0', waiver: { reason: 'admin UI until VPN exists', owner: 'jeff', expires: '2027-01-31' } }] }],
	])('accepts %s', (_name, facts) => {
		expect(problems(facts)).toEqual([]);
	});

	test('fills defaults (protocol tcp, state running, certificate port 443)', () => {
		const f = FactsSchema.parse({ sockets: [{ port: 22, bind: '0.0.0.0' }], containers: [{ name: 'a', image: 'postgres:16' }], certificates: [{ domain: 'a.example.org' }] });
		expect(f.sockets[0]).toMatchObject({ protocol: 'tcp', status: 'current' });
		expect(f.containers[0]).toMatchObject({ state: 'running' });
		expect(f.certificates[0]).toMatchObject({ port: 443, minDaysLeft: 14 });
	});
});

describe('fact model: invalid declarations name the field and what is allowed', () => {
	test.each([
		['IP 999.1.1.1', { addresses: [{ address: '999.1.1.1/32' }] }, ['addresses.0.address: must be an address with prefix length, e.g. 10.0.0.1/24 or 2001:db8::1/64']],
		['port 70000', { sockets: [{ port: 70000, bind: '0.0.0.0' }] }, ['sockets.0.port: must be a port number between 1 and 65535']],
		['bind 999.1.1.1', { sockets: [{ port: 22, bind: '999.1.1.1' }] }, ['sockets.0.bind: must be an IP address (127.0.0.1, 0.0.0.0, ::) or "*"']],
		['image without tag', { containers: [{ name: 'db', image: 'postgres' }] }, ['containers.0.image: must be an image with a tag, e.g. postgres:16 or dpage/pgadmin4:latest (add ":<tag>")']],
		['a container name with shell metacharacters', { containers: [{ name: 'x;rm -rf /', image: 'a:1' }] }, ['containers.0.name: must be a plain name: letters, digits and _ . @ : + - (no spaces, quotes or shell characters)']],
		['a path with ..', { paths: [{ path: '/var/../etc/shadow' }] }, ['paths.0.path: must not contain ".." segments']],
		['a host id with capitals', { hosts: [{ id: 'GM_Server' }] }, ['hosts.0.id: must be a host id: lower-case letters, digits and dashes, e.g. "gm-vserver"']],
		['an unknown key', { sockets: [{ port: 22, bind: '0.0.0.0', bnid: '1.2.3.4' }] }, ['sockets.0: Unrecognized key: "bnid"']],
		['a waiver without expiry', { sockets: [{ port: 22, bind: '0.0.0.0', waiver: { reason: 'because', owner: 'me' } }] }, ['sockets.0.waiver.expires: must be a date in the form YYYY-MM-DD']],
		['a unit without type', { units: [{ name: 'nginx' }] }, ['units.0.name: must be a unit name with its type, e.g. nginx.service']],
	])('rejects %s', (_name, facts, expected) => {
		expect(problems(facts)).toEqual(expected);
	});

	test('rejects an unknown estate with the allowed values', () => {
		const r = PageFactsSchema.safeParse({ estate: 'acme' });
		expect(r.success).toBe(false);
		expect(r.error?.issues[0]?.message).toBe('must be one of: grocerymate, norda');
	});

	test('bounds list sizes (hostile input)', () => {
		const r = FactsSchema.safeParse({ sockets: Array.from({ length: 1001 }, (_, i) => ({ port: (i % 65535) + 1, bind: '0.0.0.0' })) });
		expect(r.success).toBe(false);
		expect(r.error?.issues[0]?.message).toBe('at most 1000 entries per list');
	});
});

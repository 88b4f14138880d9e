import { expect, test } from 'vitest';
import type { DeclaredFact } from '../../model/facts/store.ts';
import { cidrContains, topologyDiagram } from '../../src/verification/topology.ts';

let n = 0;
const f = (kind: string, host: string | undefined, value: Record<string, unknown>): DeclaredFact =>
	({ id: `${kind}-${n++}`, kind, host, estate: 'norda', value: { status: 'current', ...value }, file: 'x.mdx', line: 1, lang: 'en', slug: 'x' }) as DeclaredFact;

const facts = [
	f('hosts', 'web', { id: 'web', hostname: 'web-01' }),
	f('hosts', 'jump', { id: 'jump' }),
	f('hosts', 'db', { id: 'db' }),
	f('addresses', 'web', { address: '203.0.113.10/24', interface: 'eth0' }),
	f('addresses', 'web', { address: '172.18.0.1/16', interface: 'br-1234' }),
	f('addresses', 'jump', { address: '10.0.0.5/24' }),
	f('addresses', 'db', { address: '10.0.0.9/24' }),
	f('sockets', 'web', { port: 22, protocol: 'tcp', bind: '10.0.0.2', process: 'sshd' }),
	f('sockets', 'web', { port: 443, protocol: 'tcp', bind: '0.0.0.0', process: 'docker-proxy' }),
	f('sockets', 'web', { port: 5432, protocol: 'tcp', bind: '127.0.0.1', process: 'postgres' }),
	f('firewalls', 'web', { backend: 'ufw', active: true, defaults: { incoming: 'deny', outgoing: 'allow' }, rules: [{ port: 22, action: 'allow', from: '10.0.0.0/24' }, { port: 443, action: 'allow', from: 'any' }] }),
	f('containers', 'web', { name: 'proxy', image: 'nginx:1', ports: [{ hostIp: '0.0.0.0', hostPort: 443, containerPort: 443, protocol: 'tcp' }], networks: ['front'] }),
	f('containers', 'web', { name: 'app', image: 'app:2', ports: [], networks: ['front'] }),
	f('http', 'web', { url: 'https://shop.example.org/', statusCode: 200 }),
	f('dns', undefined, { name: 'www.example.org', type: 'A', values: ['203.0.113.10'] }),
];

test('the topology is generated from the facts', () => {
	const d = topologyDiagram(facts, { hosts: ['web'], lang: 'en' });
	expect(d).toMatch(/\n---\nflowchart LR\n/);
	// room below the two-line host title (name, address) so no node covers the address
	expect(d).toMatch(/^---\nconfig:\n {2}flowchart:\n {4}subGraphTitleMargin:\n {6}top: 4\n {6}bottom: 32\n---\n/);
	// own public address only (no Docker bridge)
	expect(d).toContain('subgraph H_web["web (web-01)<br>203.0.113.10/24"]');
	// published port → container, Docker network
	expect(d).toContain('S_web_tcp_443 -->|"→ 443"| C_web_proxy');
	expect(d).toContain('C_web_app --- N_web_front');
	// domains from HTTP endpoints and DNS routed to 443
	expect(d).toContain('inet -->|"shop.example.org<br>www.example.org"| S_web_tcp_443');
	// loopback socket not reachable from the Internet
	expect(d).not.toContain('inet --> S_web_tcp_5432');
	// jump path: the firewall admits the jump host's subnet to SSH
	expect(d).toContain('X_jump -.->|"SSH jump"| S_web_tcp_22');
	expect(d).toContain('X_db -.->');
});

test('hosts on one LAN segment are linked through it', () => {
	const d = topologyDiagram(facts, { hosts: ['jump'], lang: 'de' });
	expect(d).toContain('L_10_0_0_0_24{{"LAN 10.0.0.0/24"}}');
	expect(d).toContain('X_db --- L_10_0_0_0_24');
	expect(d).not.toContain('inet');
});

test('labels cannot break out of Mermaid quoting', () => {
	const d = topologyDiagram([f('hosts', 'x', { id: 'x', hostname: 'a"]-->evil["<b>' })], { hosts: ['x'] });
	expect(d).toContain('x (a#quot;]--#gt;evil[#quot;#lt;b#gt;)');
});

test.each([
	['10.0.0.0/24', '10.0.0.9', true],
	['10.0.0.0/24', '10.0.1.9/24', false],
	['any', '1.2.3.4', true],
	['2001:db8::1', '2001:db8::1/64', true],
])('cidrContains(%s, %s) = %s', (c, ip, r) => expect(cidrContains(c, ip)).toBe(r));

import { describe } from 'vitest';
import { hostsKind } from '../../../verifiers/kinds/hosts.ts';
import { addressesKind } from '../../../verifiers/kinds/addresses.ts';
import { firewallsKind } from '../../../verifiers/kinds/firewalls.ts';
import { networksKind } from '../../../verifiers/kinds/networks.ts';
import { volumesKind } from '../../../verifiers/kinds/volumes.ts';
import { unitsKind } from '../../../verifiers/kinds/units.ts';
import { usersKind } from '../../../verifiers/kinds/users.ts';
import { groupsKind } from '../../../verifiers/kinds/groups.ts';
import { pathsKind } from '../../../verifiers/kinds/paths.ts';
import { sshdKind } from '../../../verifiers/kinds/sshd.ts';
import { certificatesKind } from '../../../verifiers/kinds/certificates.ts';
import { httpKind } from '../../../verifiers/kinds/http.ts';
import { dnsKind } from '../../../verifiers/kinds/dns.ts';
import type { ObservedFirewall, TlsObservation } from '../../../verifiers/observation.ts';
import { ctx, fact, noLocal, obs, ruleTester } from '../helpers.ts';

const host = { id: 'h1', hostname: 'jeff-4gb-nbg1-15', os: { id: 'ubuntu', version: '24.04' }, kernel: '6.8.0-87-generic', cpus: 2, memory: { value: 4 }, disks: [{ mount: '/', size: { value: 40 } }] };
const hostObs = obs({ hostname: 'jeff-4gb-nbg1-15', os: { id: 'ubuntu', versionId: '24.04' }, kernel: '6.8.0-87-generic', cpus: 2, memoryKiB: 3.8 * 1024 * 1024, disks: [{ filesystem: '/dev/sda1', mount: '/', sizeKiB: 38_000_000 }] });
describe(hostsKind.kind, () => ruleTester(hostsKind, {
	valid: [{ name: 'identity and resources within tolerance', fact: fact('hosts', host), obs: hostObs }],
	invalid: [
		{ name: 'renamed, upgraded, memory out of tolerance', fact: fact('hosts', host), obs: { ...hostObs, hostname: 'other', os: { id: 'ubuntu', versionId: '22.04' }, memoryKiB: 2 * 1024 * 1024 }, findings: [{ outcome: 'drift', ruleId: 'hosts/hostname' }, { outcome: 'drift', ruleId: 'hosts/os', message: /22.04, documented 24.04/ }, { outcome: 'drift', ruleId: 'hosts/memory', message: '{{host}}'.replace('{{host}}', 'h1 has 2 GiB memory, documented 4 GiB ± 10 %.') }] },
		{ name: 'disk not mounted', fact: fact('hosts', { id: 'h1', disks: [{ mount: '/srv' }] }), obs: hostObs, findings: [{ outcome: 'drift', ruleId: 'hosts/disks' }] },
	],
}));

describe(addressesKind.kind, () => ruleTester(addressesKind, {
	valid: [
		{ name: 'v4 on eth0', fact: fact('addresses', { address: '91.99.21.21/32', interface: 'eth0' }), obs: obs({ addresses: [{ ifname: 'eth0', cidr: '91.99.21.21/32', family: 'inet' }] }) },
		{ name: 'v6 written differently', fact: fact('addresses', { address: '2a01:4f8:1c1a:ca2e:0::1/64' }), obs: obs({ addresses: [{ ifname: 'eth0', cidr: '2a01:4f8:1c1a:ca2e::1/64', family: 'inet6' }] }) },
	],
	invalid: [
		{ name: 'address gone', fact: fact('addresses', { address: '91.99.21.21/32' }), obs: obs({ addresses: [] }), findings: [{ outcome: 'drift', ruleId: 'addresses/present' }] },
		{ name: 'other interface and prefix', fact: fact('addresses', { address: '91.99.21.21/32', interface: 'eth0' }), obs: obs({ addresses: [{ ifname: 'ens3', cidr: '91.99.21.21/24', family: 'inet' }] }), findings: [{ outcome: 'drift', ruleId: 'addresses/prefix' }, { outcome: 'drift', ruleId: 'addresses/interface' }] },
	],
}));

const fw: ObservedFirewall = { backend: 'ufw', active: true, defaults: { incoming: 'deny', outgoing: 'allow', routed: 'deny' }, rules: [{ port: '22', protocol: 'tcp', action: 'allow', from: 'any' }, { port: '5432', protocol: 'tcp', action: 'allow', from: '10.231.1.0/24' }] };
describe(firewallsKind.kind, () => ruleTester(firewallsKind, {
	valid: [{ name: 'ufw active with rules', fact: fact('firewalls', { defaults: { incoming: 'deny', outgoing: 'allow' }, rules: [{ port: 22, protocol: 'tcp' }, { port: 5432, protocol: 'tcp', from: '10.231.1.0/24' }] }), obs: obs({ firewall: fw }) }],
	invalid: [
		{ name: 'disabled', fact: fact('firewalls', {}), obs: obs({ firewall: { ...fw, active: false } }), findings: [{ outcome: 'drift', ruleId: 'firewalls/active' }] },
		{ name: 'rule missing, default allow', fact: fact('firewalls', { defaults: { incoming: 'deny', outgoing: 'allow' }, rules: [{ port: 443, protocol: 'tcp' }] }), obs: obs({ firewall: { ...fw, defaults: { incoming: 'allow', outgoing: 'allow' } } }), findings: [{ outcome: 'drift', ruleId: 'firewalls/defaults' }, { outcome: 'drift', ruleId: 'firewalls/rule', message: /allow 443\/tcp from any/ }] },
		{ name: 'needs sudo', fact: fact('firewalls', {}), obs: obs({ problems: { firewall: { reason: 'needs-sudo', message: 'firewall: needs sudo: add the lines in verifiers/probe/sudoers' } } }), findings: [{ outcome: 'unverified', ruleId: 'firewalls/probe' }] },
	],
}));

describe(networksKind.kind, () => ruleTester(networksKind, {
	valid: [{ name: 'bridge with subnet', fact: fact('networks', { name: 'grocery-mate_devnet', subnet: '172.18.0.0/16', gateway: '172.18.0.1' }), obs: obs({ networks: [{ name: 'grocery-mate_devnet', driver: 'bridge', subnets: [{ subnet: '172.18.0.0/16', gateway: '172.18.0.1' }] }] }) }],
	invalid: [{ name: 'other subnet', fact: fact('networks', { name: 'n', subnet: '172.18.0.0/16' }), obs: obs({ networks: [{ name: 'n', driver: 'bridge', subnets: [{ subnet: '10.89.0.0/24' }] }] }), findings: [{ outcome: 'drift', ruleId: 'networks/subnet' }] }],
}));
describe(volumesKind.kind, () => ruleTester(volumesKind, {
	valid: [{ name: 'exists', fact: fact('volumes', { name: 'pgdata' }), obs: obs({ volumes: [{ name: 'pgdata', driver: 'local' }] }) }],
	invalid: [{ name: 'missing', fact: fact('volumes', { name: 'pgdata' }), obs: obs({ volumes: [] }), findings: [{ outcome: 'drift', ruleId: 'volumes/present' }] }],
}));

const unit = { name: 'nordabiznes.service', loadState: 'loaded', activeState: 'active', subState: 'running', unitFileState: 'enabled', user: 'www-data' };
describe(unitsKind.kind, () => ruleTester(unitsKind, {
	valid: [{ name: 'active, enabled, user', fact: fact('units', { name: 'nordabiznes.service', enabled: true, user: 'www-data' }), obs: obs({ units: { 'nordabiznes.service': unit } }) }],
	invalid: [
		{ name: 'failed and disabled', fact: fact('units', { name: 'nordabiznes.service', enabled: true }), obs: obs({ units: { 'nordabiznes.service': { ...unit, activeState: 'failed', subState: 'failed', unitFileState: 'disabled' } } }), findings: [{ outcome: 'drift', ruleId: 'units/active' }, { outcome: 'drift', ruleId: 'units/enabled' }] },
		{ name: 'not found', fact: fact('units', { name: 'x.service' }), obs: obs({ units: { 'x.service': { ...unit, name: 'x.service', loadState: 'not-found', activeState: 'inactive' } } }), findings: [{ outcome: 'drift', ruleId: 'units/present' }] },
		{ name: 'no systemd', fact: fact('units', { name: 'x.service' }), obs: obs({ problems: { systemctl: { reason: 'not-running', message: 'systemctl: systemd is not running on this host' } } }), findings: [{ outcome: 'unverified', ruleId: 'units/probe' }] },
	],
}));

const accounts = obs({ users: { jeff: { name: 'jeff', uid: 1000, gid: 1000, home: '/home/jeff', shell: '/bin/bash' } }, groups: { jeff: { name: 'jeff', gid: 1000, members: [] }, docker: { name: 'docker', gid: 110, members: ['jeff'] }, sudo: { name: 'sudo', gid: 27, members: [] } } });
describe(usersKind.kind, () => ruleTester(usersKind, {
	valid: [{ name: 'user in docker', fact: fact('users', { name: 'jeff', groups: ['docker', 'jeff'], shell: '/bin/bash' }), obs: accounts }, { name: 'absent as documented', fact: fact('users', { name: 'bob', present: false }), obs: accounts }],
	invalid: [{ name: 'not in sudo', fact: fact('users', { name: 'jeff', groups: ['sudo'] }), obs: accounts, findings: [{ outcome: 'drift', ruleId: 'users/groups', message: /not in group\(s\) sudo/ }] }],
}));
describe(groupsKind.kind, () => ruleTester(groupsKind, {
	valid: [{ name: 'docker has jeff', fact: fact('groups', { name: 'docker', members: ['jeff'] }), obs: accounts }],
	invalid: [{ name: 'sudo lacks jeff', fact: fact('groups', { name: 'sudo', members: ['jeff'] }), obs: accounts, findings: [{ outcome: 'drift', ruleId: 'groups/members' }] }],
}));
describe(pathsKind.kind, () => ruleTester(pathsKind, {
	valid: [{ name: 'directory 0755', fact: fact('paths', { path: '/opt/mailcow-dockerized', owner: 'root', mode: '755' }), obs: obs({ paths: { '/opt/mailcow-dockerized': { path: '/opt/mailcow-dockerized', exists: true, type: 'directory', owner: 'root', group: 'root', mode: '0755' } } }) }],
	invalid: [
		{ name: 'missing', fact: fact('paths', { path: '/srv/x' }), obs: obs({ paths: { '/srv/x': { path: '/srv/x', exists: false } } }), findings: [{ outcome: 'drift', ruleId: 'paths/present' }] },
		{ name: 'permission denied is unverified, not drift', fact: fact('paths', { path: '/root/x' }), obs: obs({ paths: { '/root/x': { path: '/root/x', exists: 'unknown', message: 'Permission denied' } } }), findings: [{ outcome: 'unverified', ruleId: 'paths/probe' }] },
	],
}));
describe(sshdKind.kind, () => ruleTester(sshdKind, {
	valid: [{ name: 'hardened', fact: fact('sshd', { port: 22, passwordAuthentication: false, permitRootLogin: 'prohibit-password' }), obs: obs({ sshd: { port: '22', passwordauthentication: 'no', permitrootlogin: 'without-password' } }) }],
	invalid: [{ name: 'password login on', fact: fact('sshd', { passwordAuthentication: false }), obs: obs({ sshd: { port: '22', passwordauthentication: 'yes' } }), findings: [{ outcome: 'drift', ruleId: 'sshd/passwordAuthentication', message: /PasswordAuthentication yes, documented no/ }] }],
}));

const tls = (o: Partial<TlsObservation>): TlsObservation => ({ domain: 'gro-mate.tech', port: 443, address: '10.231.1.2', at: '2026-11-23T12:00:00Z', authorized: true, altNames: ['gro-mate.tech', 'www.gro-mate.tech'], issuer: 'Lab Test Root CA', validTo: '2027-02-21T08:48:57.000Z', protocol: 'TLSv1.3', ...o });
const withTls = (t: TlsObservation) => ctx({ local: { ...noLocal(), tls: [t] } });
describe(certificatesKind.kind, () => ruleTester(certificatesKind, {
	valid: [{ name: 'valid, covers www', fact: fact('certificates', { domain: 'gro-mate.tech', altNames: ['www.gro-mate.tech'], issuer: 'Lab Test' }), obs: obs(), ctx: withTls(tls({})) }],
	invalid: [
		{ name: 'expired', fact: fact('certificates', { domain: 'gro-mate.tech' }), obs: obs(), ctx: withTls(tls({ authorized: false, authorizationError: 'CERT_HAS_EXPIRED', validTo: '2024-04-01T00:00:00.000Z' })), findings: [{ outcome: 'drift', ruleId: 'certificates/chain' }, { outcome: 'drift', ruleId: 'certificates/expiry' }] },
		{ name: 'wrong name', fact: fact('certificates', { domain: 'gro-mate.tech' }), obs: obs(), ctx: withTls(tls({ altNames: ['shop.example-lab.invalid'] })), findings: [{ outcome: 'drift', ruleId: 'certificates/san', message: /does not cover gro-mate.tech/ }] },
		{ name: 'egress denied', fact: fact('certificates', { domain: 'gro-mate.tech' }), obs: obs(), ctx: withTls(tls({ error: { code: 'EGRESS', message: 'egress denied: 91.99.21.21 is outside' } })), findings: [{ outcome: 'unverified', ruleId: 'certificates/probe' }] },
	],
}));
describe(httpKind.kind, () => ruleTester(httpKind, {
	valid: [{ name: 'redirect to https', fact: fact('http', { url: 'http://gro-mate.tech/', statusCode: 301, redirect: 'https://gro-mate.tech/' }), obs: obs(), ctx: ctx({ local: { ...noLocal(), http: [{ url: 'http://gro-mate.tech/', status: 301, headers: { location: 'https://gro-mate.tech/' } }] } }) }],
	invalid: [{ name: 'serves 200 instead of redirect', fact: fact('http', { url: 'http://gro-mate.tech/', statusCode: 301, redirect: 'https://gro-mate.tech/' }), obs: obs(), ctx: ctx({ local: { ...noLocal(), http: [{ url: 'http://gro-mate.tech/', status: 200, headers: {} }] } }), findings: [{ outcome: 'drift', ruleId: 'http/status' }, { outcome: 'drift', ruleId: 'http/redirect' }] }],
}));
describe(dnsKind.kind, () => ruleTester(dnsKind, {
	valid: [{ name: 'A record', fact: fact('dns', { name: 'gro-mate.tech', type: 'A', values: ['91.99.21.21'] }), obs: obs(), ctx: ctx({ local: { ...noLocal(), dns: [{ name: 'gro-mate.tech', type: 'A', values: ['91.99.21.21'] }] } }) }],
	invalid: [
		{ name: 'no resolver', fact: fact('dns', { name: 'gro-mate.tech', type: 'A', values: ['91.99.21.21'] }), obs: obs(), ctx: ctx({ hasResolver: false }), findings: [{ outcome: 'unverified', ruleId: 'dns/probe', message: 'no resolver configured for target lab' }] },
		{ name: 'other address', fact: fact('dns', { name: 'gro-mate.tech', type: 'A', values: ['91.99.21.21'] }), obs: obs(), ctx: ctx({ local: { ...noLocal(), dns: [{ name: 'gro-mate.tech', type: 'A', values: ['91.99.21.22'] }] } }), findings: [{ outcome: 'drift', ruleId: 'dns/values' }] },
	],
}));

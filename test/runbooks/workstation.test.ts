/**
 * The runner's side of the workstation twin (pure, no lab): `dev@local` blocks run (no workstation skip),
 * the session host `local` is the workstation of `.lab/workstation.yaml` and is checked like every lab host,
 * destructive workstation steps reset the twins the spec names, and a certificate of the lab PKI is not a
 * stand-in.
 */
import { describe, expect, test } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractSteps } from '../../runbooks/extract.ts';
import { loadLabInventory, NotLabError, WORKSTATION_HOST, withWorkstation } from '../../runbooks/target.ts';
import { destructiveHosts, stubLine } from '../../runbooks/run.ts';
import { specProblems } from '../../runbooks/catalog.ts';
import { RunbookSpecSchema } from '../../runbooks/spec.ts';
import type { Inventory, InventoryHost } from '../../verifiers/transport/types.ts';

function host(id: string, address: string, user = 'verifier'): InventoryHost {
	return { id, address, port: 22, user, knownHosts: ['/x/known_hosts'], jump: [] };
}

function inventory(file: string, hosts: InventoryHost[], name = 'lab'): Inventory {
	return { target: 'lab', name, file, hosts: Object.fromEntries(hosts.map((h) => [h.id, h])), resolve: {}, warnings: [] };
}

const LAB = inventory('/x/inventory.yaml', [host('nb-vps', '10.231.2.2'), host('gm-vserver', '10.231.1.2')]);

describe('dev@local blocks', () => {
	const page = ['---', 'title: T', '---', '', '```bash title="dev@local"', 'curl -I https://nordabiznes.pl/health', '# Expected: HTTP/2 200', '```', '', '```bash title="dev@local" test="skip:internet"', 'git push origin master', '```', ''].join('\n');
	const { steps, problems } = extractSteps(page, 'content/docs/en/x.mdx');

	test('run on the workstation (no implicit skip); an explicit typed skip stays', () => {
		expect(problems).toEqual([]);
		expect(steps.map((s) => [s.session.user, s.session.host, s.mode, s.reason])).toEqual([
			['dev', 'local', 'run', undefined],
			['dev', 'local', 'skip', 'internet'],
		]);
		expect(steps[0]?.expected.map((e) => e.pattern)).toEqual(['HTTP/2 200']);
	});
});

describe('the workstation host', () => {
	test('joins the lab inventory as host local, with its own login user', () => {
		const inv = withWorkstation(LAB, inventory('/x/workstation.yaml', [host('dev-ws', '10.231.20.2', 'dev')]));
		expect(inv.hosts[WORKSTATION_HOST]).toMatchObject({ id: 'dev-ws', address: '10.231.20.2', user: 'dev' });
		expect(Object.keys(inv.hosts).sort()).toEqual(['gm-vserver', 'local', 'nb-vps']);
		expect(Object.keys(LAB.hosts)).not.toContain('local');
	});

	test.each([
		['an address outside the lab', inventory('/x/w.yaml', [host('dev-ws', '192.0.2.5', 'dev')]), /outside the lab network/],
		['a documented public address', inventory('/x/w.yaml', [host('dev-ws', '57.128.200.27', 'dev')]), /outside the lab network/],
		['a jump hop outside the lab', inventory('/x/w.yaml', [{ ...host('dev-ws', '10.231.20.2', 'dev'), jump: [host('hop', '1.1.1.1')] }]), /outside the lab network/],
		['an inventory that is not the lab', inventory('/x/w.yaml', [host('dev-ws', '10.231.20.2', 'dev')], 'production'), /not lab/],
		['two hosts', inventory('/x/w.yaml', [host('a', '10.231.20.2'), host('b', '10.231.21.2')]), /exactly one host/],
	])('is refused before any connection: %s', (_what, ws, message) => {
		expect(() => withWorkstation(LAB, ws)).toThrow(NotLabError);
		expect(() => withWorkstation(LAB, ws)).toThrow(message);
	});

	test('a lab inventory that already has a host local is refused', () => {
		const clash = inventory('/x/inventory.yaml', [host('local', '10.231.9.2')]);
		expect(() => withWorkstation(clash, inventory('/x/w.yaml', [host('dev-ws', '10.231.20.2', 'dev')]))).toThrow(/reserved for the workstation/);
	});

	test('loadLabInventory reads workstation.yaml next to the inventory, and works without it', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'rb-ws-'));
		try {
			const head = 'version: 1\nname: lab\nknownHosts: known_hosts\nidentityFile: keys/id_lab\n';
			writeFileSync(join(dir, 'inventory.yaml'), `${head}user: verifier\nhosts:\n  nb-vps: { address: 10.231.2.2, port: 22 }\n`);
			const without = await loadLabInventory(dir, join(dir, 'inventory.yaml'));
			expect(Object.keys(without.hosts)).toEqual(['nb-vps']);
			writeFileSync(join(dir, 'workstation.yaml'), `${head}user: dev\nhosts:\n  dev-ws: { address: 10.231.20.2, port: 22 }\n`);
			const withWs = await loadLabInventory(dir, join(dir, 'inventory.yaml'));
			expect(withWs.hosts.local).toMatchObject({ address: '10.231.20.2', user: 'dev' });
			writeFileSync(join(dir, 'workstation.yaml'), `${head}user: dev\nhosts:\n  dev-ws: { address: 91.99.21.21, port: 22 }\n`);
			await expect(loadLabInventory(dir, join(dir, 'inventory.yaml'))).rejects.toThrow(NotLabError);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});

describe('destructive workstation steps', () => {
	const step = (host: string, mode: 'run' | 'destructive') => ({ session: { user: host === 'local' ? 'dev' : 'maciejpi', host }, mode }) as never;

	test.each([
		['a dev@local deploy resets the twins under touches', [step('local', 'destructive')], ['nb-vps'], ['nb-vps']],
		['a server step resets its own twin', [step('nb-revproxy', 'destructive'), step('local', 'run')], ['nb-vps'], ['nb-revproxy']],
		['both, once each', [step('local', 'destructive'), step('nb-vps', 'destructive')], ['nb-vps'], ['nb-vps']],
		['read-only workstation steps reset nothing', [step('local', 'run')], ['nb-vps'], []],
	])('%s', (_what, steps, touches, want) => {
		const spec = RunbookSpecSchema.parse({ version: 1, touches });
		expect(destructiveHosts({ steps, spec })).toEqual(want);
	});

	test('a destructive dev@local step without touches is a spec problem', () => {
		const { steps } = extractSteps(['---', 'title: T', '---', '', '```bash title="dev@local" test="destructive"', 'ssh maciejpi@57.128.200.27 "sudo systemctl restart nordabiznes"', '```', ''].join('\n'), 'content/docs/en/x.mdx');
		const spec = RunbookSpecSchema.parse({ version: 1 });
		expect(specProblems({ steps: steps.map((s) => ({ ...s, lines: { de: s.line, en: s.line } })), spec, specFile: 'runbooks/specs/x.yaml' }).map((p) => p.message)).toEqual([expect.stringMatching(/needs touches: .* in runbooks\/specs\/x\.yaml/)]);
		const ok = RunbookSpecSchema.parse({ version: 1, touches: ['nb-vps'] });
		expect(specProblems({ steps: steps.map((s) => ({ ...s, lines: { de: s.line, en: s.line } })), spec: ok, specFile: 'runbooks/specs/x.yaml' })).toEqual([]);
	});
});

describe('stub marker', () => {
	test.each([
		['a certificate of the lab PKI', ["issuer=C = US, O = Let's Encrypt (lab twin), CN = R11 (lab twin)", 'notAfter=Mar  1 14:40:54 2027 GMT'], undefined],
		['a stand-in script', ['mailcow update (lab twin): nothing to do'], 'mailcow update (lab twin): nothing to do'],
		['a stand-in next to a lab certificate', ["issuer=O = Let's Encrypt (lab twin)", 'backup (lab twin): done'], 'backup (lab twin): done'],
		['the marker after a PKI name on the same line', ["O = Let's Encrypt (lab twin) via helper (lab twin)"], "O = Let's Encrypt (lab twin) via helper (lab twin)"],
		['no marker', ['HTTP/2 200'], undefined],
	])('%s', (_what, lines, want) => {
		expect(stubLine(lines)).toBe(want);
	});
});

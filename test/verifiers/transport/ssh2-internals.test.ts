/**
 * The ssh2 private-internals workaround (`verifiers/transport/ssh2-internals.ts`) is
 * pinned to one ssh2 version: this test fails on any other version, so an upgrade
 * re-checks the private fields it uses. Against a real lab sshd: the fields exist on an
 * exec channel whose stdin is ended, and the KILL request ends a command that would
 * otherwise run for 30 s. The one-request public-key authentication (`signPublickeyAtOnce`) is checked
 * against a real sshd in ssh.integration.test.ts (the protocol trace of `connectHop`).
 */
import { createRequire } from 'node:module';
import { describe, expect, test } from 'vitest';
import type { ClientChannel } from 'ssh2';
import { loadInventory, resolveTarget } from '../../../verifiers/inventory/load.ts';
import { connectHop } from '../../../verifiers/transport/hop.ts';
import { closeClients } from '../../../verifiers/transport/registry.ts';
import { hasSignalInternals, killRemote, SSH2_INTERNALS_VERSION } from '../../../verifiers/transport/ssh2-internals.ts';
import { labUnavailableReason, ROOT } from '../../helpers/lab.ts';

const installed = (createRequire(import.meta.url)('ssh2/package.json') as { version: string }).version;
const labReason = labUnavailableReason();
if (labReason) console.warn(`\n⚠ SKIPPED ssh2 internals against a lab host: ${labReason}\n`);

describe('ssh2 private internals', () => {
	test('the installed ssh2 is the version the workaround was checked against', () => {
		expect(installed, `ssh2 ${installed} is installed but verifiers/transport/ssh2-internals.ts was written for ${SSH2_INTERNALS_VERSION}: re-check its private fields (channel.outgoing, _client._protocol.signal, client._protocol.authPK), then update SSH2_INTERNALS_VERSION`).toBe(SSH2_INTERNALS_VERSION);
	});

	test.skipIf(labReason !== undefined)('a KILL through the protocol ends a remote command after stdin was ended (real sshd)', async () => {
		const inventory = await loadInventory(resolveTarget('lab', { root: ROOT, env: {} }), { root: ROOT });
		const [hostId, host] = Object.entries(inventory.hosts).find(([, h]) => h.jump.length === 0)!;
		const { client } = await connectHop(host, host.address, hostId, { timeoutMs: 10_000, keepaliveMs: 0, env: {} });
		try {
			const channel = await new Promise<ClientChannel>((resolve, reject) => client.exec('sleep 30; echo not-killed', (e, ch) => (e ? reject(e) : resolve(ch))));
			let out = '';
			channel.on('data', (d: Buffer) => (out += d.toString()));
			const exit = new Promise<{ code: unknown; signal: unknown }>((resolve) => channel.on('exit', (code: unknown, signal: unknown) => resolve({ code, signal })));
			channel.end();
			await new Promise((resolve) => setTimeout(resolve, 300));
			expect(hasSignalInternals(channel)).toBe(true);
			const t0 = performance.now();
			killRemote(channel);
			const result = await Promise.race([exit, new Promise((resolve) => setTimeout(() => resolve('still running after 10 s'), 10_000))]);
			// eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- vitest's asymmetric matchers (expect.stringMatching …) are typed any
			expect(result).toMatchObject({ signal: expect.stringMatching(/KILL/) });
			expect(performance.now() - t0).toBeLessThan(10_000);
			expect(out).toBe('');
		} finally {
			await closeClients([client]);
		}
	}, 30_000);
});

import { describe, expect, test } from 'vitest';
import * as ssh from '../../../verifiers/transport/ssh.ts';
import * as load from '../../../verifiers/inventory/load.ts';

// Teammates build the probe runner and CLI against these names: keep them stable.
describe('public api', () => {
	test('transport/ssh.ts exposes connect, closeAll and TransportError', () => {
		expect(Object.keys(ssh).sort()).toEqual([
			'DEFAULT_CONNECT_TIMEOUT_MS',
			'DEFAULT_KEEPALIVE_MS',
			'TransportError',
			'closeAll',
			'connect',
			'isTransportError',
			'knownHostsName',
			'openSessionCount',
		]);
	});

	test('inventory/load.ts exposes resolveTarget and loadInventory', () => {
		expect(Object.keys(load).sort()).toEqual(['DEFAULT_TARGET', 'listTargets', 'loadInventory', 'resolveTarget']);
	});

	test('a TransportError carries code, host, address and hint', () => {
		const error = new ssh.TransportError('timeout', 'No SSH handshake from a (127.0.0.1:22) within 1 ms.', { host: 'a', address: '127.0.0.1', hint: 'Check sshd.' });
		expect(error).toMatchObject({ name: 'TransportError', code: 'timeout', host: 'a', address: '127.0.0.1', hint: 'Check sshd.' });
		expect(ssh.isTransportError(error)).toBe(true);
		expect(ssh.isTransportError(new Error('x'))).toBe(false);
	});
});

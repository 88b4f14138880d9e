import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { observeHttp } from '../../../verifiers/local/http.ts';
import { egressPolicy } from '../../../verifiers/transport/egress.ts';

let server: Server;
let port = 0;
const seen: { host?: string | undefined; url?: string | undefined }[] = [];

beforeAll(async () => {
	server = createServer((req, res) => {
		seen.push({ host: req.headers.host, url: req.url });
		res.writeHead(301, { location: 'https://gro-mate.tech/', 'x-frame-options': 'DENY' }).end();
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	port = (server.address() as AddressInfo).port;
});
afterAll(() => server.close());

const egress = egressPolicy({ VERIFY_ALLOWED_NETWORKS: '127.0.0.1/32' }, 'lab');

describe(observeHttp, () => {
	test('connects to the inventory address even when the documented URL names an IP literal', async () => {
		// 127.0.0.2 stands for a documented public address (loopback, so a regression cannot send a packet off this machine): it must never be dialled; the server listens on 127.0.0.1 only.
		const o = await observeHttp(`http://127.0.0.2:${port}/admin?x=1`, '127.0.0.1', { headers: ['X-Frame-Options'], timeoutMs: 2000, egress });
		expect(o).toMatchObject({ status: 301, headers: { location: 'https://gro-mate.tech/', 'x-frame-options': 'DENY' } });
		expect(seen.at(-1)).toEqual({ host: `127.0.0.2:${port}`, url: '/admin?x=1' });
	});

	test('refuses an inventory address outside the allowlist before connecting', async () => {
		const o = await observeHttp(`http://gro-mate.tech:${port}/`, '127.0.0.3', { headers: [], timeoutMs: 2000, egress });
		expect(o.error?.code).toBe('EGRESS');
	});
});

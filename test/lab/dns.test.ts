/** lab/dns/server.ts: the lab's authoritative DNS answers the zone file's records (real UDP on 127.0.0.1, node:dns as client). */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { Resolver } from 'node:dns/promises';
import { join } from 'node:path';
import { ROOT } from '../helpers/lab.ts';

const PORT = 20000 + (process.pid % 20000);
let child: ChildProcess;
const r = new Resolver({ timeout: 2000, tries: 1 });

describe('lab DNS server', () => {
	beforeAll(async () => {
		child = spawn(process.execPath, [join(ROOT, 'lab', 'dns', 'server.ts'), join(ROOT, 'lab', 'twins', 'files', 'zone.json'), '127.0.0.1', String(PORT)], { stdio: ['ignore', 'pipe', 'inherit'] });
		await new Promise<void>((ok, fail) => { child.stdout!.on('data', (d) => String(d).includes('ready') && ok()); child.on('exit', (c) => fail(new Error(`dns server exited ${c}`))); });
		r.setServers([`127.0.0.1:${PORT}`]);
	});
	afterAll(() => { child?.kill('SIGTERM'); });

	test('A, AAAA and TTL from the zone file', async () => {
		expect(await r.resolve4('nordabiznes.pl', { ttl: true })).toEqual([{ address: '57.128.200.27', ttl: 3600 }]);
		expect(await r.resolve4('STAGING.nordabiznes.pl.')).toEqual(['85.237.177.83']);
		expect(await r.resolve6('gro-mate.tech')).toEqual(['2a01:4f8:1c1a:ca2e::1']);
	});

	test('unknown names are NXDOMAIN, known names without the type NODATA, other zones refused', async () => {
		await expect(r.resolve4('nope.gro-mate.tech')).rejects.toMatchObject({ code: 'ENOTFOUND' });
		await expect(r.resolveMx('nordabiznes.pl')).rejects.toMatchObject({ code: 'ENODATA' });
		await expect(r.resolve4('example.org')).rejects.toMatchObject({ code: 'EREFUSED' });
	});
});

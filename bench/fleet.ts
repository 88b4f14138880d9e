/** The lab fleet as the benchmark reads it from `.lab/fleet-inventory.yaml`. */
import { existsSync, readFileSync } from 'node:fs';
import { release } from 'node:os';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';
import type { BenchHost } from './lib.ts';
import type { Fleet } from './tools/common.ts';

/** Reads the fleet inventory (format of verifiers/inventory/schema.ts). */
export function readFleet(path: string): Fleet | string {
	if (!existsSync(path)) return `${path} missing after fleet up`;
	const inv = parse(readFileSync(path, 'utf8')) as { user?: string; identityFile?: string; knownHosts?: string | string[]; hosts?: Record<string, { address: string; port?: number }> };
	const base = dirname(path);
	const knownHosts = [inv.knownHosts].flat()[0];
	if (!inv.identityFile || !knownHosts || !inv.hosts) return `${path}: needs identityFile, knownHosts and hosts`;
	const hosts: BenchHost[] = Object.entries(inv.hosts)
		.map(([id, h]) => ({ id, address: h.address, port: h.port ?? 22 }))
		.sort((a, b) => (a.id < b.id ? -1 : 1));
	for (const h of hosts) {
		if (!/^(127\.|10\.231\.)/.test(h.address)) return `${path}: host ${h.id} has address ${h.address}, outside 127.0.0.0/8 and 10.231.0.0/16: refusing to connect`;
	}
	return { inventoryPath: path, user: inv.user ?? 'verifier', identityFile: resolve(base, inv.identityFile), knownHosts: resolve(base, knownHosts), hosts, kernel: release() };
}

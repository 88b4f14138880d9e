/**
 * Turns a validated inventory file into resolved endpoints: absolute paths, defaults,
 * ssh_config aliases and jump chains (outermost hop first). Pure: the ssh_config is
 * passed in already read.
 */
import { dirname, isAbsolute, resolve as resolvePath } from 'node:path';
import type { Endpoint, Inventory, InventoryHost } from '../transport/types.ts';
import { parseJumpSpec, resolveSshConfig, type SshConfigItem } from '../transport/ssh-config.ts';
import { InventoryError } from './errors.ts';
import { parseResolver, type InventoryFileHost } from './schema.ts';
import type { ParsedInventory } from './parse.ts';

/** Context for `resolveInventory`. */
export interface ResolveContext {
	/** Absolute path of the inventory file (relative paths are resolved against its folder). */
	file: string;
	/** File name as shown in messages. */
	display: string;
	/** Target name. */
	target: string;
	/** Home directory for `~`. */
	home: string;
	/** Local user name (the default login user, as for ssh). */
	localUser: string;
	/** Parsed ssh_config (with Includes expanded), when any host uses `sshConfig` or a jump alias. */
	sshConfig?: SshConfigItem[];
}

/** Longest jump chain accepted. */
const MAX_JUMPS = 8;

/**
 * Resolves a validated inventory.
 *
 * @param parsed
 *   Output of `parseInventory`.
 * @param ctx
 *   File, target, home and ssh_config.
 * @returns
 *   The resolved inventory.
 * @throws
 *   InventoryError for unknown jump hosts, jump loops or hosts without known_hosts.
 */
export function resolveInventory(parsed: ParsedInventory, ctx: ResolveContext): Inventory {
	const { data, locate } = parsed;
	const dir = dirname(ctx.file);
	const warnings: string[] = [];
	const abs = (p: string): string => {
		const expanded = p === '~' ? ctx.home : p.startsWith('~/') ? ctx.home + p.slice(1) : p;
		return isAbsolute(expanded) ? expanded : resolvePath(dir, expanded);
	};
	const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
	const fail = (path: (string | number)[], what: string, hint: string): never => {
		const line = locate(path);
		throw new InventoryError(`Invalid inventory ${ctx.display}${line === undefined ? '' : `:${line}`}: ${what}`, {
			file: ctx.display,
			...(line === undefined ? {} : { line }),
			hint,
		});
	};
	const defaultKnownHosts = list(data.knownHosts).map(abs);
	const defaultIdentity = data.identityFile === undefined ? undefined : abs(data.identityFile);
	const defaultUser = data.user ?? ctx.localUser;
	const sshItems = ctx.sshConfig ?? [];
	const sshResolve = (alias: string) => {
		const r = resolveSshConfig(sshItems, alias, { home: ctx.home, localUser: ctx.localUser });
		for (const w of r.warnings) if (!warnings.includes(w)) warnings.push(w);
		return r;
	};

	/** Endpoint of one host entry (without its jump chain). */
	const endpointOf = (id: string, host: InventoryFileHost): { endpoint: Endpoint; jump: string[]; viaSshConfig: boolean } => {
		const ssh = host.sshConfig === undefined ? undefined : sshResolve(host.sshConfig);
		const identity = host.identityFile !== undefined ? abs(host.identityFile) : (ssh?.identityFiles[0] ?? defaultIdentity);
		const endpoint: Endpoint = {
			id,
			address: host.address ?? ssh?.hostName ?? id,
			port: host.port ?? ssh?.port ?? 22,
			user: host.user ?? ssh?.user ?? defaultUser,
			knownHosts: [...(host.knownHosts === undefined ? defaultKnownHosts : list(host.knownHosts).map(abs)), ...(ssh?.userKnownHostsFiles ?? [])],
		};
		if (identity !== undefined) endpoint.identityFile = identity;
		const jump = host.jump === undefined ? (ssh?.proxyJump ?? []) : host.jump === null ? [] : list(host.jump);
		return { endpoint, jump, viaSshConfig: ssh !== undefined };
	};

	/** Endpoint of an ad-hoc jump string (`user@host:port`, possibly an ssh_config alias). */
	const adHoc = (text: string, path: (string | number)[]): { endpoint: Endpoint; jump: string[] } => {
		const spec = parseJumpSpec(text) ?? fail(path, `jump entry ${JSON.stringify(text)} is not a host id or user@host:port`, 'Use a host id of this inventory or user@host:port.');
		const ssh = sshItems.length > 0 ? sshResolve(spec.host) : undefined;
		const endpoint: Endpoint = {
			id: text,
			address: ssh?.hostName ?? spec.host,
			port: spec.port ?? ssh?.port ?? 22,
			user: spec.user ?? ssh?.user ?? defaultUser,
			knownHosts: [...defaultKnownHosts, ...(ssh?.userKnownHostsFiles ?? [])],
		};
		const identity = ssh?.identityFiles[0] ?? defaultIdentity;
		if (identity !== undefined) endpoint.identityFile = identity;
		return { endpoint, jump: ssh?.proxyJump ?? [] };
	};

	/** Expands a jump list into hops, outermost first, following each hop's own jumps. */
	const chain = (jumps: string[], path: (string | number)[], seen: string[]): Endpoint[] => {
		const hops: Endpoint[] = [];
		jumps.forEach((entry, i) => {
			const entryPath = [...path, i];
			if (seen.includes(entry)) {
				fail(entryPath, `jump loop: ${[...seen, entry].join(' → ')}`, 'Remove the cycle from the jump chains.');
			}
			const known = data.hosts[entry];
			const next = known ? endpointOf(entry, known) : adHoc(entry, entryPath);
			// a hop's own jump chain comes before it (as ProxyJump does)
			const before = i === 0 ? chain(next.jump, known ? ['hosts', entry, 'jump'] : entryPath, [...seen, entry]) : [];
			if (i > 0 && next.jump.length > 0) {
				warnings.push(`jump hop ${entry} has its own jump chain, which is ignored because it is not the first hop`);
			}
			hops.push(...before, next.endpoint);
		});
		if (hops.length > MAX_JUMPS) fail(path, `jump chain longer than ${MAX_JUMPS} hops`, 'Shorten the jump chain.');
		return hops;
	};

	const hosts: Record<string, InventoryHost> = {};
	for (const [id, host] of Object.entries(data.hosts)) {
		const { endpoint, jump } = endpointOf(id, host);
		const hops = chain(jump, ['hosts', id, 'jump'], [id]);
		for (const ep of [...hops, endpoint]) {
			if (ep.knownHosts.length === 0) {
				fail(['hosts', id], `host ${ep.id} has no known_hosts file`, 'Set knownHosts at the top of the inventory (or on the host) to the file that pins its host keys.');
			}
		}
		hosts[id] = { ...endpoint, jump: hops };
	}

	const inventory: Inventory = {
		target: ctx.target,
		name: data.name,
		file: ctx.file,
		hosts,
		resolve: data.resolve ?? {},
		warnings,
	};
	if (data.ca !== undefined) inventory.ca = abs(data.ca);
	if (data.resolver !== undefined) {
		const r = parseResolver(data.resolver);
		if (r) inventory.resolver = r;
	}
	return inventory;
}

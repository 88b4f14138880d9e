/**
 * The target inventory schema (YAML, validated with zod): how to reach each documented
 * host. Paths are relative to the inventory file. Pure; no I/O.
 *
 * @example
 * ```yaml
 * version: 1
 * name: lab
 * knownHosts: known_hosts
 * identityFile: keys/id_lab
 * user: verifier
 * hosts:
 *   gm-vserver: { address: 10.231.1.2, port: 22 }
 *   nb-staging: { address: 10.231.4.2, jump: [nb-revproxy] }
 *   some-host: { sshConfig: myalias }
 * ```
 */
import { z } from 'astro/zod';
import { isIP } from 'node:net';

/** Host ids: what the docs' frontmatter uses (`gm-vserver`). */
export const HOST_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

/** A DNS name (labels of letters, digits, `-`, `_`). */
const HOSTNAME_PATTERN = /^(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\.?$/;

/**
 * Tells whether a string is an IP address or a DNS name.
 *
 * @param value
 *   Candidate address.
 * @returns
 *   True when acceptable.
 */
export function isAddress(value: string): boolean {
	return isIP(value) !== 0 || HOSTNAME_PATTERN.test(value);
}

/** An IP address or DNS name. */
export const AddressSchema = z
	.string({ error: 'expected an IP address or DNS name (text)' })
	.refine(isAddress, { error: (iss) => `expected an IP address or DNS name, got ${JSON.stringify(iss.input)}` });

/** A TCP port. */
export const PortSchema = z.int({ error: (iss) => `expected a port number 1–65535, got ${JSON.stringify(iss.input)}` }).min(1, {
	error: (iss) => `expected a port number 1–65535, got ${JSON.stringify(iss.input)}`,
}).max(65535, { error: (iss) => `expected a port number 1–65535, got ${JSON.stringify(iss.input)}` });

/** A login user name. */
export const UserSchema = z
	.string({ error: 'expected a user name (text)' })
	.regex(/^[A-Za-z0-9._][A-Za-z0-9._-]{0,31}$/, { error: (iss) => `expected a user name (letters, digits, . _ -), got ${JSON.stringify(iss.input)}` });

/** A file path (relative to the inventory file, or absolute, or `~/…`). */
export const PathSchema = z
	.string({ error: 'expected a file path (text)' })
	.min(1, { error: 'expected a file path, got an empty string' })
	.refine((v) => !v.includes('\0'), { error: 'expected a file path without NUL characters' });

/** One path or a list of paths. */
export const PathListSchema = z.union([PathSchema, z.array(PathSchema).min(1, { error: 'expected at least one path' })], {
	error: 'expected a path or a list of paths',
});

/** A jump entry: another host id of this inventory, or `[user@]host[:port]`. */
export const JumpEntrySchema = z
	.string({ error: 'expected a host id or user@host:port (text)' })
	.regex(/^(?:[A-Za-z0-9._][A-Za-z0-9._-]*@)?(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+)(?::\d{1,5})?$/, {
		error: (iss) => `expected a host id of this inventory or user@host:port, got ${JSON.stringify(iss.input)}`,
	});

/** Fields allowed on a host. */
const HOST_FIELDS = ['address', 'port', 'user', 'jump', 'sshConfig', 'identityFile', 'knownHosts'] as const;

/** Fields allowed at the top level. */
const TOP_FIELDS = ['version', 'name', 'knownHosts', 'identityFile', 'user', 'sshConfigFile', 'hosts', 'ca', 'resolve', 'resolver'] as const;

/**
 * Builds the message for unknown keys of an object.
 *
 * @param allowed
 *   The allowed keys.
 * @returns
 *   A zod error function.
 */
function unknownKeys(allowed: readonly string[]) {
	return (iss: { code?: string; keys?: string[] }) =>
		iss.code === 'unrecognized_keys'
			? `unknown field ${(iss.keys ?? []).map((k) => JSON.stringify(k)).join(', ')}; allowed: ${allowed.join(', ')}`
			: undefined;
}

/** How to reach one host. Either `address` or `sshConfig` is required. */
export const HostSchema = z
	.strictObject(
		{
			/** IP address or DNS name (for a jumped host: as reachable from the last jump host). */
			address: AddressSchema.optional(),
			/** SSH port. @default 22 (or the ssh_config Port) */
			port: PortSchema.optional(),
			/** Login user. @default the inventory's `user` */
			user: UserSchema.optional(),
			/** Jump chain, outermost first: host ids of this inventory or `user@host:port`; `null` or `[]` = direct. */
			jump: z
				.union([JumpEntrySchema, z.array(JumpEntrySchema)], { error: 'expected a host id, user@host:port, or a list of them' })
				.nullable()
				.optional(),
			/** An `~/.ssh/config` alias; HostName/User/Port/IdentityFile/ProxyJump/UserKnownHostsFile come from it. */
			sshConfig: z
				.string({ error: 'expected an ssh_config Host alias (text)' })
				.regex(/^[A-Za-z0-9._-]+$/, { error: (iss) => `expected an ssh_config Host alias (letters, digits, . _ -), got ${JSON.stringify(iss.input)}` })
				.optional(),
			/** Private key for this host. @default the inventory's `identityFile` */
			identityFile: PathSchema.optional(),
			/** known_hosts file(s) for this host. @default the inventory's `knownHosts` */
			knownHosts: PathListSchema.optional(),
		},
		{ error: unknownKeys(HOST_FIELDS) }
	)
	.refine((h) => h.address !== undefined || h.sshConfig !== undefined, {
		error: 'a host needs an "address" or an "sshConfig" alias',
	});

/** The inventory file. */
export const InventorySchema = z.strictObject(
	{
		/** Format version; must be 1. */
		version: z.literal(1, { error: (iss) => `expected version: 1, got ${JSON.stringify(iss.input)}` }),
		/** Target name. */
		name: z.string({ error: 'expected a target name (text)' }).regex(/^[A-Za-z0-9._-]+$/, { error: 'expected a target name of letters, digits, . _ -' }),
		/** known_hosts file(s), relative to this file. */
		knownHosts: PathListSchema.optional(),
		/** Private key, relative to this file. @default ssh-agent via SSH_AUTH_SOCK */
		identityFile: PathSchema.optional(),
		/** Default login user. */
		user: UserSchema.optional(),
		/** ssh_config file for `sshConfig` aliases. @default ~/.ssh/config */
		sshConfigFile: PathSchema.optional(),
		/** Hosts by id. */
		hosts: z.record(
			z.string().regex(HOST_ID_PATTERN, {
				error: (iss) => `invalid host id ${JSON.stringify(iss.input)}: use letters, digits, . _ - (max 63, starting with a letter or digit)`,
			}),
			HostSchema,
			{ error: (iss) => (iss.code === 'invalid_type' ? 'expected a map of host id → { address, port, user, jump, sshConfig, identityFile, knownHosts }' : undefined) }
		).refine((hosts) => Object.keys(hosts).length > 0, { error: 'expected at least one host' }),
		/** Extra CA bundle for TLS checks, relative to this file. */
		ca: PathSchema.optional(),
		/** Name → address for TLS/HTTP checks from the build machine. */
		resolve: z.record(z.string().refine(isAddress, { error: (iss) => `invalid name ${JSON.stringify(iss.input)} in resolve` }), AddressSchema, {
			error: (iss) => (iss.code === 'invalid_type' ? 'expected a map of name → address' : undefined),
		}).optional(),
		/** DNS server for DNS facts, `address[:port]`. */
		resolver: z
			.string({ error: 'expected address[:port] of a DNS server (text)' })
			.refine((v) => parseResolver(v) !== undefined, { error: (iss) => `expected address[:port] of a DNS server, e.g. 10.231.53.2:53, got ${JSON.stringify(iss.input)}` })
			.optional(),
	},
	{ error: unknownKeys(TOP_FIELDS) }
);

/** The inventory file as written (after validation). */
export type InventoryFile = z.output<typeof InventorySchema>;

/** One host as written (after validation). */
export type InventoryFileHost = z.output<typeof HostSchema>;

/**
 * Parses `address[:port]` (`[v6]:port` for IPv6) of a DNS server.
 *
 * @param value
 *   The text.
 * @returns
 *   Address and port (53 by default), or `undefined` when malformed.
 */
export function parseResolver(value: string): { address: string; port: number } | undefined {
	const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:\s]+))(?::(\d{1,5}))?$/.exec(value) ?? (isIP(value) === 6 ? [value, value, undefined, undefined] : null);
	if (!m) return undefined;
	const address = m[1] ?? m[2] ?? '';
	const port = m[3] === undefined ? 53 : Number(m[3]);
	if (!isAddress(address) || port < 1 || port > 65535) return undefined;
	return { address, port };
}

/**
 * A small, pure ssh_config parser and resolver — enough to reach documented hosts by
 * their `~/.ssh/config` alias. Supports `Host` patterns (`*` `?` `!negation`), first value
 * wins, `HostName` (with `%h`), `User`, `Port`, `IdentityFile` (accumulates, `~` expansion),
 * `ProxyJump` (comma chain, `none`), `UserKnownHostsFile` and `Include` (expanded by the
 * caller, see `ssh-config-file.ts`). `Match` blocks are never evaluated — they are
 * skipped with a warning, so nothing (`Match exec`) is ever executed.
 */
import { matchPatternList } from './known-hosts.ts';

/** One directive line. */
export interface SshConfigDirective {
	kind: 'directive';
	/** Lower-case keyword. */
	keyword: string;
	/** Arguments (quotes removed). */
	args: string[];
	/** Source file. */
	file: string;
	/** 1-based line. */
	line: number;
}

/** `Host` line: starts a block. */
export interface SshConfigHost {
	kind: 'host';
	/** Patterns, possibly negated. */
	patterns: string[];
	file: string;
	line: number;
}

/** `Match` line: starts a block that is never evaluated. */
export interface SshConfigMatch {
	kind: 'match';
	/** The criteria text, for the warning. */
	criteria: string;
	file: string;
	line: number;
}

/** `Include` line. `files` is filled by the I/O edge (one parsed config per included file). */
export interface SshConfigInclude {
	kind: 'include';
	/** Patterns as written. */
	patterns: string[];
	/** Included files, parsed (empty until expanded). */
	files: SshConfigItem[][];
	file: string;
	line: number;
}

/** One line of a parsed ssh_config. */
export type SshConfigItem = SshConfigDirective | SshConfigHost | SshConfigMatch | SshConfigInclude;

/** The resolved settings for one alias. */
export interface SshConfigResolved {
	/** Host to contact (`HostName`, `%h` expanded; the alias when absent). */
	hostName: string;
	/** `User`, when set. */
	user?: string;
	/** `Port`, when set. */
	port?: number;
	/** `IdentityFile` values in order, `~`/`%d`/`%h`/`%r`/`%u` expanded. */
	identityFiles: string[];
	/** `ProxyJump` hops (`[user@]host[:port]`), empty for none. */
	proxyJump: string[];
	/** `UserKnownHostsFile` values, expanded. */
	userKnownHostsFiles: string[];
	/** Remarks (skipped `Match` blocks, unsupported values). */
	warnings: string[];
}

/** Context for `%` and `~` expansion. */
export interface SshConfigContext {
	/** Home directory for `~` and `%d`. */
	home: string;
	/** Local user name for `%u` (and the default remote user for `%r`). */
	localUser?: string;
}

/**
 * Splits a config line into words, honouring double quotes.
 *
 * @param text
 *   The line without comment.
 * @returns
 *   The words.
 */
function splitWords(text: string): string[] {
	const words: string[] = [];
	const re = /"([^"]*)"|(\S+)/g;
	for (const m of text.matchAll(re)) words.push(m[1] ?? m[2] ?? '');
	return words;
}

/**
 * Parses ssh_config text into items. Pure: `Include` items are left unexpanded.
 *
 * @param text
 *   File content.
 * @param file
 *   File name for locations.
 * @returns
 *   The items in order.
 */
export function parseSshConfig(text: string, file: string): SshConfigItem[] {
	const items: SshConfigItem[] = [];
	text.split(/\r?\n/).forEach((raw, index) => {
		const line = index + 1;
		const trimmed = raw.trim();
		if (trimmed === '' || trimmed.startsWith('#')) return;
		const m = /^(\S+?)(?:\s*=\s*|\s+)(.*)$/.exec(trimmed) ?? [trimmed, trimmed, ''];
		const keyword = (m[1] ?? '').toLowerCase();
		const rest = (m[2] ?? '').trim();
		const args = splitWords(rest);
		if (keyword === 'host') items.push({ kind: 'host', patterns: args, file, line });
		else if (keyword === 'match') items.push({ kind: 'match', criteria: rest, file, line });
		else if (keyword === 'include') items.push({ kind: 'include', patterns: args, files: [], file, line });
		else items.push({ kind: 'directive', keyword, args, file, line });
	});
	return items;
}

/**
 * Expands `~`, `%d`, `%h`, `%r`, `%u`, `%%` in a path-like value.
 *
 * @param value
 *   The value.
 * @param ctx
 *   Expansion context.
 * @param host
 *   The host name for `%h`.
 * @param user
 *   The remote user for `%r`.
 * @returns
 *   The expanded value.
 */
function expand(value: string, ctx: SshConfigContext, host: string, user: string): string {
	const tilde = value === '~' ? ctx.home : value.startsWith('~/') ? ctx.home + value.slice(1) : value;
	return tilde.replace(/%([%dhru])/g, (_, c: string) =>
		c === '%' ? '%' : c === 'd' ? ctx.home : c === 'h' ? host : c === 'r' ? user : (ctx.localUser ?? '')
	);
}

/**
 * Resolves the settings for an alias: walks the items (and expanded Includes) with
 * OpenSSH semantics — a block applies when its `Host` patterns match the alias; the first
 * value of each keyword wins; `IdentityFile` accumulates; an `Include` inside an inactive
 * block is not applied; `Match` blocks are skipped with a warning and never evaluated.
 *
 * @param items
 *   Parsed (and Include-expanded) config.
 * @param alias
 *   The host alias as given.
 * @param ctx
 *   Expansion context.
 * @returns
 *   The resolved settings.
 */
export function resolveSshConfig(items: readonly SshConfigItem[], alias: string, ctx: SshConfigContext): SshConfigResolved {
	const values = new Map<string, string[]>();
	const identityFiles: string[] = [];
	const warnings: string[] = [];

	const walk = (list: readonly SshConfigItem[], startActive: boolean): void => {
		let active = startActive;
		const parentActive = startActive;
		for (const item of list) {
			if (item.kind === 'host') {
				active = parentActive && matchPatternList(alias, item.patterns);
			} else if (item.kind === 'match') {
				active = false;
				warnings.push(
					`${item.file}:${item.line}: "Match ${item.criteria}" is not evaluated (never executed); its settings are ignored. Use a Host block or set the values in the inventory.`
				);
			} else if (item.kind === 'include') {
				if (active) for (const included of item.files) walk(included, active);
			} else if (active) {
				if (item.keyword === 'identityfile') {
					if (item.args[0] !== undefined) identityFiles.push(item.args[0]);
				} else if (!values.has(item.keyword)) values.set(item.keyword, item.args);
			}
		}
	};
	walk(items, true);

	const first = (key: string): string | undefined => values.get(key)?.[0];
	const hostNameRaw = first('hostname') ?? alias;
	const hostName = hostNameRaw.replace(/%([%h])/g, (_, c: string) => (c === '%' ? '%' : alias));
	const user = first('user');
	const remoteUser = user ?? ctx.localUser ?? '';
	const resolved: SshConfigResolved = {
		hostName,
		identityFiles: identityFiles.map((f) => expand(f, ctx, hostName, remoteUser)),
		proxyJump: [],
		userKnownHostsFiles: (values.get('userknownhostsfile') ?? []).map((f) => expand(f, ctx, hostName, remoteUser)),
		warnings,
	};
	if (user !== undefined) resolved.user = user;
	const portText = first('port');
	if (portText !== undefined) {
		const port = Number(portText);
		if (Number.isInteger(port) && port >= 1 && port <= 65535) resolved.port = port;
		else warnings.push(`Port "${portText}" for ${alias} is not a port number (1–65535); ignored`);
	}
	const jump = first('proxyjump');
	if (jump !== undefined && jump.toLowerCase() !== 'none') {
		resolved.proxyJump = jump.split(',').map((hop) => hop.trim()).filter((hop) => hop !== '');
	}
	if (values.has('proxycommand') && first('proxycommand')?.toLowerCase() !== 'none') {
		warnings.push(`ProxyCommand for ${alias} is not supported (never executed); use ProxyJump or the inventory's jump list`);
	}
	return resolved;
}

/** A parsed jump string. */
export interface JumpSpec {
	/** User, when given. */
	user?: string;
	/** Host (alias, name or address). */
	host: string;
	/** Port, when given. */
	port?: number;
}

/**
 * Parses a jump string `[user@]host[:port]`, `[user@][v6addr]:port` or `ssh://[user@]host[:port]`.
 *
 * @param text
 *   The jump string.
 * @returns
 *   The parsed spec, or `undefined` when malformed.
 */
export function parseJumpSpec(text: string): JumpSpec | undefined {
	const m = /^(?:ssh:\/\/)?(?:([A-Za-z0-9._][A-Za-z0-9._-]*)@)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+)(?::(\d{1,5}))?$/.exec(text.trim());
	if (!m || m[2] === undefined) return undefined;
	const spec: JumpSpec = { host: m[2].replace(/^\[(.*)\]$/, '$1') };
	if (m[1] !== undefined) spec.user = m[1];
	if (m[3] !== undefined) {
		const port = Number(m[3]);
		if (port < 1 || port > 65535) return undefined;
		spec.port = port;
	}
	return spec;
}

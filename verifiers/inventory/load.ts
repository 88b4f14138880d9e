/**
 * The I/O edge of the inventory: finds a target's file (`resolveTarget`) and reads,
 * validates and resolves it (`loadInventory`).
 */
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { homedir, userInfo } from 'node:os';
import { basename, isAbsolute, join, relative, resolve as resolvePath } from 'node:path';
import type { Inventory } from '../transport/types.ts';
import { readSshConfig } from '../transport/ssh-config-file.ts';
import { InventoryError } from './errors.ts';

/** The default target. */
export const DEFAULT_TARGET = 'lab';

/** A target: its name and inventory file. */
export interface Target {
	/** Target name (`lab`, `production`, or the file's base name for a path). */
	name: string;
	/** Absolute path of the inventory file. */
	file: string;
}

/** Options of `resolveTarget`. */
export interface ResolveTargetOptions {
	/** Project root. */
	root: string;
	/** Environment (`VERIFY_TARGET`). @default process.env */
	env?: Record<string, string | undefined>;
}

/**
 * Lists the available targets: `lab` plus `verifiers/targets/*.yaml`.
 *
 * @param root
 *   Project root.
 * @returns
 *   Target names, sorted, `lab` first.
 */
export function listTargets(root: string): string[] {
	let names: string[] = [];
	try {
		names = readdirSync(join(root, 'verifiers', 'targets'))
			.filter((f) => f.endsWith('.yaml'))
			.map((f) => f.slice(0, -'.yaml'.length))
			.filter((n) => n !== DEFAULT_TARGET)
			.sort();
	} catch {
		// no targets folder: only the lab
	}
	return [DEFAULT_TARGET, ...names];
}

/**
 * Finds the inventory file of a target. The default target is `lab`
 * (`<root>/.lab/inventory.yaml`), overridden by `VERIFY_TARGET`; other names are
 * `<root>/verifiers/targets/<name>.yaml`; a path ending in `.yaml` is used as is.
 *
 * @param nameOrPath
 *   Target name or inventory path; `undefined` for the default.
 * @param options
 *   Root and environment.
 * @returns
 *   The target.
 * @throws
 *   InventoryError when the lab is not up, the file is missing or the name is unknown.
 */
export function resolveTarget(nameOrPath: string | undefined, options: ResolveTargetOptions): Target {
	const env = options.env ?? process.env;
	const root = resolvePath(options.root);
	const envTarget = env['VERIFY_TARGET']?.trim();
	const wanted = nameOrPath?.trim() || envTarget || DEFAULT_TARGET;
	if (wanted.endsWith('.yaml') || wanted.endsWith('.yml')) {
		const file = isAbsolute(wanted) ? wanted : resolvePath(wanted);
		if (!existsSync(file)) {
			throw new InventoryError(`Inventory file ${wanted} does not exist.`, {
				file: wanted,
				hint: `Check the path, or name a target: ${listTargets(root).join(', ')}.`,
			});
		}
		return { name: basename(file).replace(/\.ya?ml$/, ''), file };
	}
	if (wanted === DEFAULT_TARGET) {
		const file = join(root, '.lab', 'inventory.yaml');
		if (!existsSync(file)) {
			throw new InventoryError(`The lab is not up: ${relative(root, file)} does not exist.`, {
				file: relative(root, file),
				hint: 'Start it with `npm run lab -- up`, or name another target with --target or VERIFY_TARGET.',
			});
		}
		return { name: DEFAULT_TARGET, file };
	}
	const file = join(root, 'verifiers', 'targets', `${wanted}.yaml`);
	if (!/^[A-Za-z0-9._-]+$/.test(wanted) || wanted.startsWith('.') || !existsSync(file)) {
		const from = nameOrPath?.trim() ? '' : ' (from VERIFY_TARGET)';
		throw new InventoryError(`Unknown target ${JSON.stringify(wanted)}${from}.`, {
			hint: `Available targets: ${listTargets(root).join(', ')}. Or give the path of an inventory file ending in .yaml.`,
		});
	}
	return { name: wanted, file };
}

/** Options of `loadInventory`. */
export interface LoadInventoryOptions {
	/** Target name (decides the egress default). @default the file's `name` */
	target?: string;
	/** Home directory for `~` and `~/.ssh/config`. @default os.homedir() */
	home?: string;
	/** Local user name (default login user). @default os.userInfo().username */
	localUser?: string;
	/** Project root, to show file names relative to it. @default process.cwd() */
	root?: string;
}

/**
 * Reads, validates and resolves an inventory file (and the ssh_config when an alias is used).
 *
 * @param fileOrTarget
 *   Inventory path, or a `Target` from `resolveTarget`.
 * @param options
 *   Target name, home, local user, root.
 * @returns
 *   The resolved inventory.
 * @throws
 *   InventoryError naming file, line and field.
 */
export async function loadInventory(fileOrTarget: string | Target, options: LoadInventoryOptions = {}): Promise<Inventory> {
	const file = resolvePath(typeof fileOrTarget === 'string' ? fileOrTarget : fileOrTarget.file);
	const root = options.root ?? process.cwd();
	const rel = relative(root, file);
	const display = rel.startsWith('..') || isAbsolute(rel) ? file : rel;
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch (cause) {
		throw new InventoryError(`Cannot read inventory ${display}: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}.`, {
			file: display,
			hint: 'Check the path and permissions, or name another target.',
			cause,
		});
	}
	// the YAML parser and the zod schema only when an inventory is really parsed (the verifier's start-up cache skips this)
	const [{ parseInventory }, { resolveInventory }] = await Promise.all([import('./parse.ts'), import('./resolve.ts')]);
	const parsed = parseInventory(text, display);
	const home = options.home ?? homedir();
	let localUser = options.localUser;
	if (localUser === undefined) {
		try {
			localUser = userInfo().username;
		} catch {
			localUser = 'root';
		}
	}
	const hosts = Object.values(parsed.data.hosts);
	const needsSshConfig = parsed.data.sshConfigFile !== undefined || hosts.some((h) => h.sshConfig !== undefined);
	const target = options.target ?? (typeof fileOrTarget === 'string' ? parsed.data.name : fileOrTarget.name);
	const ctx = { file, display, target, home, localUser };
	if (!needsSshConfig) return resolveInventory(parsed, ctx);
	const configFile = parsed.data.sshConfigFile === undefined ? join(home, '.ssh', 'config') : resolveInventoryPath(file, parsed.data.sshConfigFile, home);
	let sshConfig;
	try {
		sshConfig = readSshConfig(configFile, home);
	} catch (cause) {
		throw new InventoryError(`Cannot read ssh_config ${configFile}: ${cause instanceof Error ? cause.message : String(cause)}`, {
			file: display,
			hint: 'Fix the ssh_config Include chain, or set the host addresses in the inventory.',
			cause,
		});
	}
	return resolveInventory(parsed, { ...ctx, sshConfig });
}

/**
 * Resolves a path written in an inventory (relative to the file, `~` = home).
 *
 * @param file
 *   Absolute inventory path.
 * @param p
 *   The path as written.
 * @param home
 *   Home directory.
 * @returns
 *   Absolute path.
 */
function resolveInventoryPath(file: string, p: string, home: string): string {
	const expanded = p === '~' ? home : p.startsWith('~/') ? home + p.slice(1) : p;
	return isAbsolute(expanded) ? expanded : resolvePath(file, '..', expanded);
}

/**
 * The ONE list of commands the verifier may run as root. The sudoers file users install
 * (`verifiers/probe/sudoers`, rendered by `sudoers.ts`) and the probe script (`script.ts`)
 * are both generated from it, so they cannot drift apart.
 *
 * Every entry is an exact command line whose output holds no secret value. The only
 * wildcard is the list of Docker object ids, and it comes after `--`: whatever it matches is
 * a container or network reference, never an option, a format or a subcommand.
 */
import { CONTAINER_TEMPLATE, NETWORK_TEMPLATE, VOLUME_TEMPLATE } from './docker-templates.ts';

/** Names of the privileged commands (used by the probe script). */
export type PrivilegedId = 'ss' | 'ufw' | 'nft' | 'sshd' | 'docker-ids' | 'docker-inspect' | 'docker-net-ids' | 'docker-net-inspect' | 'docker-volumes';

/** One command the `verifier` account may run through `sudo -n`. */
export interface PrivilegedCommand {
	id: PrivilegedId;
	/** The program (as found on `PATH`). */
	program: 'ss' | 'ufw' | 'nft' | 'sshd' | 'docker';
	/** Absolute paths where distributions install it, in the probe's `PATH` order; one sudoers line each. */
	paths: readonly string[];
	/** The fixed arguments. */
	args: readonly string[];
	/** `true`: Docker object ids follow `--` (the sudoers line ends in `-- *`). */
	ids?: true;
	/** What it reads (a comment in the sudoers file). */
	purpose: string;
	/**
	 * `true`: the program refuses to run without root (ufw checks the uid, nft needs
	 * CAP_NET_ADMIN), so without the sudo right the probe reports "needs sudo" without
	 * starting it (ufw is a Python program: ~100 ms of the host's CPU for an error).
	 */
	rootOnly?: true;
}

const DOCKER_PATHS = ['/usr/local/bin/docker', '/usr/bin/docker'] as const;

/** Every privileged command, in sudoers order. */
export const PRIVILEGED_COMMANDS: readonly PrivilegedCommand[] = [
	{ id: 'ss', program: 'ss', paths: ['/usr/bin/ss'], args: ['-Htlnup'], purpose: 'listening sockets with the names of their processes' },
	{ id: 'ufw', program: 'ufw', paths: ['/usr/sbin/ufw'], args: ['status', 'verbose'], purpose: 'firewall rules (ufw)', rootOnly: true },
	{ id: 'nft', program: 'nft', paths: ['/usr/sbin/nft'], args: ['-j', 'list', 'ruleset'], purpose: 'firewall rules where ufw is absent (nftables)', rootOnly: true },
	{ id: 'sshd', program: 'sshd', paths: ['/usr/sbin/sshd'], args: ['-T'], purpose: 'effective sshd settings' },
	{ id: 'docker-ids', program: 'docker', paths: DOCKER_PATHS, args: ['ps', '-aq', '--no-trunc'], purpose: 'container ids' },
	{ id: 'docker-inspect', program: 'docker', paths: DOCKER_PATHS, args: ['container', 'inspect', '--format', CONTAINER_TEMPLATE], ids: true, purpose: 'containers: name, image, state, health, restart policy, ports, networks, mounts, env NAMES' },
	{ id: 'docker-net-ids', program: 'docker', paths: DOCKER_PATHS, args: ['network', 'ls', '-q', '--no-trunc'], purpose: 'network ids' },
	{ id: 'docker-net-inspect', program: 'docker', paths: DOCKER_PATHS, args: ['network', 'inspect', '--format', NETWORK_TEMPLATE], ids: true, purpose: 'networks: name, driver, subnets, gateways, bridge interface' },
	{ id: 'docker-volumes', program: 'docker', paths: DOCKER_PATHS, args: ['volume', 'ls', '--format', VOLUME_TEMPLATE], purpose: 'volumes: name, driver' },
];

/** The entry with this id. */
export function privileged(id: PrivilegedId): PrivilegedCommand {
	return PRIVILEGED_COMMANDS.find((c) => c.id === id)!;
}

/** Characters sudoers wants escaped in command arguments (`man sudoers`: `,` `:` `=` `\`). */
const SUDOERS_SPECIAL = /[\\,:=]/g;

/**
 * One sudoers command: path and arguments, escaped as `sudoers(5)` requires, `-- *` after
 * commands that take ids. `sudo -l -l` prints commands exactly in this form, which is how the
 * probe checks its rights in one call.
 * @param cmd
 *   The command.
 * @param path
 *   One of its paths.
 */
export function sudoersCommand(cmd: PrivilegedCommand, path: string): string {
	const words = [path, ...cmd.args.map((a) => a.replace(SUDOERS_SPECIAL, (c) => `\\${c}`)), ...(cmd.ids ? ['--', '*'] : [])];
	return words.join(' ');
}

/**
 * Why an argument cannot be an exact sudoers argument, or `undefined`. Glob characters would
 * turn it into a pattern; a space outside a `{{ … }}` action would let a caller split it
 * into a shorter, still valid `--format` template plus extra arguments.
 * @param arg
 *   One fixed argument.
 */
export function unsafeSudoersArg(arg: string): string | undefined {
	if (/[*?[\]]/.test(arg)) return 'contains a glob character';
	if ([...arg].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)) return 'contains a control character';
	if (/^#|!/.test(arg)) return 'starts with # or contains !';
	let depth = 0;
	for (let i = 0; i < arg.length; i++) {
		if (arg.startsWith('{{', i)) { depth++; i++; continue; }
		if (arg.startsWith('}}', i)) { depth--; i++; continue; }
		if (arg[i] === ' ' && depth === 0) return 'has a space outside a {{ … }} action';
	}
	return undefined;
}

/**
 * How the probe gathers each section, the cheapest way: a file read with shell builtins
 * (no process at all) where the kernel or a file already has the answer, one fixed command
 * otherwise. Commands that need root are entries of `privileged-commands.ts` (the sudoers
 * list); the only document strings (unit names for `systemctl`, paths for `stat`) are
 * appended as quoted arguments by `script.ts` via `quote.ts`.
 */
import type { SectionName } from '../observation.ts';
import type { PrivilegedId } from './privileged-commands.ts';

/** How one section is gathered. */
export type SectionSource =
	/** Read with `read` builtins, no process: the first `lines` lines (all when absent). */
	| { type: 'file'; path: string; lines?: number }
	/** One command as the SSH user. */
	| { type: 'user'; argv: readonly string[] }
	/**
	 * A privileged command: through `sudo -n` when the sudoers lines allow it (or as root),
	 * else `fallback` as the user when given (e.g. `ss` without `-p`: sockets without process
	 * names), else the command itself as the user (fails: "needs sudo").
	 */
	| { type: 'root'; id: PrivilegedId; fallback?: readonly string[] };

/** The fixed sections (dynamic ones — docker, firewall, systemctl, stat — are composed in script.ts). */
export const SECTIONS: Record<Exclude<SectionName, 'docker-ps' | 'docker-inspect' | 'docker-networks' | 'docker-volumes' | 'firewall' | 'systemctl' | 'stat'>, SectionSource> = {
	// hostname, os-release and the kernel release through the host's own `uname`/`cat` (three small
	// processes): what the host's tools answer, and what the robustness tests' fake hosts can stand in for
	hostname: { type: 'user', argv: ['uname', '-n'] },
	'os-release': { type: 'user', argv: ['cat', '/etc/os-release'] },
	// the kernel release and CPU count as /proc shows them (same as `uname -r` / `nproc` on a plain host; in
	// containers with lxcfs-style /proc files — and the lab twins — these are the container's, not the host's)
	kernel: { type: 'user', argv: ['cat', '/proc/sys/kernel/osrelease'] },
	nproc: { type: 'user', argv: ['grep', '-c', '^processor', '/proc/cpuinfo'] },
	// MemTotal is the first line of /proc/meminfo
	meminfo: { type: 'file', path: '/proc/meminfo', lines: 1 },
	df: { type: 'user', argv: ['df', '-Pk'] },
	'ip-addr': { type: 'user', argv: ['ip', '-j', 'addr', 'show'] },
	ss: { type: 'root', id: 'ss', fallback: ['ss', '-Htlnu'] },
	// a sysctl integer file answers only a read at offset 0 (dash's `read` reads byte by byte): cat it
	'port-range': { type: 'user', argv: ['cat', '/proc/sys/net/ipv4/ip_local_port_range'] },
	'units-list': { type: 'user', argv: ['systemctl', 'list-units', '--type=service', '--state=running', '--no-legend', '--plain', '--no-pager'] },
	passwd: { type: 'user', argv: ['getent', 'passwd'] },
	group: { type: 'user', argv: ['getent', 'group'] },
	sshd: { type: 'root', id: 'sshd' },
};

/** `systemctl show` properties the units comparator reads (unit names appended after `--`). */
export const SYSTEMCTL_ARGV = ['systemctl', 'show', '--no-pager', '-p', 'Id,LoadState,ActiveState,SubState,UnitFileState,User'] as const;
/** `stat` format: `ok|type|owner|group|octal mode|path` (paths appended after `--`; one process for all). */
export const STAT_ARGV = ['stat', '-c', 'ok|%F|%U|%G|%a|%n'] as const;

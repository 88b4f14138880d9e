/**
 * The read-only commands the probe script may run, one per section. Commands are
 * fixed argv arrays; the only document strings (unit names for `systemctl`, paths
 * for `stat`) are appended as quoted arguments by `script.ts` via `quote.ts`.
 *
 * `root`:
 * - `none`: run as the SSH user;
 * - `preferred`: run through `sudo -n` when the sudoers lines allow it, else run `fallback` as the user
 *   (e.g. `ss` without `-p`: sockets without process names);
 * - `required`: run through `sudo -n` when allowed, else as the user (works for a root login
 *   or e.g. membership in the `docker` group); a failure as the user means "needs sudo".
 */
import type { SectionName } from '../observation.ts';

/** One section of the probe. */
export interface SectionSpec {
	name: SectionName;
	/** The command. */
	argv: readonly string[];
	root: 'none' | 'preferred' | 'required';
	/** Command without root, when `root` is `preferred`. */
	fallback?: readonly string[];
}

/** All fixed sections (dynamic ones — docker inspect, systemctl, stat — are composed in script.ts). */
export const SECTIONS: Record<Exclude<SectionName, 'docker-inspect' | 'docker-networks' | 'systemctl' | 'stat'>, SectionSpec> = {
	hostname: { name: 'hostname', argv: ['uname', '-n'], root: 'none' },
	'os-release': { name: 'os-release', argv: ['cat', '/etc/os-release'], root: 'none' },
	// the kernel release and CPU count as /proc shows them (same as `uname -r` / `nproc` on a plain host; in
	// containers with lxcfs-style /proc files — and the lab twins — these are the container's, not the host's)
	kernel: { name: 'kernel', argv: ['cat', '/proc/sys/kernel/osrelease'], root: 'none' },
	nproc: { name: 'nproc', argv: ['grep', '-c', '^processor', '/proc/cpuinfo'], root: 'none' },
	meminfo: { name: 'meminfo', argv: ['cat', '/proc/meminfo'], root: 'none' },
	df: { name: 'df', argv: ['df', '-Pk'], root: 'none' },
	'ip-addr': { name: 'ip-addr', argv: ['ip', '-j', 'addr', 'show'], root: 'none' },
	ss: { name: 'ss', argv: ['ss', '-Htlnup'], root: 'preferred', fallback: ['ss', '-Htlnu'] },
	'port-range': { name: 'port-range', argv: ['cat', '/proc/sys/net/ipv4/ip_local_port_range'], root: 'none' },
	'docker-ps': { name: 'docker-ps', argv: ['docker', 'ps', '-a', '--no-trunc', '--format', '{{json .}}'], root: 'required' },
	'docker-volumes': { name: 'docker-volumes', argv: ['docker', 'volume', 'ls', '--format', '{{json .}}'], root: 'required' },
	firewall: { name: 'firewall', argv: ['ufw', 'status', 'verbose'], root: 'required' },
	'units-list': { name: 'units-list', argv: ['systemctl', 'list-units', '--type=service', '--state=running', '--no-legend', '--plain', '--no-pager'], root: 'none' },
	passwd: { name: 'passwd', argv: ['getent', 'passwd'], root: 'none' },
	group: { name: 'group', argv: ['getent', 'group'], root: 'none' },
	sshd: { name: 'sshd', argv: ['sshd', '-T'], root: 'required' },
};

/** nftables, used for the `firewall` section where ufw is absent. */
export const NFT_ARGV = ['nft', '-j', 'list', 'ruleset'] as const;
/** Lists container ids for `docker inspect`. */
export const DOCKER_IDS_ARGV = ['docker', 'ps', '-aq', '--no-trunc'] as const;
/** Inspects containers (ids appended). */
export const DOCKER_INSPECT_ARGV = ['docker', 'container', 'inspect'] as const;
/** Lists network ids for `docker network inspect`. */
export const DOCKER_NET_IDS_ARGV = ['docker', 'network', 'ls', '-q', '--no-trunc'] as const;
/** Inspects networks (ids appended). */
export const DOCKER_NET_INSPECT_ARGV = ['docker', 'network', 'inspect'] as const;
/** `systemctl show` properties the units comparator reads (unit names appended after `--`). */
export const SYSTEMCTL_ARGV = ['systemctl', 'show', '--no-pager', '-p', 'Id,LoadState,ActiveState,SubState,UnitFileState,User'] as const;
/** `stat` format: type|owner|group|octal mode (path appended after `--`). */
export const STAT_ARGV = ['stat', '-c', '%F|%U|%G|%a'] as const;

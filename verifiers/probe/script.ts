/**
 * Builds the one read-only POSIX sh script sent to a host (on stdin of `sh -s`) and
 * splits its output back into sections. Each section is framed by markers carrying a
 * per-run random nonce, so nothing a host prints can fake or end a section.
 *
 * ```
 * @@<nonce> begin ss priv=root
 * …command stdout…
 * @@<nonce> stderr ss
 * …first 2000 bytes of stderr…
 * @@<nonce> end ss rc=0
 * ```
 */
import { randomBytes } from 'node:crypto';
import type { SectionName } from '../observation.ts';
import { shJoin, shQuote } from './quote.ts';
import {
	DOCKER_IDS_ARGV, DOCKER_INSPECT_ARGV, DOCKER_NET_IDS_ARGV, DOCKER_NET_INSPECT_ARGV,
	NFT_ARGV, SECTIONS, STAT_ARGV, SYSTEMCTL_ARGV, type SectionSpec,
} from './sections.ts';

/** What to gather on one host. */
export interface ProbePlan {
	/** Sections to include. */
	sections: ReadonlySet<SectionName>;
	/** Unit names for `systemctl show` (validated by the schema; quoted here). */
	units: readonly string[];
	/** Paths for `stat` (validated by the schema; quoted here). */
	paths: readonly string[];
}

/** Raw output of one section. */
export interface RawSection {
	/** `root` when it ran through `sudo -n`, else `user`. */
	priv: 'root' | 'user';
	stdout: string;
	stderr: string;
	/** Exit status; `undefined` when the end marker is missing (truncated output). */
	rc: number | undefined;
}

/** A fresh nonce for the section markers. */
export function newNonce(): string {
	return randomBytes(8).toString('hex');
}

const PRELUDE = String.raw`# verified-runbooks probe: read-only, one run per host
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
LC_ALL=C
export PATH LC_ALL
__s() {
	__n=$1; __p=$2; shift 2
	printf '%s begin %s priv=%s\n' "$__M" "$__n" "$__p"
	{ __e=$("$@" 2>&1 1>&4 4>&-); __rc=$?; } 4>&1
	printf '\n%s stderr %s\n%.2000s\n%s end %s rc=%s\n' "$__M" "$__n" "$__e" "$__M" "$__n" "$__rc"
}
__ok() { command -v sudo >/dev/null 2>&1 && sudo -n -l -- "$@" >/dev/null 2>&1; }
__r() {
	__n=$1; shift
	if __ok "$@"; then __s "$__n" root sudo -n -- "$@"; else __s "$__n" user "$@"; fi
}
__stat() {
	for __f in "$@"; do
		if __o=$(${shJoin(STAT_ARGV)} -- "$__f" 2>&1); then printf 'ok|%s|%s\n' "$__o" "$__f"
		else printf 'err|%s|%s\n' "$(printf '%s' "$__o" | tr '\n|' '  ')" "$__f"; fi
	done
}
__empty() { printf '%s' "$1"; }
`;

function fixed(spec: SectionSpec): string {
	const cmd = shJoin(spec.argv);
	if (spec.root === 'none') return `__s ${spec.name} user ${cmd}`;
	if (spec.root === 'preferred' && spec.fallback) {
		return `if __ok ${cmd}; then __s ${spec.name} root sudo -n -- ${cmd}; else __s ${spec.name} user ${shJoin(spec.fallback)}; fi`;
	}
	return `__r ${spec.name} ${cmd}`;
}

/**
 * Builds the probe script.
 * @param plan
 *   Sections and the document strings they need.
 * @param nonce
 *   Marker nonce (hex).
 */
export function buildProbeScript(plan: ProbePlan, nonce: string): string {
	if (!/^[0-9a-f]{8,64}$/.test(nonce)) throw new Error('nonce must be hex');
	const s = plan.sections;
	const lines: string[] = [PRELUDE, `__M='@@${nonce}'`];
	const order: SectionName[] = ['hostname', 'os-release', 'kernel', 'nproc', 'meminfo', 'df', 'ip-addr', 'ss', 'port-range', 'units-list', 'passwd', 'group', 'sshd'];
	for (const name of order) if (s.has(name)) lines.push(fixed(SECTIONS[name as keyof typeof SECTIONS]));
	if (s.has('firewall')) {
		lines.push(`if command -v ufw >/dev/null 2>&1; then ${fixed(SECTIONS.firewall)}; else __r firewall ${shJoin(NFT_ARGV)}; fi`);
	}
	if (s.has('docker-ps') || s.has('docker-inspect') || s.has('docker-networks') || s.has('docker-volumes')) {
		lines.push(`if __ok ${shJoin(DOCKER_IDS_ARGV)}; then __D='sudo -n -- docker'; __P=root; else __D=docker; __P=user; fi`);
		const sub = (argv: readonly string[]) => `$__D ${shJoin(argv.slice(1))}`;
		if (s.has('docker-ps')) lines.push(`__s docker-ps $__P ${sub(SECTIONS['docker-ps'].argv)}`);
		if (s.has('docker-inspect')) {
			// a failing id listing must fail the section (never "no containers")
			lines.push(`if __ids=$(${sub(DOCKER_IDS_ARGV)} 2>/dev/null); then __ids=$(printf '%s\\n' "$__ids" | tr -cd '0-9a-f\\n')`);
			lines.push(`	if [ -n "$__ids" ]; then __s docker-inspect $__P ${sub(DOCKER_INSPECT_ARGV)} $__ids; else __s docker-inspect $__P __empty '[]'; fi`);
			lines.push(`else __s docker-inspect $__P ${sub(DOCKER_IDS_ARGV)}; fi`);
		}
		if (s.has('docker-networks')) {
			lines.push(`if __nids=$(${sub(DOCKER_NET_IDS_ARGV)} 2>/dev/null); then __nids=$(printf '%s\\n' "$__nids" | tr -cd '0-9a-zA-Z\\n')`);
			lines.push(`	if [ -n "$__nids" ]; then __s docker-networks $__P ${sub(DOCKER_NET_INSPECT_ARGV)} $__nids; else __s docker-networks $__P __empty '[]'; fi`);
			lines.push(`else __s docker-networks $__P ${sub(DOCKER_NET_IDS_ARGV)}; fi`);
		}
		if (s.has('docker-volumes')) lines.push(`__s docker-volumes $__P ${sub(SECTIONS['docker-volumes'].argv)}`);
	}
	if (s.has('systemctl') && plan.units.length) {
		lines.push(`__s systemctl user ${shJoin(SYSTEMCTL_ARGV)} -- ${plan.units.map(shQuote).join(' ')}`);
	}
	if (s.has('stat') && plan.paths.length) {
		lines.push(`__s stat user __stat ${plan.paths.map(shQuote).join(' ')}`);
	}
	lines.push('exit 0', '');
	return lines.join('\n');
}

/**
 * Splits probe output into sections. Pure; never throws. Sections without an end
 * marker (output truncated, command killed) get `rc: undefined`.
 * @param output
 *   The script's stdout.
 * @param nonce
 *   The nonce the script was built with.
 */
export function splitSections(output: string, nonce: string): Map<string, RawSection> {
	const out = new Map<string, RawSection>();
	const mark = `@@${nonce} `;
	let cur: { name: string; priv: 'root' | 'user'; part: 'stdout' | 'stderr'; stdout: string[]; stderr: string[] } | undefined;
	const flush = (rc: number | undefined) => {
		if (!cur) return;
		// the script prints one '\n' before the stderr marker and one after the stderr text
		const stdout = cur.stdout.join('\n');
		const stderr = cur.stderr.join('\n');
		out.set(cur.name, { priv: cur.priv, stdout, stderr: stderr.replace(/\n$/, ''), rc });
		cur = undefined;
	};
	for (const line of output.split('\n')) {
		if (line.startsWith(mark)) {
			const rest = line.slice(mark.length);
			let m: RegExpExecArray | null;
			if ((m = /^begin ([a-z-]+) priv=(root|user)$/.exec(rest))) {
				flush(undefined);
				cur = { name: m[1]!, priv: m[2] as 'root' | 'user', part: 'stdout', stdout: [], stderr: [] };
				continue;
			}
			if ((m = /^stderr ([a-z-]+)$/.exec(rest)) && cur && cur.name === m[1]) {
				// drop the '\n' the script added before the marker
				if (cur.stdout.length && cur.stdout[cur.stdout.length - 1] === '') cur.stdout.pop();
				cur.part = 'stderr';
				continue;
			}
			if ((m = /^end ([a-z-]+) rc=(\d+)$/.exec(rest)) && cur && cur.name === m[1]) {
				flush(Number(m[2]));
				continue;
			}
			continue;
		}
		if (cur) cur[cur.part].push(line);
	}
	flush(undefined);
	return out;
}

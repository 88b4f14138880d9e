/**
 * Builds the one read-only POSIX sh script sent to a host (inside the exec request as `sh -c`, or on
 * stdin of `sh -s` when too long: `probeCommand`) and splits its output back into sections. Each
 * section is framed by markers carrying a per-run random nonce, so nothing a host prints can fake or
 * end a section.
 *
 * ```
 * @@<nonce> begin ss priv=root
 * …command stdout…
 * @@<nonce> stderr ss
 * …first 2000 bytes of stderr…
 * @@<nonce> end ss rc=0
 * @@<nonce> t ss 1234.56          (uptime after the section, then the two lines of `times`)
 * 0m0.010s 0m0.004s
 * 0m0.020s 0m0.012s
 * ```
 *
 * The script asks sudo ONCE (`sudo -n -l -l`, only when a section needs root) and runs a
 * privileged command through `sudo -n` only when that listing holds its exact sudoers line
 * (`privileged-commands.ts`), so a host without the sudoers file never sees a refused sudo.
 * Only the sections in the plan run; files and /proc are read with shell builtins.
 */
import { randomBytes } from 'node:crypto';
import type { SectionName } from '../observation.ts';
import { shJoin, shQuote, shQuoteScript } from './quote.ts';
import { SECTIONS, STAT_ARGV, SYSTEMCTL_ARGV, type SectionSource } from './sections.ts';
import { privileged, sudoersCommand, type PrivilegedId } from './privileged-commands.ts';

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
	/** `root` when it ran through `sudo -n` (or the login is root), else `user`. */
	priv: 'root' | 'user';
	stdout: string;
	stderr: string;
	/** Exit status; `undefined` when the end marker is missing (truncated output). */
	rc: number | undefined;
	/** CPU time the section cost on the host (the shell and every process it started), ms. */
	cpuMs?: number;
	/** Wall time of the section on the host (10 ms resolution), ms. */
	wallMs?: number;
}

/** A fresh nonce for the section markers. */
export function newNonce(): string {
	return randomBytes(8).toString('hex');
}

/** Sections in the order the script runs them. */
const ORDER: readonly SectionName[] = [
	'hostname', 'os-release', 'kernel', 'nproc', 'meminfo', 'port-range', 'df', 'ip-addr', 'ss', 'units-list', 'passwd', 'group', 'sshd',
	'firewall', 'docker-inspect', 'docker-networks', 'docker-volumes', 'systemctl', 'stat',
];

/** Sections whose commands may need root. */
const ROOT_SECTIONS: ReadonlySet<SectionName> = new Set(['ss', 'sshd', 'firewall', 'docker-inspect', 'docker-networks', 'docker-volumes']);

const PRELUDE = String.raw`# verified-runbooks probe: read-only, one run per host
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
LC_ALL=C
export PATH LC_ALL
__NL='
'
__TAB='	'
# checkpoint after a section: uptime (wall) and the shell's + children's CPU times
__t() { __u=; read -r __u __x </proc/uptime; printf '%s t %s %s\n' "$__M" "$1" "$__u"; times; }
__s() {
	__n=$1; __p=$2; shift 2
	printf '%s begin %s priv=%s\n' "$__M" "$__n" "$__p"
	{ __e=$("$@" 2>&1 1>&4 4>&-); __rc=$?; } 4>&1
	printf '\n%s stderr %s\n%.2000s\n%s end %s rc=%s\n' "$__M" "$__n" "$__e" "$__M" "$__n" "$__rc"
	__t "$__n"
}
# a file section without any process: the first $3 lines of $2 (all when $3 is 0)
__f() {
	printf '%s begin %s priv=user\n' "$__M" "$1"
	__i=0; __rc=0; __e=
	if [ -r "$2" ]; then
		while IFS= read -r __l || [ -n "$__l" ]; do
			printf '%s\n' "$__l"; __i=$((__i + 1))
			[ "$3" -gt 0 ] && [ "$__i" -ge "$3" ] && break
		done <"$2"
	else __rc=1; __e="cannot read $2"; fi
	printf '\n%s stderr %s\n%s\n%s end %s rc=%s\n' "$__M" "$1" "$__e" "$__M" "$1" "$__rc"
	__t "$1"
}
# the first executable $1 on PATH (the prelude's fixed PATH), without a process (sets __w)
__which() {
	__w=
	__o=$IFS; IFS=:
	for __d in $PATH; do
		if [ -n "$__d" ] && [ -x "$__d/$1" ]; then __w=$__d/$1; IFS=$__o; return 0; fi
	done
	IFS=$__o
	return 1
}
__nf() { echo "$1: not found" >&2; return 127; }
# a root-only program without the sudo right: say so without starting it
__nr() { echo "$1 needs root; not started: the sudo rights of this login do not allow $2" >&2; return 1; }
# no Docker socket: say so without starting the docker CLI
__nd() { echo 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?' >&2; return 1; }
__empty() { printf '%s' "$1"; }
__stat() {
	${shJoin(STAT_ARGV)} -- "$@" 2>/dev/null
	for __f in "$@"; do
		if [ -e "$__f" ] || [ -L "$__f" ]; then continue; fi
		if __o=$(stat -c %F -- "$__f" 2>&1); then :; else printf 'err|%s|%s\n' "$(printf '%s' "$__o" | tr '\n|' '  ')" "$__f"; fi
	done
}
`;

/** Sets `__root=1` for a root login and reads the sudo rights once into `__L`. */
const SUDO_DECISION = String.raw`__uid=
while read -r __k __v __x; do if [ "$__k" = Uid: ]; then __uid=$__v; break; fi; done </proc/self/status
__root=; __L=
if [ "$__uid" = 0 ]; then __root=1
elif command -v sudo >/dev/null 2>&1; then __L=$(sudo -n -l -l 2>/dev/null)$__NL; fi
# __can LINE: the sudo listing holds exactly this command line (or ALL)
__can() {
	[ -n "$__root" ] && return 0
	case $__L in *"$__TAB$1$__NL"* | *"$__TAB"ALL"$__NL"*) return 0 ;; esac
	return 1
}
`;

/** Shell text for a file section. */
function fileSection(name: SectionName, src: Extract<SectionSource, { type: 'file' }>): string {
	return `__f ${name} ${shQuote(src.path)} ${src.lines ?? 0}`;
}

/**
 * Shell text running privileged command `id` as section `name`: through sudo when the
 * listing allows its exact line, else `fallback` (or the command itself) as the user.
 * Expects `__w` to hold the program's path (empty when not installed).
 * @param ids
 *   Shell text of the id list (after `--`).
 */
function rootCall(name: SectionName, id: PrivilegedId, fallback?: readonly string[], ids?: string): string {
	const cmd = privileged(id);
	const args = shJoin(cmd.args);
	const tail = cmd.ids ? ` -- ${ids ?? ''}` : '';
	// the sudoers line for the path found, e.g. '/usr/bin/ss -Htlnup' (the path part comes from "$__w")
	const line = shQuote(sudoersCommand(cmd, ''));
	const user = fallback ? `"$__w" ${shJoin(fallback.slice(1))}` : cmd.rootOnly ? `__nr ${cmd.program} "$__w"${line}` : `"$__w" ${args}${tail}`;
	return [
		`if [ -z "$__w" ]; then __s ${name} user __nf ${cmd.program}`,
		`elif [ -n "$__root" ]; then __s ${name} root "$__w" ${args}${tail}`,
		`elif __can "$__w"${line}; then __s ${name} root sudo -n -- "$__w" ${args}${tail}`,
		`else __s ${name} user ${user}; fi`,
	].join('\n');
}

/** Shell text for a fixed section. */
function fixed(name: keyof typeof SECTIONS): string {
	const src = SECTIONS[name];
	if (src.type === 'file') return fileSection(name, src);
	if (src.type === 'user') return `__s ${name} user ${shJoin(src.argv)}`;
	const prog = privileged(src.id).program;
	return `__which ${prog}\n${rootCall(name, src.id, src.fallback)}`;
}

/** Docker: ids first (a failing listing fails the section, never "no containers"), then one inspect. */
function dockerObjects(name: 'docker-inspect' | 'docker-networks', listId: PrivilegedId, inspectId: PrivilegedId, filter: string): string {
	const list = privileged(listId);
	const listArgs = shJoin(list.args);
	const listLine = shQuote(sudoersCommand(list, ''));
	return [
		`if [ -z "$__w" ]; then __s ${name} user __nf docker`,
		`elif ! [ -S /var/run/docker.sock ]; then __s ${name} user __nd`,
		`else`,
		`	if [ -n "$__root" ]; then __X=; __P=root; elif __can "$__w"${listLine}; then __X='sudo -n --'; __P=root; else __X=; __P=user; fi`,
		`	if __ids=$($__X "$__w" ${listArgs} 2>/dev/null); then __ids=$(printf '%s\\n' "$__ids" | tr -cd '${filter}\\n')`,
		`		if [ -n "$__ids" ]; then`,
		rootCall(name, inspectId, undefined, '$__ids').replace(/^/gm, '\t\t\t'),
		`		else __s ${name} $__P __empty ''; fi`,
		`	else __s ${name} $__P $__X "$__w" ${listArgs}; fi`,
		`fi`,
	].join('\n');
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
	const lines: string[] = [PRELUDE, `__M='@@${nonce}'`, '__t start'];
	if ([...s].some((n) => ROOT_SECTIONS.has(n))) lines.push(SUDO_DECISION, '__t sudo');
	for (const name of ORDER) {
		// the addresses of a Podman network's bridge (observe.ts): only where a Docker socket exists
		if (name === 'ip-addr' && !s.has(name) && s.has('docker-networks')) lines.push(`if [ -S /var/run/docker.sock ]; then\n${fixed('ip-addr')}\nfi`);
		if (!s.has(name)) continue;
		if (name in SECTIONS) { lines.push(fixed(name as keyof typeof SECTIONS)); continue; }
		switch (name) {
			case 'firewall':
				lines.push(`if __which ufw; then\n${rootCall('firewall', 'ufw')}\nelse __which nft\n${rootCall('firewall', 'nft')}\nfi`);
				break;
			case 'docker-inspect':
				lines.push('__which docker', dockerObjects('docker-inspect', 'docker-ids', 'docker-inspect', '0-9a-f'));
				break;
			case 'docker-networks':
				lines.push('__which docker', dockerObjects('docker-networks', 'docker-net-ids', 'docker-net-inspect', '0-9a-zA-Z'));
				break;
			case 'docker-volumes':
				lines.push('__which docker', `if ! [ -S /var/run/docker.sock ]; then __s docker-volumes user __nd\nelse`, rootCall('docker-volumes', 'docker-volumes'), 'fi');
				break;
			case 'systemctl':
				if (plan.units.length) lines.push(`__s systemctl user ${shJoin(SYSTEMCTL_ARGV)} -- ${plan.units.map(shQuote).join(' ')}`);
				break;
			case 'stat':
				if (plan.paths.length) lines.push(`__s stat user __stat ${plan.paths.map(shQuote).join(' ')}`);
				break;
		}
	}
	lines.push('exit 0', '');
	return lines.join('\n');
}

/**
 * Largest quoted script sent inside the exec request: the host's login shell passes it to `sh -c` as one
 * argument, and Linux takes at most 128 KiB per argument (MAX_ARG_STRLEN).
 */
const INLINE_SCRIPT_MAX = 100_000;

/** How the probe script reaches the host's `sh`. */
export interface ProbeCommand {
	/** The exec request's command. */
	command: string;
	/** The script on stdin, when it is not in `command`. */
	stdin?: string;
}

/**
 * How to send a probe script: inside the exec request (`sh -c '<script>'`), so the host starts it as it
 * accepts the request — one round trip sooner than a script written to stdin once the request was
 * accepted, and no login-shell start-up file can read it from stdin; on stdin of `sh -s` when the quoted
 * script is too long for one argument.
 * @param script
 *   The probe script (`buildProbeScript`).
 */
export function probeCommand(script: string): ProbeCommand {
	const quoted = shQuoteScript(script);
	return Buffer.byteLength(quoted) <= INLINE_SCRIPT_MAX ? { command: `sh -c ${quoted}` } : { command: 'sh -s', stdin: script };
}

/** Seconds of CPU in a `times` line (`0m0.012s 0m0.004s`; busybox prints `0m 0.01s`). */
function timesSeconds(line: string): number | undefined {
	let sum = 0, n = 0;
	for (const m of line.matchAll(/(\d+)m\s*(\d+(?:\.\d+)?)s/g)) { sum += Number(m[1]) * 60 + Number(m[2]); n++; }
	return n ? sum : undefined;
}

/**
 * Splits probe output into sections. Pure; never throws. Sections without an end
 * marker (output truncated, command killed) get `rc: undefined`. The checkpoints after each
 * section give its CPU and wall time on the host.
 * @param output
 *   The script's stdout.
 * @param nonce
 *   The nonce the script was built with.
 */
export function splitSections(output: string, nonce: string): Map<string, RawSection> {
	const out = new Map<string, RawSection>();
	const mark = `@@${nonce} `;
	let cur: { name: string; priv: 'root' | 'user'; part: 'stdout' | 'stderr'; stdout: string[]; stderr: string[] } | undefined;
	let tp: { name: string; uptime: number; lines: string[] } | undefined;
	let last: { uptime: number; cpu: number } | undefined;
	const flush = (rc: number | undefined) => {
		if (!cur) return;
		// the script prints one '\n' before the stderr marker and one after the stderr text
		const stdout = cur.stdout.join('\n');
		const stderr = cur.stderr.join('\n');
		out.set(cur.name, { priv: cur.priv, stdout, stderr: stderr.replace(/\n$/, ''), rc });
		cur = undefined;
	};
	const checkpoint = () => {
		if (!tp) return;
		const [self, children] = tp.lines.map(timesSeconds);
		const cpu = self !== undefined && children !== undefined ? self + children : undefined;
		// the sudo decision is measured like a section
		if (tp.name === 'sudo' && !out.has('sudo')) out.set('sudo', { priv: 'user', stdout: '', stderr: '', rc: 0 });
		const sec = out.get(tp.name);
		if (cpu !== undefined && Number.isFinite(tp.uptime)) {
			if (last && sec && sec.rc !== undefined) {
				sec.cpuMs = Math.max(0, Math.round((cpu - last.cpu) * 1000));
				sec.wallMs = Math.max(0, Math.round((tp.uptime - last.uptime) * 1000));
			}
			last = { uptime: tp.uptime, cpu };
		}
		tp = undefined;
	};
	for (const line of output.split('\n')) {
		if (line.startsWith(mark)) {
			checkpoint();
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
			if ((m = /^t ([a-z-]+) (\d+(?:\.\d+)?)$/.exec(rest)) && !cur) {
				tp = { name: m[1]!, uptime: Number(m[2]), lines: [] };
				continue;
			}
			continue;
		}
		if (cur) cur[cur.part].push(line);
		else if (tp) {
			tp.lines.push(line);
			if (tp.lines.length === 2) checkpoint();
		}
	}
	flush(undefined);
	return out;
}

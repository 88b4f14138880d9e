/**
 * The script a step becomes on the twin (pure text generation, no I/O).
 *
 * The build machine sends this script over the SSH channel's stdin; the command line only names the
 * runner's private directory on the twin. On the twin the script:
 * - restores the session state (working directory, exported variables) the previous block left, or
 *   starts in `$HOME` like a fresh login;
 * - binds the placeholders there: literals, `run` commands, and secrets read from the twin's own files —
 *   a secret value exists only on the twin, and every output line is filtered there so the value is
 *   replaced by its `<NAME>` before it leaves;
 * - runs the block with `set -eE -o pipefail` (the first failing command fails the step), stdin closed,
 *   stdout and stderr merged, and prints a segment mark where each `# Expected:` run ends;
 * - saves the state for the next block of the same session.
 */
import { SEGMENT_MARK } from './match.ts';
import type { RunbookSpec } from './spec.ts';

/**
 * Single-quotes a string for bash.
 * @param s
 *   Any text.
 */
export function shq(s: string): string {
	return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** What the twin-side script needs to know about the step. */
export interface RemoteStep {
	/** Block text (as on the page). */
	code: string;
	/** Placeholders used by the block. */
	placeholders: readonly string[];
	/** Follow commands: observe window in ms (SIGINT after it at the latest); undefined for normal steps. */
	observeMs?: number;
	/**
	 * Follow commands: end the observe window early once the command has printed something and then
	 * nothing for this long (a log stream that has shown its history); undefined: watch the whole window.
	 */
	settleMs?: number;
	/** Save cwd and exported variables for the next block (false for hidden setup/checks). */
	persist: boolean;
}

/** Marks the line and command that failed (printed by the ERR trap, parsed by the runner). */
export const FAIL_MARK = '\u001eRB-FAILED\u001e';

/**
 * The block with each run of `# Expected:` lines replaced by a segment mark (line numbers kept).
 * @param code
 *   Block text.
 */
export function markSegments(code: string): string {
	const lines = code.split('\n');
	const isExp = (l: string | undefined) => l !== undefined && /^\s*#\s*(?:Expected|Erwartet):/.test(l);
	return lines.map((l, i) => (isExp(l) ? (isExp(lines[i + 1]) ? ':' : `printf '%s\\n' ${shq(SEGMENT_MARK)}`) : l)).join('\n');
}

function placeholderToken(name: string): string {
	return /^Y/.test(name) ? name : `<${name}>`;
}

/**
 * The twin-side script of one step.
 * @param step
 *   The step.
 * @param spec
 *   Placeholder bindings.
 * @param dir
 *   The runner's directory on the twin (per session).
 */
export function stepScript(step: RemoteStep, spec: Pick<RunbookSpec, 'placeholders'>, dir: string): string {
	const D = shq(dir);
	const delim = `RB_BLOCK_${Math.random().toString(36).slice(2, 10).toUpperCase()}`;
	const binds: string[] = [];
	const secrets: string[] = [];
	step.placeholders.forEach((name, i) => {
		const b = spec.placeholders[name];
		const v = `__rb_v${i}`;
		if (!b) throw new Error(`unbound placeholder ${name}`);
		if ('value' in b) binds.push(`${v}=${shq(b.value)}`);
		else if ('run' in b) binds.push(`${v}=$( ${b.run} ) || { echo ${shq(`placeholder ${name}: the binding command failed`)}; exit 97; }; ${v}=\${${v}%%$'\\n'*}`);
		else {
			binds.push(`${v}=$( { cat ${shq(b.secret.file)} 2>/dev/null || sudo -n cat ${shq(b.secret.file)}; } | sed -n ${shq(`s/^${b.secret.key}=//p`)} | head -n 1 ) || true`);
			binds.push(`[ -n "$${v}" ] || { echo ${shq(`placeholder ${name}: ${b.secret.key} not found in ${b.secret.file} on the twin`)}; exit 97; }`);
			secrets.push(`__rb_secrets+=("$${v}"); __rb_names+=(${shq(placeholderToken(name))})`);
		}
		binds.push(`__rb_block=\${__rb_block//${shq(placeholderToken(name))}/"$${v}"}`);
	});
	const follow = step.observeMs !== undefined;
	return [
		'#!/bin/bash',
		`D=${D}`,
		'cd "$HOME" || exit 96',
		'if [ -f "$D/cwd" ]; then . "$D/env" 2>/dev/null || true; cd "$(cat "$D/cwd")" 2>/dev/null || true; fi',
		'export LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC TERM=dumb NO_COLOR=1 SYSTEMD_COLORS=0 PAGER=cat SYSTEMD_PAGER= COLUMNS=200',
		`IFS= read -r -d '' __rb_block <<'${delim}' || true`,
		markSegments(step.code),
		delim,
		'__rb_block=${__rb_block%$\'\\n\'}',
		'__rb_secrets=(); __rb_names=()',
		...binds,
		...secrets,
		// every line of output passes through this filter on the twin: secret values become <NAME>
		'__rb_filter() { local l i; while IFS= read -r l || [ -n "$l" ]; do for i in "${!__rb_secrets[@]}"; do l=${l//"${__rb_secrets[$i]}"/"${__rb_names[$i]}"}; done; printf "%s\\n" "$l"; done; }',
		'exec 3>&1 > >(__rb_filter >&3) 2>&1',
		'printf "%s\\n" "$__rb_block" > "$D/block.sh"',
		...(follow
			? [
					// its own session: the end of the observe window reaches every process it started, also those
					// in their own process group (the docker CLI starts its plugins, e.g. compose, that way)
					// (its output is collected in a file, private to the runner, whose growth tells when it went quiet)
					'setsid bash -eE -o pipefail "$D/block.sh" </dev/null >"$D/follow.out" 2>&1 & __rb_pid=$!',
					`__rb_t=0; __rb_n=0; __rb_q=0; while kill -0 "$__rb_pid" 2>/dev/null && [ "$__rb_t" -lt ${Math.ceil(step.observeMs! / 100)} ]; do sleep 0.1; __rb_t=$((__rb_t+1))${
						step.settleMs === undefined
							? ''
							: `; __rb_s=$(stat -c %s "$D/follow.out"); if [ "$__rb_s" -gt 0 ] && [ "$__rb_s" = "$__rb_n" ]; then __rb_q=$((__rb_q+1)); [ "$__rb_q" -lt ${Math.ceil(step.settleMs / 100)} ] || break; else __rb_q=0; fi; __rb_n=$__rb_s`
					}; done`,
					// (processes the block started with sudo are ended with the same sudo the block used)
					'__rb_end() { pkill "-$1" -s "$__rb_pid" 2>/dev/null; if grep -qw sudo "$D/block.sh"; then sudo -n pkill "-$1" -s "$__rb_pid" 2>/dev/null; fi; true; }',
					// INT, then TERM, then KILL to the whole session, each after the block's shell ended or 0.5 s passed
					'__rb_gone() { local i; for i in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$__rb_pid" 2>/dev/null || return 0; sleep 0.05; done; return 1; }',
					'if kill -0 "$__rb_pid" 2>/dev/null; then __rb_end INT; __rb_gone; __rb_end TERM; __rb_gone; __rb_end KILL; wait "$__rb_pid" 2>/dev/null; __rb_rc=0; else wait "$__rb_pid"; __rb_rc=$?; fi',
					'cat "$D/follow.out"; rm -f "$D/follow.out"',
					'exec 1>&3 2>&1 3>&-; wait; exit "$__rb_rc"',
				]
			: [
					step.persist
						? `__rb_save() { __rb_rc=$?; pwd > "$D/cwd"; export -p | grep -Ev '^declare -x (PWD|OLDPWD|SHLVL|_|LC_ALL)(=|$)' > "$D/env"; exec 1>&3 2>&1 3>&-; wait; exit "$__rb_rc"; }`
						: '__rb_save() { __rb_rc=$?; exec 1>&3 2>&1 3>&-; wait; exit "$__rb_rc"; }',
					'trap __rb_save EXIT',
					`trap 'printf "\\n%s%s:%s\\n" ${shq(FAIL_MARK)} "$LINENO" "$BASH_COMMAND"' ERR`,
					'set -eE -o pipefail',
					'. "$D/block.sh" </dev/null',
				]),
		'',
	].join('\n');
}

/**
 * The command line sent over SSH for a step: stores the script (from stdin) in the runner's directory
 * on the twin and runs it under a timeout. Contains no placeholder value and no secret.
 * @param dir
 *   The runner's directory on the twin.
 * @param timeoutMs
 *   Step timeout.
 */
export function stepCommand(dir: string, timeoutMs: number): string {
	const D = shq(dir);
	// the private directory and the script are created with umask 077; the block runs with the login's umask
	return `(umask 077 && mkdir -p ${D} && cat > ${D}/step) && exec timeout -k 5 ${Math.ceil(timeoutMs / 1000)} bash ${D}/step </dev/null`;
}

/**
 * Renders `verifiers/probe/sudoers` from `PRIVILEGED_COMMANDS` (pure). The committed file is
 * checked by a test to equal this text; regenerate it with
 * `sh scripts/node24.sh node verifiers/probe/sudoers.ts > verifiers/probe/sudoers`.
 */
import { PRIVILEGED_COMMANDS, sudoersCommand, type PrivilegedCommand } from './privileged-commands.ts';

/** The account the lines are for. */
export const VERIFIER_USER = 'verifier';

const HEADER = `# verifiers/probe/sudoers — the sudo rights of the read-only verifier (user \`verifier\`).
# GENERATED from verifiers/probe/privileged-commands.ts; do not edit (a test compares them).
# Install as /etc/sudoers.d/verifier (mode 0440) and check with \`visudo -cf /etc/sudoers.d/verifier\`.
#
# Every line is one exact command line whose output holds no secret value: the Docker
# commands print fixed --format templates (environment variable NAMES only, no values, no
# command, labels or logs). The only wildcard, \`-- *\`, is the list of container/network ids
# the probe lists first: after \`--\` Docker reads every word as an id, never as an option.
# The probe asks \`sudo -n -l -l\` once and runs only lines listed there; without them the
# facts that need root are reported as unverified ("needs sudo"), never as drift.
# Remove the lines for what a server does not run (no Docker: the VERIFIER_DOCKER lines).
# Threat model and key rotation: docs/ci-drift-check.md.
`;

/**
 * The sudoers text.
 * @param commands
 *   The privileged commands. @default PRIVILEGED_COMMANDS
 */
export function renderSudoers(commands: readonly PrivilegedCommand[] = PRIVILEGED_COMMANDS): string {
	const u = VERIFIER_USER;
	const out = [HEADER];
	out.push('# no variable from the caller reaches the commands (DOCKER_HOST, DOCKER_CONFIG, …)');
	out.push(`Defaults:${u} env_reset, !setenv, !env_keep`);
	out.push('');
	const plain = commands.filter((c) => c.program !== 'docker');
	for (const c of plain) {
		out.push(`# ${c.purpose}`);
		for (const p of c.paths) out.push(`${u} ALL=(root) NOPASSWD: ${sudoersCommand(c, p)}`);
	}
	const docker = commands.filter((c) => c.program === 'docker');
	if (docker.length) {
		out.push('# Docker (the socket is root-only); the CLI lives in /usr/local/bin (static client) or /usr/bin (packages):');
		for (const c of docker) out.push(`#   ${c.args.slice(0, 2).join(' ')}: ${c.purpose}`);
		const lines = docker.flatMap((c) => c.paths.map((p) => sudoersCommand(c, p)));
		out.push(`Cmnd_Alias VERIFIER_DOCKER = \\\n${lines.map((l) => `\t${l}`).join(', \\\n')}`);
		out.push(`${u} ALL=(root) NOPASSWD: VERIFIER_DOCKER`);
	}
	return `${out.join('\n')}\n`;
}

if (import.meta.main) process.stdout.write(renderSudoers());

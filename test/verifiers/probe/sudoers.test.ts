/**
 * The sudoers file and the probe come from ONE list (`privileged-commands.ts`): the committed
 * file is the rendered one, every argument is exact (no glob, no splittable template), and
 * every command the probe runs through sudo is a line of that file.
 */
import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { PRIVILEGED_COMMANDS, sudoersCommand, unsafeSudoersArg } from '../../../verifiers/probe/privileged-commands.ts';
import { renderSudoers } from '../../../verifiers/probe/sudoers.ts';
import { buildProbeScript } from '../../../verifiers/probe/script.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const COMMITTED = readFileSync(join(ROOT, 'verifiers', 'probe', 'sudoers'), 'utf8');

describe('verifiers/probe/sudoers', () => {
	test('is exactly the text rendered from privileged-commands.ts (regenerate: sh scripts/node24.sh node verifiers/probe/sudoers.ts > verifiers/probe/sudoers)', () => {
		expect(COMMITTED).toBe(renderSudoers());
	});

	test('holds one line per command and path, and no other command', () => {
		const cmds = COMMITTED.split('\n')
			.filter((l) => !l.startsWith('#') && !l.startsWith('Defaults') && !l.startsWith('Cmnd_Alias') && l.trim())
			.map((l) => l.replace(/^verifier ALL=\(root\) NOPASSWD: /, '').replace(/^\t/, '').replace(/, \\$/, ''))
			.filter((l) => l !== 'VERIFIER_DOCKER');
		expect(cmds.sort()).toEqual(PRIVILEGED_COMMANDS.flatMap((c) => c.paths.map((p) => sudoersCommand(c, p))).sort());
	});

	test('the only wildcard is the id list after `--`', () => {
		for (const c of PRIVILEGED_COMMANDS) for (const p of c.paths) {
			const line = sudoersCommand(c, p);
			expect(line.replace(/ -- \*$/, ''), line).not.toMatch(/[*?[\]]/);
			if (line.includes('*')) expect(c.ids).toBe(true);
		}
	});

	test('every fixed argument is exact: no glob, no control character, no space outside a template action', () => {
		for (const c of PRIVILEGED_COMMANDS) for (const a of c.args) expect(unsafeSudoersArg(a), `${c.id}: ${a}`).toBeUndefined();
	});

	test.each([
		['{{json .Name}}', undefined],
		['a b', 'has a space outside a {{ … }} action'],
		['{{json .Name}} x', 'has a space outside a {{ … }} action'],
		['{{json .Name}}*', 'contains a glob character'],
		['[x]', 'contains a glob character'],
		['a\tb', 'contains a control character'],
		['#1', 'starts with # or contains !'],
	])('unsafeSudoersArg(%j) → %s', (arg, why) => {
		expect(unsafeSudoersArg(arg)).toBe(why);
	});

	test('every command the probe runs through sudo is a line of the file, checked against `sudo -l -l` first', () => {
		const script = buildProbeScript({ sections: new Set(['ss', 'sshd', 'firewall', 'docker-inspect', 'docker-networks', 'docker-volumes']), units: [], paths: [] }, 'abcdefabcdefabcd');
		const sudoRuns = [...script.matchAll(/sudo -n -- "\$__w" (.*)$/gm)].map((m) => m[1]!);
		expect(sudoRuns.length).toBeGreaterThan(0);
		// the probe asks sudo for its rights once
		expect(script.match(/sudo -n -l -l/g)).toHaveLength(1);
		for (const c of PRIVILEGED_COMMANDS) {
			// its exact sudoers line (path from "$__w") is what the script looks for in the listing
			expect(script).toContain(`__can "$__w"'${sudoersCommand(c, '').replaceAll("'", `'\\''`)}'`);
		}
		const sh = (argv: string) => execFileSync('sh', ['-c', `for a in ${argv.replace(/\$__ids/, 'ID')}; do printf '%s\\n' "$a"; done`], { encoding: 'utf8' }).trimEnd().split('\n');
		const allowed = PRIVILEGED_COMMANDS.map((c) => [...c.args, ...(c.ids ? ['--', 'ID'] : [])].join('\u0000'));
		for (const run of sudoRuns) expect(allowed, run).toContain(sh(run).join('\u0000'));
	});

	const visudo = spawnSync('sh', ['-c', 'command -v visudo'], { encoding: 'utf8' }).stdout.trim();
	test.skipIf(!visudo)('visudo accepts it', () => {
		const dir = mkdtempSync(join(tmpdir(), 'sudoers-'));
		writeFileSync(join(dir, 'verifier'), COMMITTED, { mode: 0o440 });
		const r = spawnSync(visudo, ['-cf', join(dir, 'verifier')], { encoding: 'utf8' });
		expect(r.status, r.stderr + r.stdout).toBe(0);
	});
	if (!visudo) console.warn('\n⚠ SKIPPED visudo check: visudo is not installed (apt-get install sudo)\n');
});

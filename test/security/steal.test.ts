/**
 * Tries to steal secrets with the CI key, on every lab twin: as `verifier` (the account the
 * drift check uses, with exactly the sudoers file the docs tell users to install), after a
 * root plants a secret in a container's environment, command and labels, in a 0600 file and
 * in a systemd unit's `Environment=`:
 *
 * - every command the INSTALLED sudoers permits runs, and no output holds a secret;
 * - the variations its patterns would admit (other `--format`s, extra options, other
 *   subcommands, `-H`/`--config` placements, `DOCKER_*` variables, `sudo -E`) are refused by
 *   sudo (asked with `sudo -l <command>`, which never runs anything);
 * - what the patterns DO admit — words after `--`, the template split at its spaces,
 *   `DOCKER_*` in the caller's environment — runs and yields no secret;
 * - the real probe (every section, the planted unit and file included) yields no secret.
 *
 * The plants are removed afterwards (the clean lab stays clean). Skips loudly without root
 * or lab; under CI=true a missing lab fails.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lab as labCli, labUnavailableReason, ROOT } from '../helpers/lab.ts';
import { PRIVILEGED_COMMANDS, sudoersCommand, type PrivilegedCommand } from '../../verifiers/probe/privileged-commands.ts';
import { buildProbeScript, splitSections } from '../../verifiers/probe/script.ts';
import type { SectionName } from '../../verifiers/observation.ts';
import { shJoin, shQuote } from '../../verifiers/probe/quote.ts';

const TWINS = ['gm-vserver', 'nb-vps', 'nb-revproxy', 'nb-staging'] as const;
const SECRET = `steal-${randomBytes(8).toString('hex')}`;
/** Secrets the lab itself holds (grocery_postgres's POSTGRES_PASSWORD). */
const LAB_SECRETS = ['LabSecret-do-not-leak-7f3a'];
const UNIT = 'verifier-steal-test.service';
const FILE = '/etc/verifier-steal-test.secret';
const CONTAINER = 'verifier-steal-test';
/** Every section the probe can gather. */
const ALL_SECTIONS: readonly SectionName[] = ['hostname', 'os-release', 'kernel', 'nproc', 'meminfo', 'df', 'ip-addr', 'ss', 'port-range', 'docker-inspect', 'docker-networks', 'docker-volumes', 'firewall', 'systemctl', 'units-list', 'passwd', 'group', 'stat', 'sshd'];

const reason = labUnavailableReason();
if (reason) {
	if (process.env.CI === 'true') throw new Error(`test/security/steal.test.ts needs the lab under CI=true: ${reason}`);
	console.warn(`\n⚠ SKIPPED stealing test: ${reason}\n`);
}

/** Runs a script as root inside a twin. */
const lab = (host: string, script: string) => labCli('exec', host, '--', 'sh', '-c', script);

/** Runs a script as `verifier` on a twin (over SSH, host keys pinned by the lab's ssh_config). */
function asVerifier(host: string, script: string): string {
	const r = spawnSync('ssh', ['-F', join(ROOT, '.lab', 'ssh_config'), host, 'sh -s'], { input: script, encoding: 'utf8', timeout: 300_000, maxBuffer: 64 * 1024 * 1024 });
	if (r.status !== 0) throw new Error(`ssh ${host}: exit ${r.status}: ${r.stderr}`);
	return r.stdout;
}

/** Plants the secrets as root (container only where a Docker socket answers). */
function plant(host: string): void {
	lab(host, `
		umask 077; printf '%s\\n' ${shQuote(SECRET)} > ${FILE}; chmod 0600 ${FILE}
		printf '[Unit]\\nDescription=steal test\\n[Service]\\nType=oneshot\\nEnvironment=STEAL_SECRET=%s\\nExecStart=/bin/true\\n' ${shQuote(SECRET)} > /etc/systemd/system/${UNIT}
		chmod 0644 /etc/systemd/system/${UNIT}
		if [ -d /run/systemd/system ]; then systemctl daemon-reload; fi
		if [ -S /var/run/docker.sock ]; then
			img=$(docker image ls --format '{{.Repository}}:{{.Tag}}' | grep -v '<none>' | head -n 1)
			docker rm -f ${CONTAINER} >/dev/null 2>&1
			docker create --name ${CONTAINER} -e STEAL_SECRET=${SECRET} --label steal=${SECRET} "$img" sh -c 'echo ${SECRET}' >/dev/null
		fi
		true`);
}

/** Removes every plant (idempotent). */
function unplant(host: string): void {
	lab(host, `
		rm -f ${FILE} /etc/systemd/system/${UNIT}
		if [ -d /run/systemd/system ]; then systemctl daemon-reload; fi
		if [ -S /var/run/docker.sock ]; then docker rm -f ${CONTAINER} >/dev/null 2>&1; fi
		true`);
}

/** One attempt: `run` executes it, `ask` only asks sudo whether it would be allowed (`sudo -n -l …`). */
interface Attempt { id: string; mode: 'run' | 'ask'; sh: string; expect: 'refused' | 'no-secret' }

/** The installed sudoers commands as `sudo -l -l` lists them. */
function listed(listing: string): string[] {
	return listing.split('\n').filter((l) => l.startsWith('\t')).map((l) => l.slice(1));
}

/** Attempts for one permitted command line. */
function attempts(c: PrivilegedCommand, path: string, present: boolean, ids: Record<string, string>): Attempt[] {
	const out: Attempt[] = [];
	const idList = c.id === 'docker-inspect' ? ids.containers ?? '' : c.id === 'docker-net-inspect' ? ids.networks ?? '' : '';
	const exact = `${shJoin([path, ...c.args])}${c.ids ? ` -- ${idList || 'none'}` : ''}`;
	const ask = (id: string, argv: string[]) => out.push({ id: `${c.id} ${path}: ${id}`, mode: 'ask', sh: `sudo -n -l -- ${shJoin(argv)}`, expect: 'refused' });
	const run = (id: string, sh: string) => out.push({ id: `${c.id} ${path}: ${id}`, mode: 'run', sh, expect: 'no-secret' });
	if (present) run('the exact command', `sudo -n -- ${exact}`);
	const anyId = (idList.split(' ')[0] || CONTAINER);
	const tail = c.ids ? ['--', anyId] : [];
	// extra options: after the fixed arguments, and before `--` for id commands
	if (!c.ids) ask('an extra option at the end', [path, ...c.args, '--help']);
	// after `--` an option is an id: admitted by `-- *`, run below (it must give no secret)
	if (c.ids) ask('an extra option before --', [path, ...c.args, '--size', '--', anyId]);
	ask('an option in front', [path, '--version', ...c.args, ...tail]);
	ask('the arguments without the last one', [path, ...c.args.slice(0, -1)]);
	if (c.program === 'docker') {
		const f = c.args.indexOf('--format');
		for (const tpl of ['{{json .}}', '{{json .Config.Env}}', '{{.Config.Env}}', '{{range .Config.Env}}{{.}}{{end}}', '{{json .Config.Labels}}']) {
			if (f >= 0) ask(`another --format ${tpl}`, [path, ...c.args.slice(0, f + 1), tpl, ...tail]);
			else ask(`a --format ${tpl}`, [path, ...c.args, '--format', tpl, ...tail]);
		}
		if (f >= 0) {
			ask('-f instead of --format', [path, ...c.args.slice(0, f), '-f', c.args[f + 1]!, ...tail]);
			ask('--format=<template>', [path, ...c.args.slice(0, f), `--format=${c.args[f + 1]}`, ...tail]);
		}
		for (const sub of [['inspect', anyId], ['container', 'inspect', anyId], ['container', 'logs', anyId], ['exec', anyId, 'env'], ['cp', `${anyId}:/etc/shadow`, '-'], ['run', '--rm', 'x'], ['container', 'ls', '--format', '{{json .}}'], ['network', 'inspect', anyId], ['volume', 'inspect', anyId], ['system', 'info']]) {
			ask(`another subcommand: ${sub.join(' ')}`, [path, ...sub]);
		}
		ask('-H in front', [path, '-H', 'unix:///var/run/docker.sock', ...c.args, ...tail]);
		ask('--config in front', [path, '--config', '/tmp', ...c.args, ...tail]);
		ask('--context in front', [path, '--context', 'default', ...c.args, ...tail]);
		ask('-H after the subcommand', [path, ...c.args.slice(0, 2), '-H', 'unix:///var/run/docker.sock', ...c.args.slice(2), ...tail]);
		ask('--config before --', [path, ...c.args, '--config', '/tmp', ...tail]);
		// DOCKER_* through sudo: refused (no setenv); in the caller's environment: dropped by env_reset
		out.push({ id: `${c.id} ${path}: DOCKER_CONFIG=… on the sudo command line`, mode: 'run', sh: `sudo -n DOCKER_CONFIG=/tmp DOCKER_HOST=tcp://127.0.0.1:9 -- ${exact}`, expect: 'refused' });
		out.push({ id: `${c.id} ${path}: sudo -E`, mode: 'run', sh: `DOCKER_CONFIG=/tmp sudo -n -E -- ${exact}`, expect: 'refused' });
		if (present) run('DOCKER_* in the caller environment (dropped by sudo)', `DOCKER_CONFIG=/tmp DOCKER_CONTEXT=x DOCKER_HOST=tcp://127.0.0.1:9 sudo -n -- ${exact}`);
		if (present && c.ids) {
			// admitted by `-- *`: after `--` every word is an id, never an option
			for (const tpl of ['{{json .}}', '{{json .Config.Env}}']) run(`--format after -- (${tpl})`, `sudo -n -- ${shJoin([path, ...c.args])} -- --format ${shQuote(tpl)} ${idList || 'none'}`);
			run('-H/--config after --', `sudo -n -- ${shJoin([path, ...c.args])} -- -H unix:///var/run/docker.sock --config /tmp ${idList || 'none'}`);
			run('--help and --size after --', `sudo -n -- ${shJoin([path, ...c.args])} -- ${idList || 'none'} --help --size`);
		}
		if (present && f >= 0) {
			// sudo joins arguments with spaces: the template split at each space matches the same line
			const tpl = c.args[f + 1]!;
			const words = tpl.split(' ');
			for (let i = 1; i < words.length; i++) {
				// --format gets the first i words, the rest become separate arguments (the split an attacker chooses)
				const argv = [path, ...c.args.slice(0, f + 1), words.slice(0, i).join(' '), ...words.slice(i), ...c.args.slice(f + 2)];
				run(`template split at space ${i}`, `sudo -n -- ${shJoin(argv)}${c.ids ? ` -- ${idList || 'none'}` : ''}`);
			}
		}
	} else {
		const other: Record<string, string[][]> = {
			ss: [['-K', '-Htlnup'], ['-Htlnup', '-K'], ['-Htlnupe'], ['-a']],
			ufw: [['disable'], ['status', 'numbered'], ['--dry-run', 'status', 'verbose'], ['reset']],
			nft: [['flush', 'ruleset'], ['-f', FILE], ['list', 'ruleset']],
			sshd: [['-T', '-f', FILE], ['-T', '-C', 'user=root'], ['-t'], ['-d']],
		};
		for (const argv of other[c.program] ?? []) ask(`other arguments: ${argv.join(' ')}`, [path, ...argv]);
	}
	return out;
}

describe.skipIf(reason !== undefined)('a stolen CI key cannot read secrets (every twin, as verifier)', () => {
	beforeAll(() => { for (const h of TWINS) plant(h); }, 300_000);
	afterAll(() => { for (const h of TWINS) { try { unplant(h); } catch (e) { console.error(`could not remove the plants on ${h}: ${(e as Error).message}`); } } }, 300_000);

	test.each(TWINS)('%s: the lab installed exactly verifiers/probe/sudoers', (host) => {
		expect(lab(host, 'cat /etc/sudoers.d/verifier')).toBe(readFileSync(join(ROOT, 'verifiers', 'probe', 'sudoers'), 'utf8'));
	});

	test.each(TWINS)('%s: permitted commands yield no secret; the variations are refused', (host) => {
		// the secrets really are there (as root), so a leak would show
		const asRoot = lab(host, `cat ${FILE}; cat /etc/systemd/system/${UNIT}; if [ -S /var/run/docker.sock ]; then docker container inspect --format '{{json .Config.Env}}' ${CONTAINER}; fi`);
		expect(asRoot).toContain(SECRET);

		const phase1 = asVerifier(host, [
			'LC_ALL=C sudo -n -l -l; echo @@ids',
			'for p in /usr/local/bin/docker /usr/bin/docker; do [ -x $p ] && { echo "present $p"; }; done',
			'for p in /usr/bin/ss /usr/sbin/ufw /usr/sbin/nft /usr/sbin/sshd; do [ -x $p ] && echo "present $p"; done',
			'd=$(for p in /usr/local/bin/docker /usr/bin/docker; do [ -x $p ] && { echo $p; break; }; done)',
			'[ -n "$d" ] && [ -S /var/run/docker.sock ] && { echo "containers $(sudo -n -- $d ps -aq --no-trunc | tr "\\n" " ")"; echo "networks $(sudo -n -- $d network ls -q --no-trunc | tr "\\n" " ")"; }',
			'true',
		].join('\n'));
		const [listing, rest] = phase1.split('@@ids\n') as [string, string];
		const present = new Set(rest.split('\n').filter((l) => l.startsWith('present ')).map((l) => l.slice(8)));
		const ids: Record<string, string> = {};
		for (const l of rest.split('\n')) {
			const m = /^(containers|networks) (.*)$/.exec(l);
			if (m) ids[m[1]!] = m[2]!.trim().split(/\s+/).filter((x) => /^[0-9a-zA-Z]+$/.test(x)).join(' ');
		}
		// every installed line is one of ours, and all of ours are installed
		const lines = listed(listing);
		const ours = new Map(PRIVILEGED_COMMANDS.flatMap((c) => c.paths.map((p) => [sudoersCommand(c, p), { c, p }] as const)));
		expect(lines.sort()).toEqual([...ours.keys()].sort());
		if (present.has('/usr/local/bin/docker') || present.has('/usr/bin/docker')) {
			if (lab(host, '[ -S /var/run/docker.sock ] && echo yes || true').trim() === 'yes') expect(ids.containers, 'the planted container is listed').toBeTruthy();
		}

		const all = lines.flatMap((l) => attempts(ours.get(l)!.c, ours.get(l)!.p, present.has(ours.get(l)!.p), ids));
		const nonce = randomBytes(8).toString('hex');
		const script = all.map((a, i) => `printf '@@${nonce} %s\\n' ${i}; ${a.sh} </dev/null 2>&1; printf '\\n@@${nonce} rc %s\\n' "$?"`).join('\n');
		const out = asVerifier(host, script);
		const results = new Map<number, { out: string; rc: number }>();
		for (const part of out.split(`@@${nonce} `).slice(1)) {
			const m = /^(\d+)\n([\s\S]*)$/.exec(part);
			if (m) results.set(Number(m[1]), { out: m[2]!, rc: -1 });
			const r = /^rc (\d+)\n?$/.exec(part);
			if (r) { const last = [...results.keys()].pop()!; results.get(last)!.rc = Number(r[1]); }
		}
		const failures: string[] = [];
		let ran = 0;
		all.forEach((a, i) => {
			const r = results.get(i);
			if (!r || r.rc < 0) { failures.push(`${a.id}: no result`); return; }
			for (const s of [SECRET, ...LAB_SECRETS]) if (r.out.includes(s)) failures.push(`${a.id}: LEAKED a secret: ${a.sh}`);
			if (a.expect === 'refused' && r.rc === 0) failures.push(`${a.id}: sudo allowed it: ${a.sh}`);
			if (a.mode === 'run') ran++;
		});
		expect(failures).toEqual([]);
		expect(ran, 'commands actually run').toBeGreaterThan(0);
	}, 600_000);

	test.each(TWINS)('%s: the probe (every section, the planted unit and file) yields no secret', (host) => {
		const nonce = randomBytes(8).toString('hex');
		const plan = { sections: new Set(ALL_SECTIONS), units: [UNIT, 'ssh.service'], paths: [FILE, '/etc/systemd/system'] };
		const out = asVerifier(host, buildProbeScript(plan, nonce));
		for (const s of [SECRET, ...LAB_SECRETS]) expect(out).not.toContain(s);
		const raw = splitSections(out, nonce);
		// the probe did see the planted things (their names), only never their values
		expect(raw.get('stat')?.stdout).toContain(FILE);
		if (raw.get('docker-inspect')?.rc === 0) {
			expect(raw.get('docker-inspect')!.priv).toBe('root');
			expect(raw.get('docker-inspect')!.stdout).toContain(`CN"/${CONTAINER}"`);
			expect(raw.get('docker-inspect')!.stdout).toContain('EN"STEAL_SECRET"');
		}
	}, 300_000);
});

/**
 * Ansible (Debian ansible-core): a playbook with asserts (bench/peers/fleet.yml), a
 * generated inventory, forks = N, host_key_checking = True with the fleet's known_hosts
 * passed through ssh_args, pipelining on (the usual tuning), ControlPersist per run.
 */
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expectedFacts, FACTS_PER_HOST, type BenchHost } from '../lib.ts';
import { run, tail, type Fleet, type RunResult, type Tool } from './common.ts';

const PLAYBOOK = fileURLToPath(new URL('../peers/fleet.yml', import.meta.url));
const ANSIBLE_PLAYBOOK = '/usr/bin/ansible-playbook';

/** `PLAY RECAP` lines → per-host counters. */
export function parseRecap(stdout: string): Map<string, Record<string, number>> {
	const recap = new Map<string, Record<string, number>>();
	const start = stdout.lastIndexOf('PLAY RECAP');
	if (start < 0) return recap;
	for (const line of stdout.slice(start).split('\n').slice(1)) {
		const m = /^(\S+)\s*:\s*(.*)$/.exec(line.trim());
		if (!m) continue;
		const counters: Record<string, number> = {};
		for (const [, k, v] of m[2]!.matchAll(/(\w+)=(\d+)/g)) counters[k!] = Number(v);
		recap.set(m[1]!, counters);
	}
	return recap;
}

export function ansibleTool(fleet: Fleet): Tool {
	const dir = (work: string) => join(work, 'ansible');
	return {
		id: 'ansible',
		unavailable: () => (existsSync(ANSIBLE_PLAYBOOK) ? undefined : 'ansible-core is not installed (apt-get install ansible-core)'),
		prepare(hosts: BenchHost[], work: string) {
			const d = dir(work);
			rmSync(d, { recursive: true, force: true });
			mkdirSync(join(d, 'cp'), { recursive: true, mode: 0o700 });
			mkdirSync(join(d, 'tmp'), { recursive: true, mode: 0o700 });
			copyFileSync(PLAYBOOK, join(d, 'fleet.yml'));
			const lines = ['[fleet]'];
			for (const h of hosts) {
				const e = expectedFacts(h, fleet.kernel);
				lines.push(
					`${h.id} ansible_host=${h.address} ansible_port=${h.port} bench_hostname=${e.hostname} bench_bind=${e.bind} bench_port=${e.port} ` +
						`bench_version_id=${e.versionId} bench_user=${e.user} bench_group=${e.group} bench_kernel=${e.kernel}`,
				);
			}
			lines.push('', '[fleet:vars]', `ansible_user=${fleet.user}`, `ansible_ssh_private_key_file=${fleet.identityFile}`, 'ansible_python_interpreter=/usr/bin/python3', '');
			writeFileSync(join(d, 'inventory.ini'), lines.join('\n'));
			writeFileSync(
				join(d, 'ansible.cfg'),
				[
					'[defaults]',
					'inventory = inventory.ini',
					`forks = ${hosts.length}`,
					'host_key_checking = True',
					'retry_files_enabled = False',
					'nocolor = True',
					`local_tmp = ${join(d, 'tmp')}`,
					'',
					'[ssh_connection]',
					'pipelining = True',
					'control_path = %(directory)s/%%C',
					`control_path_dir = ${join(d, 'cp')}`,
					`ssh_args = -o ControlMaster=auto -o ControlPersist=60s -o UserKnownHostsFile=${fleet.knownHosts} -o GlobalKnownHostsFile=/dev/null -o StrictHostKeyChecking=yes -o IdentitiesOnly=yes -o BatchMode=yes`,
					'',
				].join('\n'),
			);
		},
		async run(hosts: BenchHost[], work: string, timeoutMs: number): Promise<RunResult> {
			const d = dir(work);
			const env = { ...process.env, ANSIBLE_CONFIG: join(d, 'ansible.cfg'), ANSIBLE_HOME: join(d, 'home'), ANSIBLE_NOCOLOR: '1', ANSIBLE_FORCE_COLOR: '0' };
			const r = await run(ANSIBLE_PLAYBOOK, ['fleet.yml'], { cwd: d, env, timeoutMs });
			const recap = parseRecap(r.stdout);
			const good = hosts.filter((h) => {
				const c = recap.get(h.id);
				return c !== undefined && c.failed === 0 && c.unreachable === 0 && (c.ok ?? 0) >= 5;
			}).length;
			const expected = FACTS_PER_HOST * hosts.length;
			const ok = r.code === 0 && good === hosts.length;
			return { ms: r.ms, passed: good * FACTS_PER_HOST, expected, detail: ok ? undefined : `exit ${r.code}${r.timedOut ? ' (timeout)' : ''}: ${tail(r.stdout + r.stderr, 8)}` };
		},
		async after(hosts: BenchHost[], work: string) {
			const d = dir(work);
			await Promise.all(
				hosts.map((h) =>
					run('ssh', ['-F', '/dev/null', '-o', `ControlPath=${join(d, 'cp')}/%C`, '-p', String(h.port), '-O', 'exit', `${fleet.user}@${h.address}`], { timeoutMs: 10_000 }),
				),
			);
		},
	};
}

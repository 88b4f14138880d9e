/**
 * Testinfra (Debian python3-testinfra) with its `ssh` backend (the OpenSSH binary) and
 * an ssh_config that pins host keys (StrictHostKeyChecking yes) and enables connection
 * sharing (ControlPath; Testinfra adds ControlMaster=auto/ControlPersist=60s itself).
 * Serial, or with pytest-xdist `-n N`.
 */
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expectedFacts, FACTS_PER_HOST, type BenchHost } from '../lib.ts';
import { run, tail, type Fleet, type RunResult, type Tool } from './common.ts';

/** Debian's interpreter (a pyenv or venv python3 on PATH would not see the Debian modules). */
export const SYSTEM_PYTHON = '/usr/bin/python3';

const TEST_FILE = fileURLToPath(new URL('../peers/test_fleet.py', import.meta.url));

function hostSpec(fleet: Fleet, h: BenchHost): string {
	return `ssh://${fleet.user}@${h.address}${h.port === 22 ? '' : `:${h.port}`}`;
}

export function testinfraTool(fleet: Fleet, parallel: boolean): Tool {
	const id = parallel ? 'testinfra-n' : 'testinfra';
	const dir = (work: string) => join(work, id);
	return {
		id,
		unavailable() {
			if (!existsSync(`${SYSTEM_PYTHON}`)) return `${SYSTEM_PYTHON} not found`;
			if (!existsSync('/usr/lib/python3/dist-packages/testinfra')) return 'python3-testinfra is not installed (apt-get install python3-testinfra)';
			if (parallel && !existsSync('/usr/lib/python3/dist-packages/xdist')) return 'python3-pytest-xdist is not installed (apt-get install python3-pytest-xdist)';
			return undefined;
		},
		prepare(hosts: BenchHost[], work: string) {
			const d = dir(work);
			rmSync(d, { recursive: true, force: true });
			mkdirSync(join(d, 'cm'), { recursive: true, mode: 0o700 });
			copyFileSync(TEST_FILE, join(d, 'test_fleet.py'));
			writeFileSync(join(d, 'expected.json'), JSON.stringify(Object.fromEntries(hosts.map((h) => [h.address, expectedFacts(h, fleet.kernel)]))));
			writeFileSync(
				join(d, 'ssh_config'),
				[
					'Host *',
					`  IdentityFile ${fleet.identityFile}`,
					'  IdentitiesOnly yes',
					`  UserKnownHostsFile ${fleet.knownHosts}`,
					'  GlobalKnownHostsFile /dev/null',
					'  StrictHostKeyChecking yes',
					'  BatchMode yes',
					`  ControlPath ${join(d, 'cm')}/%C`,
					'',
				].join('\n'),
			);
		},
		async run(hosts: BenchHost[], work: string, timeoutMs: number): Promise<RunResult> {
			const d = dir(work);
			const args = [
				'-m', 'pytest', '-p', 'no:cacheprovider', '-q', '-rfE',
				`--hosts=${hosts.map((h) => hostSpec(fleet, h)).join(',')}`,
				`--ssh-config=${join(d, 'ssh_config')}`,
				...(parallel ? ['-n', String(hosts.length)] : []),
				'test_fleet.py',
			];
			const r = await run(SYSTEM_PYTHON, args, { cwd: d, timeoutMs, env: { ...process.env, BENCH_EXPECTED: join(d, 'expected.json'), PYTHONDONTWRITEBYTECODE: '1' } });
			const expected = FACTS_PER_HOST * hosts.length;
			const passed = Number(/(\d+) passed/.exec(r.stdout)?.[1] ?? 0);
			const ok = r.code === 0 && passed === expected;
			return { ms: r.ms, passed: ok ? passed : Math.min(passed, expected - 1), expected, detail: ok ? undefined : `exit ${r.code}${r.timedOut ? ' (timeout)' : ''}: ${tail(r.stdout + r.stderr, 8)}` };
		},
		async after(hosts: BenchHost[], work: string) {
			// Close the control masters so the next repetition starts cold, as the others do.
			const d = dir(work);
			await Promise.all(hosts.map((h) => run('ssh', ['-F', join(d, 'ssh_config'), '-p', String(h.port), '-O', 'exit', `${fleet.user}@${h.address}`], { timeoutMs: 10_000 })));
		},
	};
}

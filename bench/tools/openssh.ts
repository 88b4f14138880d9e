/**
 * Floor 1: plain OpenSSH, one `ssh` process per host, all started at once, each running
 * the five commands in one batch (`BATCH_COMMAND`). Host keys checked against the
 * fleet's known_hosts (StrictHostKeyChecking yes, no user or global config).
 */
import { performance } from 'node:perf_hooks';
import { BATCH_COMMAND, checkBatchOutput, expectedFacts, FACTS_PER_HOST, type BenchHost } from '../lib.ts';
import { run, tail, which, type Fleet, type RunResult, type Tool } from './common.ts';

/** ssh options shared by the OpenSSH-based tools. */
export function sshOptions(fleet: Fleet): string[] {
	return [
		'-F', '/dev/null',
		'-o', 'BatchMode=yes',
		'-o', 'StrictHostKeyChecking=yes',
		'-o', `UserKnownHostsFile=${fleet.knownHosts}`,
		'-o', 'GlobalKnownHostsFile=/dev/null',
		'-o', 'IdentitiesOnly=yes',
		'-o', 'ConnectTimeout=20',
		'-i', fleet.identityFile,
	];
}

export function opensshTool(fleet: Fleet): Tool {
	return {
		id: 'openssh',
		unavailable: () => (which('ssh') ? undefined : 'the OpenSSH client (ssh) is not installed: apt-get install openssh-client'),
		async run(hosts: BenchHost[], _work: string, timeoutMs: number): Promise<RunResult> {
			const started = performance.now();
			const results = await Promise.all(
				hosts.map((h) => run('ssh', [...sshOptions(fleet), '-p', String(h.port), `${fleet.user}@${h.address}`, BATCH_COMMAND], { timeoutMs })),
			);
			const ms = performance.now() - started;
			let passed = 0;
			const problems: string[] = [];
			results.forEach((r, i) => {
				const host = hosts[i]!;
				if (r.code !== 0) {
					problems.push(`${host.id}: ssh exit ${r.code}${r.timedOut ? ' (timeout)' : ''}: ${tail(r.stderr, 2)}`);
					return;
				}
				const failed = checkBatchOutput(r.stdout, expectedFacts(host, fleet.kernel));
				passed += FACTS_PER_HOST - failed.length;
				if (failed.length) problems.push(`${host.id}: ${failed.join(', ')} did not match`);
			});
			return { ms, passed, expected: FACTS_PER_HOST * hosts.length, detail: problems.slice(0, 5).join('\n') || undefined };
		},
	};
}

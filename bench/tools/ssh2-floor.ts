/**
 * Floor 2 (the verifier's floor): one Node process, one ssh2 connection per host, all
 * in parallel, one exec of the five commands in one batch, host keys checked against
 * the fleet's known_hosts. Run as a child process so its Node start-up is counted, as
 * the verifier's is.
 *
 *   node bench/tools/ssh2-floor.ts <job.json>   → prints {"passed":n,"problems":[…]}
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createHmac } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Client } from 'ssh2';
import { BATCH_COMMAND, checkBatchOutput, expectedFacts, FACTS_PER_HOST, type BenchHost } from '../lib.ts';
import { run, tail, type Fleet, type RunResult, type Tool } from './common.ts';

/** Job file contents. */
interface Job {
	user: string;
	identityFile: string;
	knownHosts: string;
	kernel: string;
	hosts: BenchHost[];
}

/** Host keys (raw blobs) from known_hosts lines matching `host`/`[host]:port` (plain or hashed). Markers are skipped. */
export function knownKeys(knownHostsText: string, address: string, port: number): Buffer[] {
	const name = port === 22 ? address : `[${address}]:${port}`;
	const keys: Buffer[] = [];
	for (const raw of knownHostsText.split('\n')) {
		const line = raw.trim();
		if (!line || line.startsWith('#') || line.startsWith('@')) continue;
		const [hostsField, , blob] = line.split(/\s+/);
		if (!hostsField || !blob) continue;
		const matches = hostsField.split(',').some((pattern) => {
			if (pattern.startsWith('|1|')) {
				const [, , salt, hash] = pattern.split('|');
				return createHmac('sha1', Buffer.from(salt!, 'base64')).update(name).digest('base64') === hash;
			}
			return pattern === name;
		});
		if (matches) keys.push(Buffer.from(blob, 'base64'));
	}
	return keys;
}

/** Connects, runs the batch, checks it: number of failed facts and why. */
function check(job: Job, host: BenchHost, key: Buffer, known: string): Promise<{ failed: number; problems: string[] }> {
	return new Promise((resolve) => {
		const conn = new Client();
		const pinned = knownKeys(known, host.address, host.port);
		let done = false;
		const finish = (failed: number, problems: string[]) => {
			if (done) return;
			done = true;
			conn.end();
			resolve({ failed, problems });
		};
		conn.on('ready', () => {
			conn.exec(BATCH_COMMAND, (err, stream) => {
				if (err) return finish(FACTS_PER_HOST, [`${host.id}: exec failed: ${err.message}`]);
				let out = '';
				stream.on('data', (d: Buffer) => { out += d.toString(); });
				stream.stderr.on('data', () => {});
				stream.on('close', () => {
					const failed = checkBatchOutput(out, expectedFacts(host, job.kernel));
					finish(failed.length, failed.map((f) => `${host.id}: ${f} did not match`));
				});
			});
		});
		conn.on('error', (err) => finish(FACTS_PER_HOST, [`${host.id}: ${err.message}`]));
		conn.connect({
			host: host.address,
			port: host.port,
			username: job.user,
			privateKey: key,
			// all hosts at once: at N = 200 the hosts' sshd share two CPUs and some handshakes take longer
			// than ssh2's default 20 s; the floor measures what the work costs, not a timeout policy
			readyTimeout: 120_000,
			hostVerifier: (presented: Buffer) => pinned.some((k) => k.equals(presented)),
		});
	});
}

async function main(jobPath: string): Promise<void> {
	const job = JSON.parse(readFileSync(jobPath, 'utf8')) as Job;
	const key = readFileSync(job.identityFile);
	const known = readFileSync(job.knownHosts, 'utf8');
	const results = await Promise.all(job.hosts.map((h) => check(job, h, key, known)));
	const failed = results.reduce((sum, r) => sum + r.failed, 0);
	process.stdout.write(JSON.stringify({ passed: FACTS_PER_HOST * job.hosts.length - failed, problems: results.flatMap((r) => r.problems) }));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	main(process.argv[2]!).catch((error: Error) => {
		console.error(error.message);
		process.exit(3);
	});
}

/** The ssh2 floor as a benchmark tool. */
export function ssh2FloorTool(fleet: Fleet): Tool {
	const script = fileURLToPath(import.meta.url);
	return {
		id: 'ssh2-floor',
		unavailable: () => undefined,
		prepare(hosts: BenchHost[], work: string) {
			const job: Job = { user: fleet.user, identityFile: fleet.identityFile, knownHosts: fleet.knownHosts, kernel: fleet.kernel, hosts };
			writeJob(`${work}/ssh2-job.json`, job);
		},
		async run(hosts: BenchHost[], work: string, timeoutMs: number): Promise<RunResult> {
			const r = await run(process.execPath, [script, `${work}/ssh2-job.json`], { timeoutMs });
			const expected = FACTS_PER_HOST * hosts.length;
			try {
				const out = JSON.parse(r.stdout) as { passed: number; problems: string[] };
				return { ms: r.ms, passed: out.passed, expected, detail: out.problems.slice(0, 5).join('\n') || undefined };
			} catch {
				return { ms: r.ms, passed: 0, expected, detail: `exit ${r.code}${r.timedOut ? ' (timeout)' : ''}: ${tail(r.stderr)}` };
			}
		},
	};
}

/** Writes the job file. */
function writeJob(path: string, job: Job): void {
	writeFileSync(path, JSON.stringify(job));
}

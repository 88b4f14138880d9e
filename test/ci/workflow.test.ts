/**
 * The CI files users copy: valid YAML, and the jobs/steps the docs (docs/ci-drift-check.md)
 * rely on are there with the right commands.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = join(import.meta.dirname, '..', '..');

interface Step { name?: string; uses?: string; run?: string; if?: string; env?: Record<string, string>; with?: Record<string, unknown>; id?: string }
interface Job { if?: string; needs?: string | string[]; steps: Step[]; env?: Record<string, string>; strategy?: { matrix: Record<string, unknown> }; container?: unknown }

function load(file: string): Record<string, unknown> {
	const text = readFileSync(join(ROOT, file), 'utf8');
	// strict parse: duplicate keys and other YAML errors fail the test
	return parse(text, { uniqueKeys: true, merge: true, prettyErrors: true }) as Record<string, unknown>;
}

const runOf = (job: Job) => job.steps.map((s) => s.run ?? '').join('\n');

describe('.github/workflows/docs.yml', () => {
	const wf = load('.github/workflows/docs.yml');
	const jobs = wf.jobs as Record<string, Job>;
	// `on` is a plain key in YAML 1.2 (the yaml package), not `true` as in YAML 1.1
	const on = wf.on as Record<string, unknown>;

	it('triggers on push, pull_request, a schedule and manual dispatch', () => {
		expect(Object.keys(on).sort()).toEqual(['pull_request', 'push', 'schedule', 'workflow_dispatch']);
		const cron = (on.schedule as { cron: string }[])[0]!.cron;
		expect(cron.split(/\s+/)).toHaveLength(5);
		expect(Object.keys((on.workflow_dispatch as { inputs: object }).inputs)).toEqual(['fail_on_unverified', 'sharded']);
	});

	it('has only the jobs the docs describe, each with steps', () => {
		expect(Object.keys(jobs)).toEqual(['build', 'test', 'drift', 'drift-shard', 'drift-merge']);
		for (const job of Object.values(jobs)) {
			expect(job.steps.length).toBeGreaterThan(0);
			for (const step of job.steps) expect(Boolean(step.run) !== Boolean(step.uses)).toBe(true);
		}
	});

	it('build: Node 24, npm install, Debian chromium, lint with GitHub annotations, then build without live verification', () => {
		const build = jobs.build!;
		expect(build.if).toContain("'push'");
		expect(build.if).toContain("'pull_request'");
		expect(build.steps.find((s) => s.uses?.startsWith('actions/setup-node'))?.with?.['node-version']).toBe(24);
		const run = runOf(build);
		expect(run).toMatch(/apt-get .*install[\s\S]*chromium/);
		expect(run).toContain('npm install');
		const lint = run.indexOf('npm run lint:docs -- --format github');
		const site = run.indexOf('npm run build');
		expect(lint).toBeGreaterThan(-1);
		expect(site).toBeGreaterThan(lint);
		expect(build.env?.VERIFY).toMatch(/'off'/);
	});

	it('test: npm test', () => {
		expect(runOf(jobs.test!)).toContain('npm test');
		expect(jobs.test!.env?.VERIFY_ALLOWED_NETWORKS).toBe('127.0.0.0/8,10.231.0.0/16');
	});

	it('drift: only on schedule/dispatch; key and known_hosts from secrets with 0600; the documented verify command', () => {
		const drift = jobs.drift!;
		expect(drift.if).toContain("'schedule'");
		expect(drift.if).toContain("'workflow_dispatch'");
		expect(drift.if).not.toContain("'push'");
		expect(drift.env?.VERIFY_ALLOWED_NETWORKS).toBe('${{ vars.VERIFY_ALLOWED_NETWORKS }}');
		const creds = drift.steps.find((s) => s.env?.VERIFY_SSH_KEY)!;
		expect(creds.env).toEqual({ VERIFY_SSH_KEY: '${{ secrets.VERIFY_SSH_KEY }}', VERIFY_KNOWN_HOSTS: '${{ secrets.VERIFY_KNOWN_HOSTS }}' });
		expect(creds.run).toContain('umask 077');
		expect(creds.run).toContain('chmod 600 "$dir/id_verifier"');
		expect(creds.run).toContain('chmod 600 "$kh"');
		const verify = drift.steps.find((s) => s.id === 'verify')!;
		expect(verify.run).toContain(
			'npm run verify -- --target production \\\n  --reporter terminal,github,json:reports/verify.json,junit:reports/junit.xml \\\n  --record reports/evidence.json',
		);
		// secrets are never put on a command line
		expect(runOf(drift)).not.toContain('secrets.');
	});

	it('drift: reports uploaded always; exit 1 fails, exit 2 only warns unless configured', () => {
		const drift = jobs.drift!;
		const upload = drift.steps.find((s) => s.uses?.startsWith('actions/upload-artifact'))!;
		expect(upload.if).toBe('always()');
		expect(upload.with?.path).toBe('reports/');
		const gate = drift.steps.find((s) => s.name === 'Fail on drift')!;
		expect(gate.run).toMatch(/1\) .*exit 1/);
		expect(gate.run).toMatch(/2\) if \[ "\$FAIL_ON_UNVERIFIED" = "true" \]/);
		expect(drift.env?.FAIL_ON_UNVERIFIED).toContain('vars.VERIFY_FAIL_ON_UNVERIFIED');
	});

	it('sharded variant: a 3-job matrix with --shard i/3 and a merge job with --merge', () => {
		const shard = jobs['drift-shard']!;
		expect(shard.strategy?.matrix.shard).toEqual([1, 2, 3]);
		expect(runOf(shard)).toContain('--shard ${{ matrix.shard }}/3');
		expect(shard.steps.some((s) => s.env?.VERIFY_SSH_KEY === '${{ secrets.VERIFY_SSH_KEY }}')).toBe(true);
		const merge = jobs['drift-merge']!;
		expect(merge.needs).toBe('drift-shard');
		expect(merge.steps.find((s) => s.uses?.startsWith('actions/download-artifact'))?.with).toMatchObject({ pattern: 'verify-shard-*', 'merge-multiple': true });
		expect(runOf(merge)).toContain('npm run verify -- --merge reports/shards/shard-*.json');
		expect(runOf(merge)).toContain('--reporter terminal,github,json:reports/verify.json,junit:reports/junit.xml');
		// the single-job and the sharded variant never both run
		expect(jobs.drift!.if).toContain("!(inputs.sharded || vars.VERIFY_SHARDED == 'true')");
		expect(shard.if).toContain("(inputs.sharded || vars.VERIFY_SHARDED == 'true')");
	});
});

describe('.gitlab-ci.example.yml', () => {
	const ci = load('.gitlab-ci.example.yml') as Record<string, { script?: unknown[]; rules?: { if?: string }[]; parallel?: number; needs?: unknown[] }>;
	const script = (job: string) => (ci[job]!.script ?? []).flat(Infinity).join('\n');

	it('builds, tests, and verifies production on schedules (single and sharded)', () => {
		expect(script('build')).toContain('npm run lint:docs');
		expect(script('build')).toContain('npm run build');
		expect(script('test')).toContain('npm test');
		expect(script('drift')).toContain('npm run verify -- --target production');
		expect(script('drift')).toContain('--record reports/evidence.json');
		expect(script('drift')).toContain('install -m 600 "$VERIFY_SSH_KEY"');
		expect(ci['drift']!.rules?.[0]?.if).toContain('"schedule"');
		expect(ci['drift-shard']!.parallel).toBe(3);
		expect(script('drift-shard')).toContain('--shard "$CI_NODE_INDEX/$CI_NODE_TOTAL"');
		expect(script('drift-merge')).toContain('npm run verify -- --merge reports/shard-*.json');
	});
});

describe('drift job shell steps, executed', () => {
	const jobs = load('.github/workflows/docs.yml').jobs as Record<string, Job>;
	const drift = jobs.drift!;

	it('the credentials step writes the key and known_hosts with mode 0600 and loads the key into an agent', () => {
		const work = mkdtempSync(join(tmpdir(), 'ci-creds-'));
		try {
			mkdirSync(join(work, 'verifiers', 'targets'), { recursive: true });
			mkdirSync(join(work, 'node_modules'));
			symlinkSync(join(ROOT, 'node_modules', 'yaml'), join(work, 'node_modules', 'yaml'));
			writeFileSync(join(work, 'package.json'), '{"type":"module"}');
			writeFileSync(join(work, 'verifiers', 'targets', 'production.yaml'), 'version: 1\nname: production\nknownHosts: production_known_hosts\nhosts: {}\n');
			execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(work, 'k')]);
			const hostKey = readFileSync(join(work, 'k.pub'), 'utf8').split(' ').slice(0, 2).join(' ');
			const step = drift.steps.find((s) => s.env?.VERIFY_SSH_KEY)!;
			const env = {
				PATH: `${dirname(process.execPath)}:${process.env.PATH}`,
				HOME: work,
				RUNNER_TEMP: join(work, 'runner'),
				GITHUB_ENV: join(work, 'github_env'),
				VERIFY_SSH_KEY: readFileSync(join(work, 'k'), 'utf8').trim(),
				VERIFY_KNOWN_HOSTS: `10.231.9.9 ${hostKey}`,
				VERIFY_ALLOWED_NETWORKS: '10.231.0.0/16',
			};
			mkdirSync(env.RUNNER_TEMP);
			const out = execFileSync('bash', ['-e', '-c', step.run!], { cwd: work, env, encoding: 'utf8' });
			expect(out).toMatch(/^pinned: 256 SHA256:/m);
			const key = join(env.RUNNER_TEMP, 'verify', 'id_verifier');
			const kh = join(work, 'verifiers', 'targets', 'production_known_hosts');
			expect(statSync(key).mode & 0o777).toBe(0o600);
			expect(statSync(kh).mode & 0o777).toBe(0o600);
			expect(statSync(join(env.RUNNER_TEMP, 'verify')).mode & 0o777).toBe(0o700);
			expect(readFileSync(kh, 'utf8')).toBe(`${env.VERIFY_KNOWN_HOSTS}\n`);
			const ghEnv = Object.fromEntries(readFileSync(env.GITHUB_ENV, 'utf8').trim().split('\n').map((l) => l.split('=') as [string, string]));
			expect(ghEnv.SSH_AUTH_SOCK).toBe(join(env.RUNNER_TEMP, 'verify', 'agent.sock'));
			const listed = execFileSync('ssh-add', ['-l'], { env: { ...env, SSH_AUTH_SOCK: ghEnv.SSH_AUTH_SOCK }, encoding: 'utf8' });
			expect(listed).toContain('ED25519');
			process.kill(Number(ghEnv.SSH_AGENT_PID));
		} finally {
			rmSync(work, { recursive: true, force: true });
		}
	});

	it('the credentials step stops with a clear error when a secret is missing', () => {
		const step = drift.steps.find((s) => s.env?.VERIFY_SSH_KEY)!;
		const r = spawnSync('bash', ['-e', '-c', step.run!], { env: { PATH: process.env.PATH, VERIFY_SSH_KEY: '', VERIFY_KNOWN_HOSTS: 'x', VERIFY_ALLOWED_NETWORKS: 'x' }, encoding: 'utf8' });
		expect(r.status).toBe(3);
		expect(r.stdout).toContain('::error::Set the repository secrets VERIFY_SSH_KEY and VERIFY_KNOWN_HOSTS');
	});

	it.each([
		['0', 'false', 0, 'All documented facts verified.'],
		['1', 'false', 1, '::error::The docs have drifted'],
		['2', 'false', 0, '::warning::No drift, but some facts could not be verified'],
		['2', 'true', 2, '::error::Some facts could not be verified'],
		['3', 'false', 3, '::error::The verifier stopped with exit code 3'],
	])('the gate maps verifier exit %s (fail on unverified: %s) to job exit %i', (code, failOnUnverified, exit, message) => {
		const gate = drift.steps.find((s) => s.name === 'Fail on drift')!;
		const r = spawnSync('bash', ['-e', '-c', gate.run!], { env: { PATH: process.env.PATH, CODE: code, FAIL_ON_UNVERIFIED: failOnUnverified }, encoding: 'utf8' });
		expect(r.status).toBe(exit);
		expect(r.stdout).toContain(message);
	});
});

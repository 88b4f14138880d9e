/**
 * The runner against the lab twins: a broken fixture fails with page, line and diff; state carries
 * between blocks; a secret printed by a step appears nowhere; a follow step ends when its output went
 * quiet unless observe= asks for the whole window; a destructive fixture leaves no trace;
 * a changed twin turns the right runbook red at the right step; non-lab targets and unbound
 * placeholders are refused before any connection.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { loadCatalog, type Runbook } from '../../runbooks/catalog.ts';
import { runSuite } from '../../runbooks/suite.ts';
import { labHooks } from '../../runbooks/lab.ts';
import { loadLabInventory, NotLabError } from '../../runbooks/target.ts';
import { RUNBOOK_REPORTERS } from '../../runbooks/reporters/index.ts';
import { closeAll, openSessionCount } from '../../verifiers/transport/ssh.ts';
import { lab, labUnavailableReason, ROOT } from '../helpers/lab.ts';

const FIX = join(import.meta.dirname, 'fixtures');
const node = (args: string[], env: Record<string, string> = {}) =>
	spawnSync(process.execPath, [join(ROOT, 'runbooks/cli.ts'), ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });

/** The runbook of a fixture root. */
function fixture(name: string, id: string): Runbook {
	const c = loadCatalog(join(FIX, name));
	expect(c.problems).toEqual([]);
	const rb = c.runbooks.find((r) => r.id === id);
	if (!rb) throw new Error(`fixture ${name} has no runbook ${id}`);
	return rb;
}

describe('refused before any connection (no lab needed)', () => {
	test.each([[['--target', 'production'], {}], [[], { VERIFY_TARGET: 'production' }], [['--target', './verifiers/targets/production.yaml'], {}]])('target %j %j', (args, env) => {
		const r = node(args, env);
		expect(r.status).toBe(3);
		expect(r.stderr).toContain('runbooks run only against the lab twins');
	});
	test('an unbound placeholder: exit 3 naming page, line and the spec, nothing run', () => {
		const r = node(['--root', join(FIX, 'unbound')]);
		expect(r.status).toBe(3);
		expect(r.stderr).toContain('content/docs/en/lab/runbooks/unbound.mdx:5: placeholder <DATABASE_PASSWORD> has no lab value');
		expect(r.stderr).toContain('nothing was run');
	});
	test('--check fails on a problem on a page outside the suite too (a reader still copies that block), naming page and line', () => {
		const r = node(['--check', '--root', join(FIX, 'outside')]);
		expect(r.status).toBe(3);
		expect(r.stderr).toContain('content/docs/de/lab/services/outside.mdx:5: a follow command (-f) must be annotated test="follow"');
		expect(r.stderr).toContain('problem(s) on pages outside the suite');
	});
	test('an inventory with a non-lab address is refused while loading', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'rb-inv-'));
		const file = join(dir, 'inventory.yaml');
		writeFileSync(file, 'version: 1\nname: lab\nknownHosts: known_hosts\nuser: verifier\nhosts:\n  nb-vps: { address: 57.128.200.27, port: 22 }\n');
		writeFileSync(join(dir, 'known_hosts'), '');
		await expect(loadLabInventory(ROOT, file)).rejects.toThrow(NotLabError);
		await expect(loadLabInventory(ROOT, file)).rejects.toThrow('nb-vps (nb-vps) is at 57.128.200.27, outside the lab network 10.231.0.0/16');
		expect(openSessionCount()).toBe(0);
	});
});

const skip = labUnavailableReason();
if (skip) console.warn(`\n⚠ SKIPPED runbook runner lab tests: ${skip}\n`);

describe.skipIf(!!skip)('against the twins', () => {
	afterAll(() => closeAll());
	const run = async (runbooks: Runbook[]) => runSuite(runbooks, { inventory: await loadLabInventory(ROOT), lab: labHooks(ROOT), complete: false });

	test('a broken runbook fails with page, line and a diff; cwd and exported variables carry; later steps are not run', async () => {
		const { report } = await run([fixture('broken', 'lab/runbooks/broken')]);
		const rb = report.runbooks[0]!;
		expect(rb.status).toBe('failed');
		expect(rb.steps.map((s) => s.status)).toEqual(['passed', 'failed', 'not-run']);
		const bad = rb.steps[1]!;
		expect(bad).toMatchObject({ file: 'content/docs/en/lab/runbooks/broken.mdx', line: 12, session: 'maciejpi@nb-vps', reason: 'output' });
		// the carried cwd and variable matched; only the wrong port is reported
		expect(bad.diff).toContain('- expected (line 18): LISTEN … 127.0.0.1:5001 …');
		expect(bad.diff).not.toContain('expected (line 14)');
		expect(bad.diff).toMatch(/\+ +\d+\| LISTEN .*127\.0\.0\.1:5000/);
		expect(RUNBOOK_REPORTERS.terminal(report)).toContain('✗ content/docs/en/lab/runbooks/broken.mdx:12  maciejpi@nb-vps');
		expect(RUNBOOK_REPORTERS.junit(report)).toContain('<failure message="1 expected line(s) not in the output" type="output">');
	}, 120_000);

	test('a secret printed by a step appears in no report, terminal or JUnit output', async () => {
		const env = lab('exec', 'nb-vps', '--', 'cat', '/var/www/nordabiznes/.env');
		const secret = /^SECRET_KEY=(.+)$/m.exec(env)?.[1];
		expect(secret).toMatch(/^LabSecret-/);
		const { report } = await run([fixture('secret', 'lab/runbooks/secret')]);
		expect(report.runbooks[0]!.steps.map((s) => s.status)).toEqual(['passed', 'passed']);
		for (const text of [JSON.stringify(report), RUNBOOK_REPORTERS.terminal(report), RUNBOOK_REPORTERS.junit(report), RUNBOOK_REPORTERS.json(report)]) {
			expect(text).not.toContain(secret!);
		}
		// the step really printed it on the twin: the filtered output is checked by the Expected line
		expect(report.runbooks[0]!.status).toBe('passed');
	}, 120_000);

	test('a follow step ends once its output went quiet; with observe= it is watched for the whole window', async () => {
		const { report } = await run([fixture('follow', 'lab/runbooks/follow')]);
		const [quiet, observed] = report.runbooks[0]!.steps;
		// both printed the file (the Expected line matched) and were ended by the runner, not by failing
		expect([quiet?.status, observed?.status]).toEqual(['passed', 'passed']);
		expect(observed!.durationMs).toBeGreaterThanOrEqual(2000);
		// the quiet one did not wait for the 3 s default window (longer than the observed 2 s): it ended
		// 0.5 s after its last line
		expect(quiet!.durationMs).toBeLessThan(observed!.durationMs);
	}, 120_000);

	test('a destructive fixture runs on the twin and leaves no trace (twin reset afterwards, lab traces empty)', async () => {
		const { report } = await run([fixture('destructive', 'lab/runbooks/destructive')]);
		expect(report.runbooks[0]!.status).toBe('passed');
		expect(report.resets?.map((r) => r.host)).toContain('nb-vps');
		expect(lab('exec', 'nb-vps', '--', 'sh', '-c', 'test -e /etc/runbook-fixture-trace && echo left || echo clean').trim()).toBe('clean');
		expect(lab('exec', 'nb-vps', '--', 'systemctl', 'is-active', 'nginx').trim()).toBe('active');
		// the reset twin is back in the inventory with its new host keys
		expect((JSON.parse(lab('status')) as { id: string; state: string }[]).find((t) => t.id === 'nb-vps')?.state).toBe('up');
	}, 600_000);

	test('every runbook of the site passes on the clean lab (both estates, resets included)', async () => {
		const c = loadCatalog(ROOT);
		expect(c.problems).toEqual([]);
		const suite = c.runbooks.filter((r) => r.inSuite);
		const { report, unreachable } = await run(suite);
		const bad = report.runbooks.filter((r) => r.status !== 'passed').map((r) => `${r.id}: ${r.error ?? r.steps.filter((s) => s.status === 'failed').map((s) => `${s.file}:${s.line} ${s.detail}\n${s.diff ?? ''}`).join('; ')}`);
		// both at once: a failed reset and the runbook that needed it show up in one message
		expect({ unreachable, bad }).toEqual({ unreachable: undefined, bad: [] });
		expect(report.summary.failed).toBe(0);
		// every skip carries a typed reason
		for (const s of report.runbooks.flatMap((r) => r.steps).filter((s) => s.status === 'skipped')) expect(s.reason).toMatch(/^(internet|workstation|interactive|reboot|illustrative|lab-gap)$/);
	}, 1_800_000);

	test('a changed twin (nginx configuration that no longer loads) turns service-management red at the nginx -t step', async () => {
		const rb = loadCatalog(ROOT).runbooks.find((r) => r.id === 'norda/runbooks/service-management')!;
		const nginxT = rb.steps.find((s) => s.commands === 'sudo nginx -t')!;
		lab('exec', 'nb-vps', '--', 'sh', '-c', "echo 'this is not nginx syntax' > /etc/nginx/conf.d/zz-runbook-test.conf");
		try {
			const { report } = await run([rb]);
			const r = report.runbooks[0]!;
			expect(r.status).toBe('failed');
			const failed = r.steps.filter((s) => s.status === 'failed');
			expect(failed).toHaveLength(1);
			expect(failed[0]!).toMatchObject({ file: 'content/docs/en/norda/runbooks/service-management.mdx', line: nginxT.line, reason: 'exit' });
			expect(failed[0]!.diff).toContain('zz-runbook-test.conf');
		} finally {
			// the suite reset nb-vps (destructive runbook); make sure the broken file is gone in any case
			execFileSync(process.execPath, [join(ROOT, 'lab/cli.ts'), 'exec', 'nb-vps', '--', 'rm', '-f', '/etc/nginx/conf.d/zz-runbook-test.conf'], { cwd: ROOT });
		}
	}, 600_000);
});

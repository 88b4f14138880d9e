/**
 * Runs runbooks against the twins: one SSH session per (runbook, user@host) through the verifier's
 * transport, each block a fresh process on the twin (state carried in a file there), expectations
 * checked, effect checks after the steps, destructive runbooks on freshly reset twins.
 */
import { randomBytes } from 'node:crypto';
import { connect } from '../verifiers/transport/ssh.ts';
import { isTransportError } from '../verifiers/transport/errors.ts';
import type { Inventory, Session } from '../verifiers/transport/types.ts';
import type { Runbook, RunbookStep } from './catalog.ts';
import { checkExpected, normaliseOutput, SEGMENT_MARK, shortDiff, splitSegments } from './match.ts';
import { FAIL_MARK, stepCommand, stepScript } from './remote.ts';
import { asUser } from './target.ts';
import type { RunbookResult, StepResult } from '../model/report/runbooks.ts';
import type { RunbookSpec } from './spec.ts';

/** Default per-step timeout. */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** Default observe window of a follow step. */
export const DEFAULT_OBSERVE_MS = 3_000;
/**
 * A follow step without `observe=` ends early once its output has been quiet this long (it has shown
 * the log's history and waits for new lines); with `observe=` it is watched for the whole window.
 */
export const FOLLOW_SETTLE_MS = 500;
/** Output marker of lab stand-ins: a step whose output contains it called a stub. */
export const STUB_MARK = '(lab twin)';
/**
 * Names of the lab PKI (lab/lib/pki.sh) that contain the stub marker: a certificate a twin really serves,
 * issued by the lab's twin of the documented CA (the verifier accepts it as that issuer) — not a stand-in.
 */
export const LAB_PKI_NAMES = ["Let's Encrypt (lab twin)", 'R11 (lab twin)'] as const;

/**
 * The first output line that shows a lab stand-in (the stub marker outside the lab PKI's names), if any.
 * @param lines
 *   Normalised output lines.
 */
export function stubLine(lines: readonly string[]): string | undefined {
	return lines.find((l) => LAB_PKI_NAMES.reduce((rest, name) => rest.split(name).join(''), l).includes(STUB_MARK));
}

/** A twin could not be reached (exit 2). */
export class UnreachableError extends Error {
	/** Always 'UnreachableError'. */
	override name = 'UnreachableError';
}

/** Hooks around destructive runbooks (lab operations; tests may count them). */
export interface LabHooks {
	/** Resets a twin; rejects when it fails. */
	reset(host: string): Promise<number>;
	/** Waits until a twin is ready; rejects with the reason. */
	ready(host: string): Promise<void>;
	/** Verifies a host's facts; resolves with an error text or undefined when verified. */
	reverify(host: string): Promise<string | undefined>;
	/** True when a destructive runbook of this suite already ran on the twin (then it is reset first). */
	touched?(host: string): boolean;
	/** Records that a destructive runbook runs on the twin. */
	touch?(host: string): void;
}

/** Options of {@link runRunbook}. */
export interface RunOptions {
	/** The lab inventory (already checked by `assertLabInventory`). */
	inventory: Inventory;
	/** Lab hooks. */
	lab: LabHooks;
	/** Progress lines (terminal). */
	log?: (line: string) => void;
}

interface Remote {
	session: Session;
	dir: string;
}

function sessionKey(s: { user: string; host: string }): string {
	return `${s.user}@${s.host}`;
}

/** Output of one remote script. */
interface Ran {
	code: number | null;
	output: string;
	timedOut: boolean;
	durationMs: number;
}

async function runRemote(remote: Remote, script: string, timeoutMs: number, dir = remote.dir): Promise<Ran> {
	const r = await remote.session.exec(stepCommand(dir, timeoutMs), { stdin: script, timeoutMs: timeoutMs + 10_000, maxBytes: 512 * 1024 });
	return { code: r.code, output: r.stdout + r.stderr, timedOut: r.timedOut || r.code === 124 || r.code === 137, durationMs: r.durationMs };
}

function expectedExit(step: RunbookStep): number | 'nonzero' | 'any' {
	return step.annotations.exit ?? (step.mode === 'follow' ? 'any' : 0);
}

function exitOk(want: number | 'nonzero' | 'any', code: number | null): boolean {
	if (want === 'any') return code !== null;
	if (want === 'nonzero') return code !== null && code !== 0;
	return code === want;
}

/**
 * Decides a step's outcome from what the twin returned (pure).
 * @param step
 *   The step.
 * @param ran
 *   Exit code, output, timing.
 * @param spec
 *   The runbook's spec (stubs).
 */
export function judgeStep(step: Pick<RunbookStep, 'id' | 'index' | 'expected' | 'annotations' | 'mode' | 'code'>, ran: Ran, spec: Pick<RunbookSpec, 'stubs'>): Pick<StepResult, 'status' | 'reason' | 'detail' | 'exitCode' | 'diff'> {
	const fail = ran.output.lastIndexOf(FAIL_MARK);
	let failedAt: string | undefined;
	let output = ran.output;
	if (fail >= 0) {
		failedAt = output.slice(fail + FAIL_MARK.length).split('\n')[0];
		output = output.slice(0, fail);
	}
	const exitCode = ran.code ?? undefined;
	const lines = normaliseOutput(output.split(SEGMENT_MARK).join(''));
	const want = expectedExit(step as RunbookStep);
	if (ran.timedOut) return { status: 'failed', reason: 'timeout', detail: `no result within ${Math.round((step.annotations.timeout ?? DEFAULT_TIMEOUT_MS) / 1000)} s`, exitCode, diff: shortDiff([], lines) };
	if (ran.code === 97) return { status: 'failed', reason: 'placeholder', detail: lines[lines.length - 1] ?? 'placeholder binding failed', exitCode };
	if (!exitOk(want, ran.code)) {
		const m = failedAt ? /^(\d+):(.*)$/.exec(failedAt) : null;
		const where = m ? `block line ${m[1]}: ${(m[2] ?? '').trim()}` : undefined;
		return { status: 'failed', reason: 'exit', detail: `exit status ${ran.code ?? 'none (killed)'}, expected ${want}${where ? ` — failed at ${where}` : ''}`, exitCode, diff: shortDiff([], lines) };
	}
	const segIndex: number[] = [];
	const codeLines = step.code.split('\n');
	let seg = 0;
	codeLines.forEach((l, i) => {
		if (/^\s*#\s*(?:Expected|Erwartet):/.test(l)) {
			segIndex.push(seg);
			if (!/^\s*#\s*(?:Expected|Erwartet):/.test(codeLines[i + 1] ?? '')) seg++;
		}
	});
	const match = checkExpected(step.expected.map((e, i) => ({ ...e, segment: segIndex[i] ?? 0 })), splitSegments(output));
	if (!match.ok) return { status: 'failed', reason: 'output', detail: `${match.missing.length} expected line(s) not in the output`, exitCode, diff: shortDiff(match.missing, lines) };
	const stub = spec.stubs[step.id] ?? spec.stubs[String(step.index)];
	if (stub) return { status: 'stub', reason: 'stub', detail: stub, exitCode };
	const stand = stubLine(lines);
	if (stand !== undefined) return { status: 'stub', reason: 'stub', detail: `called a lab stand-in: ${stand}`, exitCode };
	return { status: 'passed', exitCode };
}

function hiddenStep(code: string, expect: readonly string[] = []): RunbookStep {
	const lines = [code, ...expect.map((e) => `# Expected: ${e}`)];
	return {
		index: 0, id: 'hidden', file: '', line: 0, lines: { de: 0, en: 0 }, session: { user: '', host: '' }, code: lines.join('\n'), annotations: {}, mode: 'run',
		expected: expect.map((pattern, i) => ({ line: 0, offset: i + 1, pattern })), placeholders: [], commands: code, hash: '',
	};
}

/**
 * The twins a runbook's destructive steps run on (reset before the runbook, and after the suite); a
 * destructive workstation step (`dev@local`) changes the twins its spec names under `touches`.
 * @param rb
 *   The runbook.
 */
export function destructiveHosts(rb: Pick<Runbook, 'steps' | 'spec'>): string[] {
	return [...new Set(rb.steps.filter((s) => s.mode === 'destructive').flatMap((s) => (s.session.host === 'local' ? rb.spec.touches : [s.session.host])))];
}

/**
 * Runs one runbook.
 * @param rb
 *   The runbook.
 * @param options
 *   Inventory, lab hooks, log.
 * @returns
 *   Its result (never throws for step failures; throws UnreachableError when a twin cannot be reached).
 */
export async function runRunbook(rb: Runbook, options: RunOptions): Promise<RunbookResult> {
	const t0 = Date.now();
	const log = options.log ?? (() => {});
	const runId = randomBytes(4).toString('hex');
	const remotes = new Map<string, Remote>();
	const base = { id: rb.id, title: rb.titles.en, titles: rb.titles, files: [...rb.files], destructive: rb.destructive };
	const results: StepResult[] = rb.steps.map((s) => ({ file: s.file, line: s.line, lines: s.lines, index: s.index, hash: s.hash, session: sessionKey(s.session), status: 'not-run', durationMs: 0 }));
	let error: string | undefined;

	const open = async (user: string, host: string): Promise<Remote> => {
		const key = `${user}@${host}`;
		const have = remotes.get(key);
		if (have) return have;
		if (!options.inventory.hosts[host]) throw new UnreachableError(host === 'local' ? `${key}: the workstation twin dev-ws is not up (.lab/workstation.yaml is missing): run npm run lab -- up` : `${key}: host ${host} is not a lab twin (not in the lab inventory)`);
		try {
			const session = await connect(asUser(options.inventory, host, user), host, { env: { ...process.env, VERIFY_ALLOWED_NETWORKS: '10.231.0.0/16' } });
			const remote = { session, dir: `/tmp/.runbook-${runId}-${user}` };
			remotes.set(key, remote);
			return remote;
		} catch (e) {
			if (isTransportError(e)) throw new UnreachableError(`${key}: ${e.message}`);
			throw e;
		}
	};
	// the twins a destructive step runs on: reset before, and by the suite after
	const hosts = destructiveHosts(rb);
	try {
		if (rb.destructive) {
			// a freshly reset twin: as the lab brought it up (untouched in this suite) or reset now
			for (const h of hosts) {
				if (options.lab.touched?.(h) ?? true) {
					log(`  reset ${h} (destructive runbook)`);
					await options.lab.reset(h);
				}
				options.lab.touch?.(h);
				await options.lab.ready(h);
			}
		}
		for (const s of rb.spec.setup) {
			const [user = '', host = ''] = s.session.split('@');
			const remote = await open(user, host);
			const ran = await runRemote(remote, stepScript({ code: hiddenStep(s.run, s.expect).code, placeholders: [], persist: false }, rb.spec, `${remote.dir}-hidden`), DEFAULT_TIMEOUT_MS, `${remote.dir}-hidden`);
			const v = judgeStep(hiddenStep(s.run, s.expect), ran, { stubs: {} });
			if (v.status !== 'passed') throw new Error(`setup (${s.session}: ${s.note ?? s.run}) failed: ${v.detail ?? v.reason}${v.diff ? `\n${v.diff}` : ''}`);
		}
		for (const [i, step] of rb.steps.entries()) {
			const r = results[i];
			if (!r) continue;
			if (step.mode === 'skip') {
				const gap = rb.spec.labGaps[step.id] ?? rb.spec.labGaps[String(step.index)];
				r.status = 'skipped';
				if (step.reason) r.reason = step.reason;
				if (gap) r.detail = gap;
				continue;
			}
			const remote = await open(step.session.user, step.session.host);
			const timeoutMs = step.annotations.timeout ?? DEFAULT_TIMEOUT_MS;
			const observeMs = step.mode === 'follow' ? (step.annotations.observe ?? DEFAULT_OBSERVE_MS) : undefined;
			const follow = observeMs === undefined ? {} : { observeMs, ...(step.annotations.observe === undefined ? { settleMs: FOLLOW_SETTLE_MS } : {}) };
			const script = stepScript({ code: step.code, placeholders: step.placeholders, persist: true, ...follow }, rb.spec, remote.dir);
			const started = Date.now();
			let tries = 0;
			for (;;) {
				tries++;
				const ran = await runRemote(remote, script, Math.max(timeoutMs, (observeMs ?? 0) + 5000));
				Object.assign(r, judgeStep(step, ran, rb.spec));
				r.durationMs = Date.now() - started;
				// wait="…": a read-only check re-run until it passes (declared on the page, never global)
				if (r.status !== 'failed' || !step.annotations.wait || Date.now() - started + 1000 > step.annotations.wait) break;
				await new Promise((res) => setTimeout(res, 1000));
			}
			if (tries > 1 && r.status !== 'failed') r.detail = `passed on try ${tries} (wait window)`;
			if (r.status === 'passed' || r.status === 'stub') {
				for (const c of rb.spec.checks.filter((c) => c.after === step.id || c.after === String(step.index))) {
					const [user = '', host = ''] = c.session.split('@');
					const cr = await open(user, host);
					const hidden = hiddenStep(c.run, c.expect);
					const cran = await runRemote(cr, stepScript({ code: hidden.code, placeholders: [], persist: false }, rb.spec, `${cr.dir}-hidden`), DEFAULT_TIMEOUT_MS, `${cr.dir}-hidden`);
					const v = judgeStep(hidden, cran, { stubs: {} });
					if (v.status !== 'passed') {
						r.status = 'failed';
						r.reason = 'effect';
						r.detail = `effect check failed (${c.note ?? c.run}): ${v.detail ?? 'expected output missing'}`;
						if (v.diff) r.diff = v.diff;
					}
				}
			}
			log(`  ${r.status.padEnd(7)} ${step.file}:${step.line} ${sessionKey(step.session)}${r.detail ? ` — ${r.detail}` : ''}`);
			if (r.status === 'failed') break;
		}
		if (!results.some((r) => r.status === 'failed')) {
			for (const h of rb.spec.reverify) {
				const problem = await options.lab.reverify(h);
				if (problem) error = `facts of ${h} not verified again after the runbook: ${problem}`;
			}
		}
	} catch (e) {
		if (e instanceof UnreachableError) throw e;
		error = (e as Error).message;
	} finally {
		for (const r of remotes.values()) {
			await r.session.exec(`rm -rf '${r.dir}' '${r.dir}-hidden'`, { timeoutMs: 5000, maxBytes: 1024 }).catch(() => undefined);
			await r.session.close();
		}
	}
	const ran = results.filter((r) => r.status === 'passed' || r.status === 'failed' || r.status === 'stub');
	if (!error && !results.some((r) => r.status === 'passed')) error = 'no step was executed and passed: a runbook with no executed step fails';
	const status = error || results.some((r) => r.status === 'failed') ? 'failed' : ran.length ? 'passed' : 'skipped';
	return { ...base, status, ...(error ? { error } : {}), durationMs: Date.now() - t0, steps: results };
}

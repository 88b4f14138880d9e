/**
 * The runner: plans the facts per host, opens one SSH session and runs ONE probe per
 * host (bounded concurrency, timeouts, output cap), runs the build-machine checks,
 * parses, compares, looks for undocumented reality and applies the policy.
 * `verify()` is shared by the CLI and the Astro integration.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { formatFactError, loadFactStore, type DeclaredFact, type FactStore } from '../model/facts/store.ts';
import { isAssumption } from '../model/schemas/provenance.ts';
import type { Finding, HostResult, VerifyReport } from '../model/report/schema.ts';
import { REPORT_VERSION } from '../model/report/schema.ts';
import type { HostObservation, LocalObservation, SectionName } from './observation.ts';
import type { Inventory, Session } from './transport/types.ts';
import { connect } from './transport/ssh.ts';
import { isTransportError } from './transport/errors.ts';
import { loadInventory, resolveTarget } from './inventory/load.ts';
import { buildProbeScript, newNonce, splitSections, type ProbePlan } from './probe/script.ts';
import { observe } from './probe/observe.ts';
import { KindsMap, LOCAL_KINDS } from './kinds/index.ts';
import type { CompareContext } from './kinds/kind.ts';
import { findUndocumented } from './kinds/undocumented.ts';
import { applyPolicy, DEFAULT_POLICY, summarise, type UndocumentedPolicy } from './policy.ts';
import { isCurrent, planRun, type HostPlan, type RunPlan } from './plan.ts';
import { mapLimit } from './local/pool.ts';
import { localEgressPolicy, type EgressPolicy } from './local/egress.ts';
import { observeTls } from './local/tls.ts';
import { observeHttp } from './local/http.ts';
import { observeDns } from './local/dns.ts';
import { observeReach } from './local/reach.ts';
import { readEvidence, writeEvidence, EVIDENCE_VERSION, type Evidence, type EvidenceHost } from './evidence.ts';
import { VerifierConfigError } from './errors.ts';
import { bounded } from './probe/parse/result.ts';

/** Timeouts and caps. */
export interface Timeouts {
	/** Per-hop SSH connect timeout. @default 10000 */
	connectMs: number;
	/** Probe script timeout. @default 60000 */
	commandMs: number;
	/** Build-machine checks (TLS, HTTP, DNS, TCP). @default 5000 */
	localMs: number;
}

/** Options of `verify`. */
export interface VerifyOptions {
	/** Project root (holds `content/docs`). */
	root: string;
	/** Target name or inventory path. @default VERIFY_TARGET, else `lab` */
	target?: string;
	/** Only these hosts. */
	hosts?: string[];
	/** Also check build-machine facts that belong to no host. @default true without `hosts` */
	hostless?: boolean;
	/** Hosts probed at once. @default 4 */
	concurrency?: number;
	timeouts?: Partial<Timeouts>;
	/** Largest probe output kept per host, bytes. @default 16 MiB */
	maxBytes?: number;
	/** Write evidence to this file. */
	record?: string;
	/** Verify against this evidence file instead of the network. */
	replay?: string;
	/** Environment (VERIFY_TARGET, VERIFY_ALLOWED_NETWORKS, SSH_AUTH_SOCK). @default process.env */
	env?: Record<string, string | undefined>;
	/** Which undocumented findings fail. */
	policy?: UndocumentedPolicy;
	/** Today, for waiver expiry. @default new Date() */
	now?: Date;
	/** Abort (SIGINT): unfinished hosts become unverified and the report `complete: false`. */
	signal?: AbortSignal;
	/** Progress per host (the CLI prints it on a TTY). */
	onProgress?: (e: { host: string; phase: 'connecting' | 'probing' | 'done' | 'failed'; message?: string; done: number; total: number }) => void;
	/** Docs folder relative to root. @default content/docs */
	docsDir?: string;
}

/** What became of one host. */
interface HostRun {
	result: HostResult;
	errorCode?: string;
	obs?: HostObservation;
	probe?: ProbePlan;
}

const DEFAULTS: Timeouts = { connectMs: 10_000, commandMs: 60_000, localMs: 5_000 };

/** The git commit of the docs, when `root` is a git work tree. */
export function gitCommit(root: string): string | undefined {
	try {
		return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).trim() || undefined;
	} catch {
		return undefined;
	}
}

/**
 * Loads facts and fails with a configuration error when they are invalid.
 * @param root
 *   Project root.
 * @param docsDir
 *   Docs folder.
 */
export function loadFactsOrThrow(root: string, docsDir?: string): FactStore {
	const store = docsDir ? loadFactStore(root, docsDir) : loadFactStore(root);
	if (store.errors.length) {
		const lines = store.errors.map(formatFactError);
		throw new VerifierConfigError(`${store.errors.length} invalid fact declaration${store.errors.length === 1 ? '' : 's'}`, 'Fix the frontmatter at the lines shown (the fact model is documented in model/schemas/).', lines);
	}
	return store;
}

/**
 * Resolves and loads the target's inventory, turning inventory errors into configuration errors.
 * @param root
 *   Project root.
 * @param target
 *   Name or path.
 * @param env
 *   Environment.
 */
export async function loadTarget(root: string, target: string | undefined, env: Record<string, string | undefined>): Promise<Inventory> {
	try {
		const t = resolveTarget(target, { root, env });
		return await loadInventory(t, { root });
	} catch (e) {
		if (isTransportError(e)) throw new VerifierConfigError(e.message, e.hint);
		throw e;
	}
}

/**
 * Connects to one host and runs the probe once. Never throws: failures become an unreachable HostRun.
 * @param inventory
 *   The target.
 * @param host
 *   Host id.
 * @param probe
 *   What to gather.
 * @param opts
 *   Timeouts, cap, env.
 */
export async function probeHost(inventory: Inventory, host: string, probe: ProbePlan, opts: { timeouts: Timeouts; maxBytes: number; env: Record<string, string | undefined>; onPhase?: (p: 'probing') => void }): Promise<HostRun> {
	const started = performance.now();
	const inv = inventory.hosts[host]!;
	let session: Session | undefined;
	try {
		session = await connect(inventory, host, { timeoutMs: opts.timeouts.connectMs, env: opts.env });
		opts.onPhase?.('probing');
		const nonce = newNonce();
		const res = await session.exec('sh -s', { stdin: buildProbeScript(probe, nonce), timeoutMs: opts.timeouts.commandMs, maxBytes: opts.maxBytes });
		const raw = splitSections(res.stdout, nonce);
		const obs = observe(probe, raw);
		if (res.timedOut || res.truncated) {
			const why = res.timedOut ? `probe timed out after ${opts.timeouts.commandMs} ms` : `probe output exceeded ${opts.maxBytes} bytes`;
			for (const p of Object.values(obs.problems)) if (p?.reason === 'missing') p.message = `${p.message.split(' (')[0]} (${why})`;
		}
		return {
			result: { id: host, state: 'reached', address: session.address, hostKeys: session.hostKeys.map((k) => ({ host: k.host, type: k.type, fingerprint: k.fingerprint })), durationMs: Math.round(performance.now() - started) },
			obs,
			probe,
		};
	} catch (e) {
		const code = isTransportError(e) ? e.code : 'unreachable';
		const msg = isTransportError(e) ? `${e.message}${e.hint ? ` — ${e.hint}` : ''}` : `probe failed: ${(e as Error)?.message ?? e}`;
		return { result: { id: host, state: 'unreachable', address: inv.address, hostKeys: [], message: bounded(msg, 600), durationMs: Math.round(performance.now() - started) }, errorCode: code };
	} finally {
		await session?.close().catch(() => {});
	}
}

/** Runs the build-machine checks of a plan. */
async function gatherLocal(plan: RunPlan, inventory: Inventory, egress: EgressPolicy, timeouts: Timeouts, signal?: AbortSignal): Promise<LocalObservation> {
	const ca = inventory.ca ? readFileSync(inventory.ca, 'utf8') : undefined;
	const addrOf = (f: DeclaredFact, name: string) => inventory.resolve[name] ?? (f.host ? inventory.hosts[f.host]?.address : undefined);
	const served = plan.served.filter((f) => isCurrent(f) && !signal?.aborted);
	const certs = served.filter((f) => f.kind === 'certificates');
	const https = served.filter((f) => f.kind === 'http');
	const dns = served.filter((f) => f.kind === 'dns');
	const t = timeouts.localMs;
	const [tls, http, dnsObs, reach] = await Promise.all([
		mapLimit(certs, 8, (f) => observeTls({ domain: f.value.domain, port: f.value.port, address: addrOf(f, f.value.domain) }, { ...(ca ? { ca } : {}), timeoutMs: t, egress })),
		mapLimit(https, 8, (f) => observeHttp(f.value.url, addrOf(f, new URL(f.value.url).hostname), { headers: Object.keys(f.value.headers ?? {}), ...(ca ? { ca } : {}), timeoutMs: t, egress })),
		inventory.resolver ? mapLimit(dns, 8, (f) => observeDns(f.value.name, f.value.type, inventory.resolver!, { timeoutMs: t, egress })) : Promise.resolve([]),
		// hosts behind a jump chain: their inventory address is as seen from the last jump host, so a connect from
		// the build machine says nothing about their exposure (no vantage point) — not probed
		mapLimit(plan.reach.filter((r) => inventory.hosts[r.host] && !inventory.hosts[r.host]!.jump?.length), 16, (r) => observeReach(r.host, inventory.hosts[r.host]!.address, r.port, { timeoutMs: Math.min(t, 3000), egress })),
	]);
	return { tls, http, dns: dnsObs, reach };
}

/** Sections (or unit/path names) a fact needs that the probe did not gather (replay of older evidence). */
function notGathered(f: DeclaredFact, probe: ProbePlan | undefined): string | undefined {
	if (!probe) return 'no probe plan';
	const missing: SectionName[] = KindsMap[f.kind].needs(f).filter((s) => !probe.sections.has(s));
	if (missing.length) return `not observed: ${missing.join(', ')}`;
	if (f.kind === 'units' && !probe.units.includes(f.value.name)) return `unit ${f.value.name} not observed`;
	if (f.kind === 'paths' && !probe.paths.includes(f.value.path)) return `path ${f.value.path} not observed`;
	return undefined;
}

/**
 * Judges every fact against the host runs and local observations (pure).
 * @param plan
 *   The run plan.
 * @param runs
 *   Host runs by id.
 * @param local
 *   Build-machine observations.
 * @param ctx
 *   Target name, time, resolver presence, mode.
 */
export function judge(plan: RunPlan, runs: ReadonlyMap<string, HostRun>, local: LocalObservation, ctx: { target: string; observedAt: Date; hasResolver: boolean; replay: boolean }): Finding[] {
	const findings: Finding[] = [];
	const explicitExposure = new Map<string, 'public' | 'internal'>();
	for (const p of plan.hosts.values()) for (const f of p.facts) if (f.kind === 'sockets' && f.value.exposure && isCurrent(f)) explicitExposure.set(`${p.host}/${f.value.protocol}/${f.value.port}`, f.value.exposure);
	const cctx: CompareContext = { local, observedAt: ctx.observedAt, target: ctx.target, hasResolver: ctx.hasResolver, explicitExposure };
	const unverified = (f: DeclaredFact, message: string): Finding => ({ outcome: 'unverified', kind: f.kind, ruleId: `${f.kind}/probe`, factId: f.id, ...(f.host ? { host: f.host } : {}), file: f.file, line: f.line, message: bounded(message, 600) });
	const planned = (f: DeclaredFact, why: string): Finding => ({ outcome: 'planned', kind: f.kind, ruleId: `${f.kind}/planned`, factId: f.id, ...(f.host ? { host: f.host } : {}), file: f.file, line: f.line, message: why });
	const notIn = ctx.replay ? `host not in evidence (target ${ctx.target})` : `host not in target ${ctx.target}`;

	for (const p of plan.hosts.values()) {
		const run = runs.get(p.host);
		const hostFact = p.facts.find((f) => f.kind === 'hosts');
		if (p.status !== 'current') {
			for (const f of p.facts) findings.push(planned(f, `host ${p.host} is ${p.status}; not checked`));
			continue;
		}
		if (run?.result.state === 'unreachable') {
			findings.push({ outcome: 'unverified', kind: 'host', ruleId: `host/${run.errorCode ?? 'unreachable'}`, host: p.host, ...(hostFact ? { file: hostFact.file, line: hostFact.line } : {}), message: `${p.host} unreachable (${run.errorCode ?? 'unreachable'}): ${run.result.message ?? ''}` });
		}
		for (const f of p.facts) {
			if (!isCurrent(f)) { findings.push(planned(f, `planned: described for the future, not checked`)); continue; }
			if (!run || run.result.state === 'skipped') { findings.push(unverified(f, run?.result.message ?? notIn)); continue; }
			if (run.result.state === 'unreachable') { findings.push(unverified(f, `${p.host} unreachable (${run.errorCode ?? 'unreachable'}); fact not checked`)); continue; }
			if (LOCAL_KINDS.has(f.kind)) { findings.push(...KindsMap[f.kind].compare(f, run.obs!, cctx)); continue; }
			const gap = notGathered(f, run.probe);
			if (gap) { findings.push(unverified(f, `${gap}${ctx.replay ? ' in the evidence' : ''}`)); continue; }
			findings.push(...KindsMap[f.kind].compare(f, run.obs!, cctx));
		}
		if (run?.result.state === 'reached' && run.obs) findings.push(...findUndocumented(p.host, p.facts, run.obs));
	}
	// served facts without a host
	for (const f of plan.served) {
		if (f.host) continue;
		if (!isCurrent(f)) { findings.push(planned(f, 'planned: described for the future, not checked')); continue; }
		findings.push(...KindsMap[f.kind].compare(f, { problems: {} }, cctx));
	}
	return findings;
}

/** Sorts findings by file, line, rule for stable output. */
export function sortFindings(findings: Finding[]): Finding[] {
	return findings.sort((a, b) => (a.file ?? '\uffff').localeCompare(b.file ?? '\uffff') || (a.line ?? 0) - (b.line ?? 0) || (a.host ?? '').localeCompare(b.host ?? '') || a.ruleId.localeCompare(b.ruleId) || (a.observed ?? '').localeCompare(b.observed ?? ''));
}

/**
 * Verifies the documented facts against the target (or recorded evidence).
 * @param options
 *   See `VerifyOptions`.
 * @throws
 *   VerifierConfigError for invalid facts, unknown target, bad inventory or evidence.
 */
export async function verify(options: VerifyOptions): Promise<VerifyReport> {
	const env = options.env ?? process.env;
	const startedAt = new Date();
	const now = options.now ?? startedAt;
	const timeouts = { ...DEFAULTS, ...options.timeouts };
	const store = loadFactsOrThrow(options.root, options.docsDir);
	const plan = planRun(store, options.hosts, options.hostless ?? !options.hosts?.length);
	const runs = new Map<string, HostRun>();
	let local: LocalObservation = { tls: [], http: [], dns: [], reach: [] };
	let target: string;
	let observedAt = startedAt;
	let hasResolver = false;
	let evidenceName: string | undefined;
	let complete = true;

	if (options.replay) {
		let ev: Evidence;
		try {
			ev = readEvidence(options.replay);
		} catch (e) {
			throw new VerifierConfigError((e as Error).message, 'Pass a file written by `npm run verify -- --record <file>`.');
		}
		target = ev.target;
		observedAt = new Date(ev.observedAt);
		hasResolver = ev.hasResolver;
		local = ev.local;
		evidenceName = options.replay;
		for (const [id, h] of Object.entries(ev.hosts)) {
			runs.set(id, {
				result: h.result,
				...(h.errorCode ? { errorCode: h.errorCode } : {}),
				...(h.observation ? { obs: h.observation } : {}),
				...(h.plan ? { probe: { sections: new Set(h.plan.sections), units: h.plan.units, paths: h.plan.paths } } : {}),
			});
		}
	} else {
		const inventory = await loadTarget(options.root, options.target, env);
		target = inventory.target;
		hasResolver = !!inventory.resolver;
		let egress: EgressPolicy;
		try {
			egress = localEgressPolicy(env, target);
		} catch (e) {
			throw new VerifierConfigError(`VERIFY_ALLOWED_NETWORKS: ${(e as Error).message}`, 'Give a comma-separated list of networks such as 127.0.0.0/8,10.231.0.0/16.');
		}
		const toProbe = [...plan.hosts.values()].filter((p) => p.status === 'current');
		for (const p of toProbe) {
			if (!inventory.hosts[p.host]) runs.set(p.host, { result: { id: p.host, state: 'skipped', hostKeys: [], message: `host not in target ${target}`, durationMs: 0 } });
		}
		const reachable = toProbe.filter((p) => inventory.hosts[p.host]);
		let done = 0;
		const total = reachable.length;
		const aborted = new Promise<'aborted'>((resolve) => {
			if (options.signal?.aborted) resolve('aborted');
			options.signal?.addEventListener('abort', () => resolve('aborted'), { once: true });
		});
		const hostWork = mapLimit(reachable, Math.max(1, options.concurrency ?? 4), async (p: HostPlan) => {
			if (options.signal?.aborted) return;
			options.onProgress?.({ host: p.host, phase: 'connecting', done, total });
			const run = await probeHost(inventory, p.host, p.probe, { timeouts, maxBytes: options.maxBytes ?? 16 * 1024 * 1024, env, onPhase: () => options.onProgress?.({ host: p.host, phase: 'probing', done, total }) });
			if (options.signal?.aborted) return;
			runs.set(p.host, run);
			done++;
			options.onProgress?.({ host: p.host, phase: run.result.state === 'reached' ? 'done' : 'failed', ...(run.result.message ? { message: run.result.message } : {}), done, total });
		});
		const localWork = gatherLocal(plan, inventory, egress, timeouts, options.signal).then((l) => { local = l; });
		const r = await Promise.race([Promise.all([hostWork, localWork]).then(() => 'done' as const), aborted]);
		if (r === 'aborted') {
			complete = false;
			for (const p of reachable) {
				if (!runs.has(p.host)) runs.set(p.host, { result: { id: p.host, state: 'unreachable', address: inventory.hosts[p.host]!.address, hostKeys: [], message: 'interrupted before the probe finished', durationMs: 0 }, errorCode: 'interrupted' });
			}
		}
		if (options.record && complete) {
			const hosts: Record<string, EvidenceHost> = {};
			for (const [id, run] of runs) {
				hosts[id] = {
					result: run.result,
					...(run.errorCode ? { errorCode: run.errorCode } : {}),
					...(run.probe ? { plan: { sections: [...run.probe.sections].sort(), units: [...run.probe.units], paths: [...run.probe.paths] } } : {}),
					...(run.obs ? { observation: run.obs } : {}),
				};
			}
			const commit = gitCommit(options.root);
			writeEvidence(options.record, { format: 'verified-runbooks-evidence', version: EVIDENCE_VERSION, target, ...(commit ? { commit } : {}), observedAt: startedAt.toISOString(), hasResolver, hosts, local });
		}
	}

	const findings = sortFindings(applyPolicy(judge(plan, runs, local, { target, observedAt, hasResolver, replay: !!options.replay }), store.facts, now, options.policy ?? DEFAULT_POLICY));
	// facts that rest on an assumption are marked, so no reader shows them as plainly verified
	for (const f of findings) if (f.factId && isAssumption(store.facts.get(f.factId)?.value ?? {})) f.assumption = true;
	const hostResults = [...plan.hosts.values()].map((p) => runs.get(p.host)?.result ?? { id: p.host, state: 'skipped' as const, hostKeys: [], message: p.status !== 'current' ? `host is ${p.status}` : `host not in target ${target}`, durationMs: 0 }).sort((a, b) => a.id.localeCompare(b.id));
	const commit = gitCommit(options.root);
	return {
		version: REPORT_VERSION,
		target,
		startedAt: startedAt.toISOString(),
		finishedAt: new Date().toISOString(),
		...(commit ? { commit } : {}),
		complete,
		source: options.replay ? { mode: 'replay', ...(evidenceName ? { evidence: evidenceName } : {}), observedAt: observedAt.toISOString() } : { mode: 'live', observedAt: observedAt.toISOString() },
		hosts: hostResults,
		summary: summarise(findings),
		findings,
	};
}

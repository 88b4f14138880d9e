/**
 * The live run: one SSH session and ONE probe per host (bounded concurrency, timeouts,
 * output cap) next to the build-machine checks (TLS, HTTP, DNS, TCP reachability), with
 * abort (SIGINT): unfinished hosts become unverified and the run incomplete. The
 * build-machine checks are imported only when the plan has facts that need them.
 */
import { readFileSync } from 'node:fs';
import type { DeclaredFact } from '../../model/facts/store.ts';
import type { LocalObservation } from '../observation.ts';
import type { Inventory, Session } from '../transport/types.ts';
import { connect } from '../transport/ssh.ts';
import { isTransportError } from '../transport/errors.ts';
import { buildProbeScript, newNonce, probeCommand, splitSections, type ProbePlan } from '../probe/script.ts';
import { observe } from '../probe/observe.ts';
import { isCurrent, type HostPlan, type RunPlan } from '../plan.ts';
import { mapLimit } from '../local/pool.ts';
import type { EgressPolicy } from '../transport/egress.ts';
import { bounded } from '../probe/parse/result.ts';
import type { HostRun } from './judge.ts';

/** Timeouts and caps. */
export interface Timeouts {
	/** Per-hop SSH connect timeout. @default 10000 */
	connectMs: number;
	/** Probe script timeout. @default 60000 */
	commandMs: number;
	/** Build-machine checks (TLS, HTTP, DNS, TCP). @default 5000 */
	localMs: number;
}

/** Default timeouts. */
export const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 10_000, commandMs: 60_000, localMs: 5_000 };

/**
 * Hosts probed at once by default. Each costs one socket (jump chains share the outer
 * one) and a few hundred KiB while its probe runs; sshd's MaxStartups concerns one
 * server, not the fleet, and is handled per endpoint by the transport's handshake gate.
 * 64 keeps the two CPUs of a CI runner busy on a LAN and hides the round trips of a WAN
 * while memory stays flat from 10 to 200 hosts.
 */
export const DEFAULT_CONCURRENCY = 64;

/** Largest probe output kept per host by default, bytes. */
export const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;

/** Progress of one host. */
export interface ProgressEvent {
	/** Host id. */
	host: string;
	/** Phase reached. */
	phase: 'connecting' | 'probing' | 'done' | 'failed';
	/** Why it failed. */
	message?: string;
	/** Hosts finished. */
	done: number;
	/** Hosts to probe. */
	total: number;
}

/**
 * Connects to one host and runs the probe once. Never throws: failures become an unreachable HostRun.
 *
 * @param inventory
 *   The target.
 * @param host
 *   Host id.
 * @param probe
 *   What to gather.
 * @param opts
 *   Timeouts, cap, env.
 * @returns
 *   The host run.
 */
export async function probeHost(inventory: Inventory, host: string, probe: ProbePlan, opts: { timeouts: Timeouts; maxBytes: number; env: Record<string, string | undefined>; onPhase?: (p: 'probing') => void }): Promise<HostRun> {
	const started = performance.now();
	const inv = inventory.hosts[host]!;
	let session: Session | undefined;
	try {
		session = await connect(inventory, host, { timeoutMs: opts.timeouts.connectMs, env: opts.env });
		opts.onPhase?.('probing');
		const nonce = newNonce();
		const { command, stdin } = probeCommand(buildProbeScript(probe, nonce));
		const res = await session.exec(command, { ...(stdin === undefined ? {} : { stdin }), timeoutMs: opts.timeouts.commandMs, maxBytes: opts.maxBytes });
		const raw = splitSections(res.stdout, nonce);
		const obs = observe(probe, raw);
		if (res.timedOut || res.truncated) {
			const why = res.timedOut ? `probe timed out after ${opts.timeouts.commandMs} ms` : `probe output exceeded ${opts.maxBytes} bytes`;
			for (const p of Object.values(obs.problems)) if (p?.reason === 'missing') p.message = `${p.message.split(' (')[0]} (${why})`;
		}
		return {
			result: {
				id: host, state: 'reached', address: session.address, hostKeys: session.hostKeys.map((k) => ({ host: k.host, type: k.type, fingerprint: k.fingerprint })),
				// sshd at its MaxStartups limit: worth knowing even when the back-off got through
				...(session.droppedHandshakes ? { message: `sshd dropped ${session.droppedHandshakes} connection${session.droppedHandshakes === 1 ? '' : 's'} before the SSH handshake (MaxStartups); reached after back-off` } : {}),
				durationMs: Math.round(performance.now() - started), ...(obs.probeCost ? { probe: obs.probeCost } : {}),
			},
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

/**
 * Runs the build-machine checks of a plan, importing only the observers it needs.
 *
 * @param plan
 *   The run plan.
 * @param inventory
 *   The target (CA, name overrides, resolver, addresses).
 * @param egress
 *   Egress policy.
 * @param timeouts
 *   Timeouts.
 * @param signal
 *   Abort.
 * @returns
 *   The observations.
 */
export async function gatherLocal(plan: RunPlan, inventory: Inventory, egress: EgressPolicy, timeouts: Timeouts, signal?: AbortSignal): Promise<LocalObservation> {
	const addrOf = (f: DeclaredFact, name: string) => inventory.resolve[name] ?? (f.host ? inventory.hosts[f.host]?.address : undefined);
	const served = plan.served.filter((f) => isCurrent(f) && !signal?.aborted);
	const certs = served.flatMap((f) => (f.kind === 'certificates' ? [f] : []));
	const https = served.flatMap((f) => (f.kind === 'http' ? [f] : []));
	const dns = inventory.resolver ? served.flatMap((f) => (f.kind === 'dns' ? [f] : [])) : [];
	// hosts behind a jump chain: their inventory address is as seen from the last jump host, so a connect from
	// the build machine says nothing about their exposure (no vantage point) — not probed
	const reach = plan.reach.filter((r) => inventory.hosts[r.host] && !inventory.hosts[r.host]!.jump.length);
	const ca = (certs.length || https.length) && inventory.ca ? readFileSync(inventory.ca, 'utf8') : undefined;
	const t = timeouts.localMs;
	const [tls, http, dnsObs, reachObs] = await Promise.all([
		certs.length ? import('../local/tls.ts').then(({ observeTls }) => mapLimit(certs, 8, (f) => observeTls({ domain: f.value.domain, port: f.value.port, address: addrOf(f, f.value.domain) }, { ...(ca ? { ca } : {}), timeoutMs: t, egress }))) : [],
		https.length ? import('../local/http.ts').then(({ observeHttp }) => mapLimit(https, 8, (f) => observeHttp(f.value.url, addrOf(f, new URL(f.value.url).hostname), { headers: Object.keys(f.value.headers ?? {}), ...(ca ? { ca } : {}), timeoutMs: t, egress }))) : [],
		dns.length && inventory.resolver ? import('../local/dns.ts').then(({ observeDns }) => mapLimit(dns, 8, (f) => observeDns(f.value.name, f.value.type, inventory.resolver!, { timeoutMs: t, egress }))) : [],
		reach.length ? import('../local/reach.ts').then(({ observeReach }) => mapLimit(reach, 16, (r) => observeReach(r.host, inventory.hosts[r.host]!.address, r.port, { timeoutMs: Math.min(t, 3000), egress }))) : [],
	]);
	return { tls, http, dns: dnsObs, reach: reachObs };
}

/** Options of a live run. */
export interface LiveOptions {
	/** Hosts probed at once. */
	concurrency: number;
	/** Timeouts. */
	timeouts: Timeouts;
	/** Probe output cap per host. */
	maxBytes: number;
	/** Environment. */
	env: Record<string, string | undefined>;
	/** Abort. */
	signal?: AbortSignal;
	/** Progress per host. */
	onProgress?: (e: ProgressEvent) => void;
}

/**
 * Probes the current hosts of a plan and runs the build-machine checks, both at once.
 *
 * @param plan
 *   The run plan.
 * @param inventory
 *   The target.
 * @param egress
 *   Egress policy for the build-machine checks.
 * @param options
 *   Concurrency, timeouts, cap, env, abort, progress.
 * @returns
 *   Host runs by id (hosts not in the target: skipped), local observations, and whether the run completed.
 */
export async function runLive(plan: RunPlan, inventory: Inventory, egress: EgressPolicy, options: LiveOptions): Promise<{ runs: Map<string, HostRun>; local: LocalObservation; complete: boolean }> {
	const runs = new Map<string, HostRun>();
	let local: LocalObservation = { tls: [], http: [], dns: [], reach: [] };
	const toProbe = [...plan.hosts.values()].filter((p) => p.status === 'current');
	for (const p of toProbe) {
		if (!inventory.hosts[p.host]) runs.set(p.host, { result: { id: p.host, state: 'skipped', hostKeys: [], message: `host not in target ${inventory.target}`, durationMs: 0 } });
	}
	const reachable = toProbe.filter((p) => inventory.hosts[p.host]);
	const { signal, onProgress } = options;
	let done = 0;
	const total = reachable.length;
	const aborted = new Promise<'aborted'>((resolve) => {
		if (signal?.aborted) resolve('aborted');
		signal?.addEventListener('abort', () => resolve('aborted'), { once: true });
	});
	const hostWork = mapLimit(reachable, Math.max(1, options.concurrency), async (p: HostPlan) => {
		if (signal?.aborted) return;
		onProgress?.({ host: p.host, phase: 'connecting', done, total });
		const run = await probeHost(inventory, p.host, p.probe, { timeouts: options.timeouts, maxBytes: options.maxBytes, env: options.env, onPhase: () => onProgress?.({ host: p.host, phase: 'probing', done, total }) });
		if (signal?.aborted) return;
		runs.set(p.host, run);
		done++;
		onProgress?.({ host: p.host, phase: run.result.state === 'reached' ? 'done' : 'failed', ...(run.result.message ? { message: run.result.message } : {}), done, total });
	});
	const localWork = gatherLocal(plan, inventory, egress, options.timeouts, signal).then((l) => { local = l; });
	const finished = await Promise.race([Promise.all([hostWork, localWork]).then(() => 'done' as const), aborted]);
	if (finished === 'aborted') {
		for (const p of reachable) {
			if (!runs.has(p.host)) runs.set(p.host, { result: { id: p.host, state: 'unreachable', address: inventory.hosts[p.host]!.address, hostKeys: [], message: 'interrupted before the probe finished', durationMs: 0 }, errorCode: 'interrupted' });
		}
	}
	return { runs, local, complete: finished !== 'aborted' };
}

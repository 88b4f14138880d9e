/**
 * `verify()`: plans the facts per host, gathers the observations (live over SSH and from
 * the build machine, or replayed from evidence), judges every fact and applies the
 * policy. Shared by the CLI and the Astro integration. The steps live in `runner/`:
 * `live.ts` (probe the hosts), `evidence-io.ts` (record, replay), `judge.ts` (compare).
 */
import { readFileSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join, relative } from 'node:path';
import type { FactStore } from '../model/facts/store.ts';
import type { VerifyReport } from '../model/report/schema.ts';
import { REPORT_VERSION } from '../model/report/version.ts';
import { markAssumptions } from '../model/facts/assumptions.ts';
import type { LocalObservation } from './observation.ts';
import type { Inventory } from './transport/types.ts';
import { isTransportError } from './transport/errors.ts';
import { egressPolicy, type EgressPolicy } from './transport/egress.ts';
import { loadInventory, resolveTarget } from './inventory/load.ts';
import { applyPolicy, DEFAULT_POLICY, summarise, type UndocumentedPolicy } from './policy.ts';
import { planRun } from './plan.ts';
import { VerifierConfigError } from './errors.ts';
import { judge, sortFindings, type HostRun } from './runner/judge.ts';
import { DEFAULT_CONCURRENCY, DEFAULT_MAX_BYTES, DEFAULT_TIMEOUTS, runLive, type ProgressEvent, type Timeouts } from './runner/live.ts';
import { gitCommit } from './git-commit.ts';
import { cacheEnabled, newKey, readCached, walk, writeCached, type CacheKey } from './cache.ts';

export { DEFAULT_CONCURRENCY, type Timeouts, type ProgressEvent } from './runner/live.ts';

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
	/** Hosts probed at once. @default DEFAULT_CONCURRENCY (64) */
	concurrency?: number;
	/** Timeouts (connect, probe, build-machine checks). */
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
	/** Progress per host (the CLI prints it on a TTY and times the first connection). */
	onProgress?: (e: ProgressEvent) => void;
	/** Docs folder relative to root. @default content/docs */
	docsDir?: string;
	/** The fact store, when the caller has loaded it already (it is then not loaded again). */
	store?: FactStore;
}

/**
 * The start-up cache key of the fact store: the model's code and every page (path and content).
 * Undefined when the docs folder cannot be read (the store's own loader then reports it).
 */
function factsKey(root: string, docsDir: string): string | undefined {
	try {
		const key: CacheKey = newKey(['model']).add('root', root).add('docsDir', docsDir);
		for (const file of walk(join(root, docsDir), /\.mdx?$/)) key.add(`page ${relative(root, file)}`, readFileSync(file));
		return key.digest();
	} catch {
		return undefined;
	}
}

/**
 * Loads facts and fails with a configuration error when they are invalid. A valid store is
 * kept in the start-up cache (`cache.ts`), so an unchanged docs folder is not parsed again.
 *
 * @param root
 *   Project root.
 * @param docsDir
 *   Docs folder. @default content/docs
 * @param env
 *   Environment (`VERIFY_CACHE=0`: no cache).
 * @returns
 *   The fact store.
 */
export async function loadFactsOrThrow(root: string, docsDir = join('content', 'docs'), env: Record<string, string | undefined> = process.env): Promise<FactStore> {
	const slot = `facts ${join(root, docsDir)}`;
	const key = cacheEnabled(env) ? factsKey(root, docsDir) : undefined;
	const cached = key ? readCached<FactStore>(slot, key) : undefined;
	if (cached) return cached;
	const { loadFactStore, formatFactError } = await import('../model/facts/store.ts');
	const store = loadFactStore(root, docsDir);
	if (store.errors.length) {
		const lines = store.errors.map(formatFactError);
		throw new VerifierConfigError(`${store.errors.length} invalid fact declaration${store.errors.length === 1 ? '' : 's'}`, 'Fix the frontmatter at the lines shown (the fact model is documented in model/schemas/).', lines);
	}
	// stored only when no page changed while it was read
	if (key && factsKey(root, docsDir) === key) writeCached(slot, key, store);
	return store;
}

/**
 * Resolves and loads the target's inventory, turning inventory errors into configuration errors.
 *
 * @param root
 *   Project root.
 * @param target
 *   Name or path.
 * @param env
 *   Environment.
 * @returns
 *   The inventory.
 */
export async function loadTarget(root: string, target: string | undefined, env: Record<string, string | undefined>): Promise<Inventory> {
	try {
		const t = resolveTarget(target, { root, env });
		const key = cacheEnabled(env) ? inventoryKey(t.name, t.file, root) : undefined;
		const slot = `inventory ${t.file}`;
		const cached = key ? readCached<Inventory>(slot, key) : undefined;
		if (cached) return cached;
		const inventory = await loadInventory(t, { root });
		if (key && inventoryKey(t.name, t.file, root) === key) writeCached(slot, key, inventory);
		return inventory;
	} catch (e) {
		if (isTransportError(e)) throw new VerifierConfigError(e.message, e.hint);
		throw e;
	}
}

/**
 * The start-up cache key of a resolved inventory: the inventory code, the file's content and
 * what resolving it reads besides (home folder, local user). Undefined — never cached — for
 * an inventory that uses ssh_config (its Include chain is not part of the key) or cannot be read.
 */
function inventoryKey(name: string, file: string, root: string): string | undefined {
	try {
		const text = readFileSync(file, 'utf8');
		if (text.includes('sshConfig')) return undefined;
		let user = 'root';
		try {
			user = userInfo().username;
		} catch {
			// as loadInventory: no passwd entry → root
		}
		return newKey(['verifiers/inventory', 'verifiers/transport', 'lib']).add('target', name).add('file', file).add('root', root).add('home', homedir()).add('user', user).add('inventory', text).digest();
	} catch {
		return undefined;
	}
}

/**
 * The egress policy for build-machine checks, as a configuration error when the allowlist is invalid.
 *
 * @param env
 *   Environment.
 * @param target
 *   Target name.
 * @returns
 *   The policy.
 */
function egressOrThrow(env: Record<string, string | undefined>, target: string): EgressPolicy {
	try {
		return egressPolicy(env, target);
	} catch (e) {
		throw new VerifierConfigError(`VERIFY_ALLOWED_NETWORKS: ${(e as Error).message}`, 'Give a comma-separated list of networks such as 127.0.0.0/8,10.231.0.0/16.');
	}
}

/**
 * Verifies the documented facts against the target (or recorded evidence).
 *
 * @param options
 *   See `VerifyOptions`.
 * @returns
 *   The report.
 * @throws
 *   VerifierConfigError for invalid facts, unknown target, bad inventory or evidence.
 */
export async function verify(options: VerifyOptions): Promise<VerifyReport> {
	const env = options.env ?? process.env;
	const startedAt = new Date();
	const store = options.store ?? await loadFactsOrThrow(options.root, options.docsDir, env);
	const plan = planRun(store, options.hosts, options.hostless ?? !options.hosts?.length);
	const commitLater = gitCommit(options.root, env);
	let source: { target: string; observedAt: Date; hasResolver: boolean; runs: ReadonlyMap<string, HostRun>; local: LocalObservation; complete: boolean };
	if (options.replay) {
		const { replayEvidence } = await import('./runner/evidence-io.ts');
		source = { ...replayEvidence(options.replay), complete: true };
	} else {
		const inventory = await loadTarget(options.root, options.target, env);
		const live = await runLive(plan, inventory, egressOrThrow(env, inventory.target), {
			concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
			timeouts: { ...DEFAULT_TIMEOUTS, ...options.timeouts },
			maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES,
			env,
			...(options.signal ? { signal: options.signal } : {}),
			...(options.onProgress ? { onProgress: options.onProgress } : {}),
		});
		source = { ...live, target: inventory.target, observedAt: startedAt, hasResolver: !!inventory.resolver };
		if (options.record && live.complete) {
			const { recordEvidence } = await import('./runner/evidence-io.ts');
			recordEvidence(options.record, { ...source, commit: await commitLater, startedAt });
		}
	}
	const commit = await commitLater;
	const { target, observedAt, hasResolver, runs, local, complete } = source;
	const findings = sortFindings(applyPolicy(judge(plan, runs, local, { target, observedAt, hasResolver, replay: !!options.replay }), store.facts, options.now ?? startedAt, options.policy ?? DEFAULT_POLICY));
	markAssumptions(findings, store.facts); // facts that rest on an assumption are never shown as plainly verified
	const hostResults = [...plan.hosts.values()]
		.map((p) => runs.get(p.host)?.result ?? { id: p.host, state: 'skipped' as const, hostKeys: [], message: p.status !== 'current' ? `host is ${p.status}` : `host not in target ${target}`, durationMs: 0 })
		.sort((a, b) => a.id.localeCompare(b.id));
	return {
		version: REPORT_VERSION,
		target,
		startedAt: startedAt.toISOString(),
		finishedAt: new Date().toISOString(),
		...(commit ? { commit } : {}),
		complete,
		source: options.replay ? { mode: 'replay', evidence: options.replay, observedAt: observedAt.toISOString() } : { mode: 'live', observedAt: observedAt.toISOString() },
		hosts: hostResults,
		summary: summarise(findings),
		findings,
	};
}

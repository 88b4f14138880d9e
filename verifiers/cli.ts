/**
 * `npm run verify -- [options]`: verify the docs against a target, replay evidence, or
 * discover a host. Parses argv, runs `verify()`, renders the reporters, writes
 * reports/verify.json and sets the exit code from the policy.
 *
 * Exit codes: 0 verified, 1 drift, 2 unverified, 3 usage/configuration error, 130 interrupted.
 */
import { parseArgs } from 'node:util';
import { appendFileSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { verify, loadTarget, loadFactsOrThrow, DEFAULT_CONCURRENCY, type ProgressEvent } from './run.ts';
import { exitCodeOf, EXIT } from './policy.ts';
import { isReporterName, loadReporter, REPORTER_NAMES, type ReporterName } from './reporters/index.ts';
import { writeFileAtomic } from '../lib/fsutil.ts';
import { VerifierConfigError } from './errors.ts';
import { closeAll } from './transport/registry.ts';
import { escapeText } from './reporters/shared.ts';
import { parseShard, shardHosts, type ShardSpec } from './shard.ts';
import type { VerifyReport } from '../model/report/schema.ts';
import type { FactStore } from '../model/facts/store.ts';
import { REPORT_VERSION } from '../model/report/version.ts';

const HELP = `Usage: npm run verify -- [options]

  --target <name|file.yaml>   target inventory (default: $VERIFY_TARGET, else lab)
  --host <id>                 only this host (repeatable)
  --reporter <list>           comma-separated name[:file]; names: ${REPORTER_NAMES.join(', ')}
                              e.g. terminal,json:reports/verify.json,junit:reports/verify.xml,github
  --record <file>             write the redacted observations as evidence
  --replay <file>             verify against recorded evidence, no network
  --discover <host>           print frontmatter for what the host really has
  --concurrency <n>           hosts probed at once (default ${DEFAULT_CONCURRENCY})
  --timeout <ms>              probe command timeout (default 60000; connect: min(ms, 10000))
  --no-save                   do not write reports/verify.json
  --verbose                   list verified facts too; print the time to the first connection
  --root <dir>                project root (default: current directory)
  --shard <i/n>               verify only shard i of n of the hosts (stable split, for a CI matrix)
  --merge <a.json> <b.json>…  merge JSON reports (of shards) into one and render it; no network

Exit codes: 0 all verified, 1 drift, 2 unverified, 3 usage/configuration error, 130 interrupted.
`;

/** Parsed command line. */
export interface CliArgs {
	/** `--target`. */
	target?: string;
	/** `--host` (repeatable). */
	hosts: string[];
	/** `--reporter name[:file]`. */
	reporters: { name: ReporterName; file?: string }[];
	/** `--record <file>`. */
	record?: string;
	/** `--replay <file>`. */
	replay?: string;
	/** `--discover <host>`. */
	discover?: string;
	/** `--concurrency` (default: `DEFAULT_CONCURRENCY`). */
	concurrency?: number;
	/** `--timeout <ms>`. */
	timeoutMs?: number;
	/** Not `--no-save`. */
	save: boolean;
	/** `--verbose`. */
	verbose: boolean;
	/** `--root` (absolute). */
	root: string;
	/** `--help`. */
	help: boolean;
	/** `--shard i/n`. */
	shard?: ShardSpec;
	/** `--merge`: the report files to merge. */
	merge?: string[];
}

/**
 * Parses argv (pure).
 * @param argv
 *   Arguments after the script name.
 * @param cwd
 *   Working directory.
 * @throws
 *   VerifierConfigError for bad options.
 */
export function parseCli(argv: string[], cwd: string): CliArgs {
	let parsed;
	try {
		parsed = parseArgs({
			args: argv, allowPositionals: true, strict: true,
			options: {
				target: { type: 'string' }, host: { type: 'string', multiple: true }, reporter: { type: 'string', multiple: true },
				record: { type: 'string' }, replay: { type: 'string' }, discover: { type: 'string' }, concurrency: { type: 'string' },
				timeout: { type: 'string' }, 'no-save': { type: 'boolean' }, verbose: { type: 'boolean' }, root: { type: 'string' }, help: { type: 'boolean', short: 'h' },
				shard: { type: 'string' }, merge: { type: 'boolean' },
			},
		});
	} catch (e) {
		throw new VerifierConfigError((e as Error).message, 'Run `npm run verify -- --help` for the options.');
	}
	const v = parsed.values;
	const positionals = parsed.positionals;
	if (positionals.length && !v.merge) throw new VerifierConfigError(`Unexpected argument: ${positionals[0]}`, 'Run `npm run verify -- --help` for the options.');
	if (v.merge && positionals.length === 0) throw new VerifierConfigError('--merge needs one or more JSON report files', 'e.g. npm run verify -- --merge reports/shard-1.json reports/shard-2.json');
	if (v.merge && (v.shard || v.replay || v.record || v.discover || v.target || v.host)) throw new VerifierConfigError('--merge only combines reports: it cannot be used with --shard, --replay, --record, --discover, --target or --host');
	if (v.shard && (v.replay || v.discover)) throw new VerifierConfigError('--shard cannot be combined with --replay or --discover');
	let shard: ShardSpec | undefined;
	try {
		shard = v.shard === undefined ? undefined : parseShard(v.shard);
	} catch (e) {
		throw new VerifierConfigError((e as Error).message, 'Use --shard 1/3, --shard 2/3, --shard 3/3 in three CI jobs, then --merge their JSON reports.');
	}
	const reporters: CliArgs['reporters'] = [];
	for (const spec of (v.reporter ?? ['terminal']).flatMap((r) => r.split(',')).map((s) => s.trim()).filter(Boolean)) {
		const i = spec.indexOf(':');
		const name = i < 0 ? spec : spec.slice(0, i);
		const file = i < 0 ? undefined : spec.slice(i + 1);
		if (!isReporterName(name)) throw new VerifierConfigError(`Expected reporter to be one of ${REPORTER_NAMES.join(', ')}, got: ${name}`, 'Use --reporter terminal,json:reports/verify.json');
		reporters.push({ name, ...(file ? { file } : {}) });
	}
	const int = (s: string | undefined, what: string, min: number) => {
		if (s === undefined) return undefined;
		const n = Number(s);
		if (!Number.isInteger(n) || n < min) throw new VerifierConfigError(`--${what} must be a whole number ≥ ${min}, got: ${s}`);
		return n;
	};
	if (v.replay && v.record) throw new VerifierConfigError('--record and --replay cannot be combined', 'Record a live run, then replay the file.');
	if (v.discover && !/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/.test(v.discover)) throw new VerifierConfigError(`--discover needs a host id, got: ${v.discover}`);
	const timeoutMs = int(v.timeout, 'timeout', 100);
	const concurrency = int(v.concurrency, 'concurrency', 1);
	return {
		...(v.target ? { target: v.target } : {}), hosts: v.host ?? [], reporters,
		...(v.record ? { record: v.record } : {}), ...(v.replay ? { replay: v.replay } : {}), ...(v.discover ? { discover: v.discover } : {}),
		...(concurrency ? { concurrency } : {}), ...(timeoutMs ? { timeoutMs } : {}),
		save: !v['no-save'], verbose: !!v.verbose, root: resolve(cwd, v.root ?? '.'), help: !!v.help,
		...(shard ? { shard } : {}), ...(v.merge ? { merge: positionals } : {}),
	};
}

/**
 * `--shard i/n`: the hosts of this shard, from the target's and the docs' host ids (or `--host`).
 * @returns
 *   Host ids, or an empty report when the shard has no host (more shards than hosts).
 */
async function shardSelection(args: CliArgs, env: NodeJS.ProcessEnv, store: FactStore): Promise<string[] | VerifyReport> {
	const inventory = await loadTarget(args.root, args.target, env);
	const documented = [...store.facts.values()].flatMap((f) => (f.host ? [f.host] : []));
	const ids = args.hosts.length ? args.hosts : [...Object.keys(inventory.hosts), ...documented];
	const mine = shardHosts(ids, args.shard!.index, args.shard!.count);
	if (mine.length) return mine;
	const now = new Date().toISOString();
	return {
		version: REPORT_VERSION, target: inventory.target, startedAt: now, finishedAt: now, complete: true, source: { mode: 'live' }, hosts: [],
		summary: { verified: 0, drift: 0, unverified: 0, undocumented: 0, waived: 0, planned: 0 }, findings: [],
	};
}

/** `--merge a.json b.json …`: one report from several, rendered like a run. */
async function mergeCommand(args: CliArgs, env: NodeJS.ProcessEnv): Promise<number> {
	const [{ mergeReports }, { parseReport }] = await Promise.all([import('./merge.ts'), import('../model/report/parse.ts')]);
	const report = mergeReports(args.merge!.map((file) => {
		let text: string;
		try {
			text = readFileSync(resolve(args.root, file), 'utf8');
		} catch (e) {
			throw new VerifierConfigError(`--merge: cannot read ${file}: ${(e as Error).message}`);
		}
		try {
			return { name: file, report: parseReport(text, file) };
		} catch (e) {
			throw new VerifierConfigError((e as Error).message);
		}
	}));
	await emitReport(report, args, env);
	return exitCodeOf(report);
}

/** `--discover <host>`: frontmatter for what the host really has. */
async function discover(args: CliArgs, env: NodeJS.ProcessEnv): Promise<number> {
	const [{ probeHost }, { probePlanFor, DISCOVER_SECTIONS }, { discoverYaml, discoverReachPorts }, { observeReach }, { egressPolicy }] = await Promise.all([
		import('./runner/live.ts'), import('./plan.ts'), import('./discover.ts'), import('./local/reach.ts'), import('./transport/egress.ts'),
	]);
	const inventory = await loadTarget(args.root, args.target, env);
	if (!inventory.hosts[args.discover!]) throw new VerifierConfigError(`Host ${args.discover} is not in target ${inventory.target}`, `Hosts: ${Object.keys(inventory.hosts).join(', ')}`);
	const plan = probePlanFor([], DISCOVER_SECTIONS);
	const run = await probeHost(inventory, args.discover!, plan, { timeouts: { connectMs: Math.min(args.timeoutMs ?? 10_000, 10_000), commandMs: args.timeoutMs ?? 60_000, localMs: 5000 }, maxBytes: 16 * 1024 * 1024, env });
	if (!run.obs) {
		process.stderr.write(`${escapeText(args.discover)}: ${escapeText(run.result.message)}\n`);
		return EXIT.unverified;
	}
	// second vantage point: ports bound to all addresses that the build machine cannot reach are internal
	// (not for hosts behind a jump chain: their address is only reachable from the last jump host)
	const closed = new Set<number>();
	const h = inventory.hosts[args.discover!]!;
	if (!h.jump?.length) {
		const egress = egressPolicy(env, inventory.target);
		const rs = await Promise.all(discoverReachPorts(run.obs).map((p) => observeReach(args.discover!, h.address, p, { timeoutMs: 3000, egress })));
		for (const r of rs) if (r.result === 'closed' || r.result === 'filtered') closed.add(r.port);
	}
	process.stdout.write(discoverYaml(args.discover!, run.obs, closed));
	return EXIT.ok;
}

/**
 * Runs the CLI.
 * @param argv
 *   Arguments.
 * @param env
 *   Environment.
 * @returns
 *   The exit code.
 */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
	let args: CliArgs;
	try {
		args = parseCli(argv, process.cwd());
	} catch (e) {
		return configError(e);
	}
	if (args.help) {
		process.stdout.write(HELP);
		return EXIT.ok;
	}
	const controller = new AbortController();
	let interrupted = false;
	const onSigint = () => {
		if (interrupted) process.exit(EXIT.interrupted);
		interrupted = true;
		process.stderr.write('\nInterrupted: closing sessions, writing a partial report (Ctrl-C again to quit at once)\n');
		controller.abort();
		void closeAll();
	};
	process.on('SIGINT', onSigint);
	try {
		if (args.discover) return await discover(args, env);
		if (args.merge) {
			try {
				return await mergeCommand(args, env);
			} catch (e) {
				if (e instanceof VerifierConfigError) throw e;
				throw new VerifierConfigError((e as Error).message, 'Merge the JSON reports of one run (same target, commit and report version).');
			}
		}
		const store = args.replay ? undefined : await loadFactsOrThrow(args.root, undefined, env);
		if (args.shard && store) {
			const selection = await shardSelection(args, env, store);
			if (!Array.isArray(selection)) {
				process.stderr.write(`shard ${args.shard.index}/${args.shard.count}: no hosts (more shards than hosts)\n`);
				await emitReport(selection, { ...args, save: false }, env);
				return EXIT.ok;
			}
			args.hosts = selection;
		}
		const tty = !!process.stderr.isTTY;
		const timing = firstConnectionTimer();
		const report = await verify({
			root: args.root, ...(args.target ? { target: args.target } : {}), hosts: args.hosts, ...(args.concurrency ? { concurrency: args.concurrency } : {}), ...(store ? { store } : {}),
			// in a CI matrix, the first shard also checks the build-machine facts that belong to no host
			...(args.shard ? { hostless: args.shard.index === 1 } : {}),
			...(args.timeoutMs ? { timeouts: { commandMs: args.timeoutMs, connectMs: Math.min(args.timeoutMs, 10_000) } } : {}),
			...(args.record ? { record: args.record } : {}), ...(args.replay ? { replay: args.replay } : {}),
			env, signal: controller.signal,
			onProgress: (e) => {
				timing.progress(e);
				if (tty) process.stderr.write(`\r\u001b[2K[${e.done}/${e.total}] ${escapeText(e.host)}: ${e.phase}${e.phase === 'failed' && e.message ? ` (${escapeText(e.message).slice(0, 80)})` : ''}${e.phase === 'done' || e.phase === 'failed' ? '\n' : ''}`);
			},
		});
		if (args.verbose) process.stderr.write(`${timing.summary()}\n`);
		await emitReport(report, args, env);
		if (interrupted || !report.complete) return EXIT.interrupted;
		return exitCodeOf(report);
	} catch (e) {
		return configError(e);
	} finally {
		process.off('SIGINT', onSigint);
		await closeAll().catch(() => {});
	}
}

function configError(e: unknown): number {
	if (e instanceof VerifierConfigError) {
		process.stderr.write(`verify: ${escapeText(e.message)}\n${e.details.map((d) => `  ${escapeText(d)}\n`).join('')}${e.hint ? `hint: ${escapeText(e.hint)}\n` : ''}`);
		return EXIT.usage;
	}
	process.stderr.write(`verify: internal error: ${escapeText((e as Error)?.stack ?? String(e))}\n`);
	return EXIT.usage;
}

/**
 * Renders every requested reporter (to its file or stdout), appends the step summary for the
 * github reporter and saves reports/verify.json unless `--no-save`.
 * @param report
 *   The finished (or merged) report.
 * @param args
 *   Parsed CLI arguments.
 * @param env
 *   Environment (TTY colour, NO_COLOR, GITHUB_STEP_SUMMARY).
 */
async function emitReport(report: VerifyReport, args: CliArgs, env: NodeJS.ProcessEnv): Promise<void> {
	const color = !!process.stdout.isTTY && !env.NO_COLOR && env.TERM !== 'dumb';
	for (const r of args.reporters) {
		const text = (await loadReporter(r.name))(report, { color: r.file ? false : color, verbose: args.verbose });
		if (r.file && r.file !== '-') writeFileAtomic(isAbsolute(r.file) ? r.file : join(args.root, r.file), text);
		else process.stdout.write(text);
		if (r.name === 'github' && env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, (await loadReporter('markdown'))(report));
	}
	if (args.save) writeFileAtomic(join(args.root, 'reports', 'verify.json'), (await loadReporter('json'))(report));
}

/**
 * Times the start-up: from process start (`performance.now()` counts from it) to the
 * first connection attempt and to the first session ready to run the probe.
 *
 * @returns
 *   A progress hook and the summary line for `--verbose`.
 */
function firstConnectionTimer(): { progress: (e: ProgressEvent) => void; summary: () => string } {
	let connecting: number | undefined;
	let ready: number | undefined;
	return {
		progress(e) {
			if (e.phase === 'connecting') connecting ??= performance.now();
			if (e.phase === 'probing') ready ??= performance.now();
		},
		summary: () => connecting === undefined
			? 'time to first connection: no host was contacted'
			: `time to first connection: ${Math.round(connecting)} ms after process start (first session ready at ${ready === undefined ? '—' : `${Math.round(ready)} ms`})`,
	};
}

if ((import.meta as { main?: boolean }).main) {
	const code = await main(process.argv.slice(2));
	process.exitCode = code;
	// Ctrl-C means now: the partial report is written; don't wait for connection attempts still backing off
	if (code === EXIT.interrupted) process.stdout.write('', () => process.exit(code));
}

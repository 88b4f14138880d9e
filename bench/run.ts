/**
 * `npm run bench`: wall times (median of --reps runs) for verifying the same five facts
 * (hostname, a TCP listener with its bind address, os-release VERSION_ID, a user's group
 * membership, kernel release) on N lab fleet hosts with this verifier, Testinfra, Ansible
 * and plain OpenSSH/ssh2 as the floor — host-key checking on for all — plus site build,
 * PDF and lint timings. Every tool run is checked: a run whose facts did not all pass is
 * not reported as a time.
 *
 * Needs root (the lab fleet is network namespaces). Installs the peers from Debian when
 * missing (unless --no-install). Prints the tables and writes reports/bench.{json,md};
 * --update-docs also rewrites the figures in docs/benchmarks.md.
 */
import { cpus, release } from 'node:os';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fleetTables, formatRatio, formatSeconds, markdownTable, median, parseBenchArgs, replaceBlock, TOOL_LABELS, USAGE, type BenchOptions, type Cell } from './lib.ts';
import type { Fleet, Tool } from './tools/common.ts';
import { ssh2FloorTool } from './tools/ssh2-floor.ts';
import { opensshTool } from './tools/openssh.ts';
import { testinfraTool, SYSTEM_PYTHON } from './tools/testinfra.ts';
import { ansibleTool } from './tools/ansible.ts';
import { verifierTool } from './tools/verifier.ts';
import { measureSite, siteTargets, type SiteRow } from './site.ts';
import { measureRunbooks, runbookMarkdown, type RunbookBench } from './runbooks.ts';
import { wanFleet } from './wan/fleet.ts';
import { readFleet } from './fleet.ts';
import { startWanProxy } from './wan/control.ts';

const ROOT = resolve(import.meta.dirname, '..');
const LAB_CLI = join(ROOT, 'lab', 'cli.ts');
const FLEET_INVENTORY = join(ROOT, '.lab', 'fleet-inventory.yaml');
const PEER_PACKAGES = ['python3-testinfra', 'python3-pytest-xdist', 'ansible-core'];

const log = (line = '') => process.stderr.write(`${line}\n`);

/** Installs the peers from Debian when missing. */
function installPeers(options: BenchOptions): void {
	const missing = PEER_PACKAGES.filter((p) => spawnSync('dpkg-query', ['-W', '-f=${Status}', p], { encoding: 'utf8' }).stdout?.includes('install ok installed') !== true);
	if (missing.length === 0) return;
	if (!options.install) { log(`peers not installed (${missing.join(', ')}); --no-install given: their rows are skipped`); return; }
	if (process.getuid?.() !== 0) { log(`peers not installed (${missing.join(', ')}) and not root: their rows are skipped`); return; }
	log(`installing the peers from Debian: ${missing.join(' ')} …`);
	const started = Date.now();
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	let r = spawnSync('apt-get', ['-o', 'DPkg::Lock::Timeout=600', 'install', '-y', '--no-install-recommends', ...missing], { stdio: ['ignore', 'ignore', 'inherit'], env });
	if (r.status !== 0) {
		spawnSync('apt-get', ['-o', 'DPkg::Lock::Timeout=600', 'update'], { stdio: ['ignore', 'ignore', 'inherit'], env });
		r = spawnSync('apt-get', ['-o', 'DPkg::Lock::Timeout=600', 'install', '-y', '--no-install-recommends', ...missing], { stdio: ['ignore', 'ignore', 'inherit'], env });
	}
	log(r.status === 0 ? `  installed in ${((Date.now() - started) / 1000).toFixed(1)} s` : '  apt-get failed: the missing peers are skipped');
}

/** Starts the lab fleet with `count` hosts and reads its inventory. */
function startFleet(count: number): Fleet | string {
	if (process.getuid?.() !== 0) return 'the lab fleet needs root (network namespaces): run npm run bench as root';
	if (!existsSync(LAB_CLI)) return 'lab/cli.ts does not exist yet (the lab is not built)';
	log(`starting the lab fleet: ${count} hosts (npm run lab -- fleet up ${count}) …`);
	const started = Date.now();
	try {
		execFileSync(process.execPath, [LAB_CLI, 'fleet', 'up', String(count)], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'], timeout: 1_800_000, env: { ...process.env, FLEET_PARALLEL: process.env.FLEET_PARALLEL ?? '16' } });
	} catch (error) {
		return `npm run lab -- fleet up ${count} failed: ${(error as Error).message.split('\n')[0]}`;
	}
	log(`  fleet up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	return readFleet(FLEET_INVENTORY);
}

function stopFleet(): void {
	if (!existsSync(LAB_CLI)) return;
	log('stopping the lab fleet (npm run lab -- fleet down) …');
	try {
		execFileSync(process.execPath, [LAB_CLI, 'fleet', 'down'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'], timeout: 600_000 });
	} catch (error) {
		log(`  fleet down failed: ${(error as Error).message.split('\n')[0]}`);
	}
}

/** Whether the fleet still answers (inventory present, first host passes the OpenSSH batch). */
async function fleetAlive(fleet: Fleet, work: string): Promise<boolean> {
	if (!existsSync(FLEET_INVENTORY)) return false;
	const r = await opensshTool(fleet).run(fleet.hosts.slice(0, 1), work, 30_000);
	return r.passed === r.expected;
}

/** Versions of the tools, for the header. */
function versions(): string[] {
	const v = (cmd: string, args: string[], pick: RegExp) => {
		const r = spawnSync(cmd, args, { encoding: 'utf8' });
		return r.status === 0 ? (pick.exec(`${r.stdout}${r.stderr}`)?.[1] ?? '?') : 'not installed';
	};
	return [
		`node ${process.versions.node}`,
		`OpenSSH ${v('ssh', ['-V'], /OpenSSH_([^\s,]+)/)}`,
		`Testinfra ${v(SYSTEM_PYTHON, ['-c', 'import importlib.metadata as m; print(m.version("pytest-testinfra"))'], /(\S+)/)}`,
		`pytest-xdist ${v(SYSTEM_PYTHON, ['-c', 'import importlib.metadata as m; print(m.version("pytest-xdist"))'], /(\S+)/)}`,
		`ansible-core ${v('/usr/bin/ansible-playbook', ['--version'], /core (\S+?)\]/)}`,
	];
}

/** Results per tool and N. */
type Results = Record<string, Record<number, Cell>>;

/** Whether a tool is a (slow, memory-hungry) peer, run only up to --peer-max. */
const isPeer = (id: string) => id.startsWith('testinfra') || id === 'ansible';

/**
 * Runs every tool at every N on one fleet (direct, or through the WAN proxy).
 *
 * @param options
 *   Bench options.
 * @param fleet
 *   The fleet as the tools reach it.
 * @param work
 *   Work directory.
 * @param revive
 *   Restarts the fleet when another process took it away; returns it as the tools reach it.
 */
async function benchFleet(options: BenchOptions, fleet: Fleet, work: string, revive: () => Promise<Fleet>): Promise<Results> {
	const all: Tool[] = [
		ssh2FloorTool(fleet), opensshTool(fleet), verifierTool(fleet, ROOT), testinfraTool(fleet, true), testinfraTool(fleet, false), ansibleTool(fleet),
	];
	const tools = all.filter((t) => options.tools.includes(t.id));
	const results: Record<string, Record<number, Cell>> = {};
	const timeoutMs = options.timeoutS * 1000;
	const givenUp = new Map<string, string>();
	for (const tool of tools) {
		results[tool.id] = {};
		const why = tool.unavailable();
		if (why) { givenUp.set(tool.id, `not run: ${why}`); log(`⚠ ${TOOL_LABELS[tool.id]}: skipped — ${why}`); }
	}
	for (const n of options.sizes) {
		const hosts = fleet.hosts.slice(0, n);
		if (hosts.length < n) {
			for (const tool of tools) results[tool.id]![n] = { runs: [], note: `the fleet has only ${fleet.hosts.length} hosts` };
			continue;
		}
		log(`\nN = ${n}`);
		const skipped = (id: string) => givenUp.get(id) ?? (isPeer(id) && n > options.peerMax ? `not run above N = ${options.peerMax} (--peer-max: N workers/forks cost ~60 MB each)` : undefined);
		for (const tool of tools) if (!skipped(tool.id)) await tool.prepare?.(hosts, work);
		for (const tool of tools) {
			const why = skipped(tool.id);
			results[tool.id]![n] = why ? { runs: [], note: why } : { runs: [] };
		}
		for (let rep = 1; rep <= options.reps; rep++) {
			for (const tool of tools) {
				const cell = results[tool.id]![n]!;
				if (cell.note) continue;
				if (rep > options.peerReps && isPeer(tool.id)) continue;
				let r = await tool.run(hosts, work, timeoutMs);
				await tool.after?.(hosts, work);
				if (r.passed !== r.expected && !(await fleetAlive(fleet, work))) {
					// Another process (a lab test, `npm run lab -- down`) took the fleet away: bring it back, retry once.
					log(`  ⚠ the fleet is gone (another process ran lab down?): restarting it and retrying ${TOOL_LABELS[tool.id]}`);
					const again = await revive();
					Object.assign(fleet, { knownHosts: again.knownHosts, inventoryPath: again.inventoryPath }); // re-created hosts have new host keys
					for (const t of tools) if (!skipped(t.id)) await t.prepare?.(hosts, work);
					r = await tool.run(hosts, work, timeoutMs);
					await tool.after?.(hosts, work);
				}
				const ok = r.passed === r.expected;
				log(`  ${TOOL_LABELS[tool.id]!.padEnd(36)} rep ${rep}: ${formatSeconds(r.ms).padStart(7)}  ${r.passed}/${r.expected} facts ${ok ? 'passed' : 'FAILED'}`);
				if (!ok) {
					cell.note = `verification failed (${r.passed}/${r.expected} facts passed): ${(r.detail ?? '').split('\n').slice(0, 3).join(' | ')}`;
					log(`    ${r.detail?.split('\n').join('\n    ')}`);
					if (r.ms >= timeoutMs) givenUp.set(tool.id, `timed out at N = ${n} (> ${options.timeoutS} s)`);
					continue;
				}
				cell.runs.push(r.ms);
				if (r.rssKb !== undefined) (cell.rssKb ??= []).push(r.rssKb);
				if (r.firstConnectMs !== undefined) (cell.firstConnectMs ??= []).push(r.firstConnectMs);
			}
		}
		for (const tool of tools) {
			const cell = results[tool.id]![n]!;
			if (!cell.note && cell.runs.length) cell.ms = median(cell.runs);
		}
	}
	return results;
}

/**
 * The figures of issue #16, judged on the measured results.
 *
 * @param byRtt
 *   Results per added RTT (0 = direct).
 * @param sizes
 *   Fleet sizes.
 * @param site
 *   Site rows.
 * @returns
 *   One line per figure.
 */
function targets(byRtt: ReadonlyMap<number, Results>, sizes: number[], site: SiteRow[]): string[] {
	const lines: string[] = [];
	const judge = (ok: boolean | undefined) => (ok === undefined ? 'not measured' : ok ? 'met' : 'NOT met');
	const ratios = (results: Results, a: string, b: string, ns: readonly number[]) => ns
		.map((n) => [n, results[a]?.[n]?.ms, results[b]?.[n]?.ms] as const)
		.flatMap(([n, x, y]) => (x !== undefined && y !== undefined ? [[n, x / y] as const] : []));
	const show = (rs: readonly (readonly [number, number])[]) => rs.map(([n, r]) => `N=${n}: ${formatRatio(r)}`).join(', ') || '—';
	for (const [rtt, results] of byRtt) {
		const limit = rtt === 0 ? 1.5 : 1.2;
		const rs = ratios(results, 'verifier', 'ssh2-floor', sizes);
		lines.push(`- ${rtt} ms RTT: verifier ≤ ${limit}× the ssh2 floor at every N: ${judge(rs.length === sizes.length ? rs.every(([, r]) => r <= limit) : undefined)} (${show(rs)})`);
		for (const [peer, want] of [['testinfra-n', 15], ['ansible', 25]] as const) {
			const at = sizes.filter((n) => n === 50);
			const pr = ratios(results, peer, 'verifier', at);
			lines.push(`- ${rtt} ms RTT: at N = 50 at least ${want}× faster than ${TOOL_LABELS[peer]}: ${judge(pr.length === 1 ? pr[0]![1] >= want : undefined)} (${show(pr)})`);
		}
	}
	const direct = byRtt.get(0) ?? byRtt.values().next().value;
	const rss = (n: number) => { const c = direct?.['verifier']?.[n]?.rssKb; return c?.length ? Math.max(...c) : undefined; };
	const [r10, r200] = [rss(10), rss(200)];
	lines.push(`- verifier peak RSS at N = 200 within 1.5× of N = 10: ${judge(r10 && r200 ? r200 / r10 <= 1.5 : undefined)} (${r10 && r200 ? `${(r200 / 1024).toFixed(0)} MiB ÷ ${(r10 / 1024).toFixed(0)} MiB = ${formatRatio(r200 / r10)}` : '—'})`);
	lines.push(...siteTargets(site));
	return lines;
}

async function main(): Promise<void> {
	let options: BenchOptions;
	try {
		options = parseBenchArgs(process.argv.slice(2));
	} catch (error) {
		console.error((error as Error).message);
		process.exit(3);
	}
	if (options.help) { console.log(USAGE); return; }

	const started = new Date();
	mkdirSync(join(ROOT, '.cache'), { recursive: true });
	const work = mkdtempSync(join(ROOT, '.cache', 'bench-'));
	const machineHeader = () => [`${cpus().length} CPU (${cpus()[0]?.model ?? '?'}), kernel ${release()}`, ...versions()];
	let header = machineHeader();
	log(`npm run bench — ${started.toISOString()}\n${header.join(' · ')}\nreps ${options.reps}, sizes ${options.sizes.join(', ')}, work dir ${work}`);

	const fleetTools = options.fleet && options.tools.length > 0;
	const byRtt = new Map<number, Results>();
	let fleetNote: string | undefined;
	let fleetStarted = false;
	const onSignal = () => {
		if (fleetStarted && !options.keepFleet) stopFleet();
		process.exit(130);
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);
	try {
		if (fleetTools) {
			if (options.tools.some((t) => t.startsWith('testinfra') || t === 'ansible')) {
				installPeers(options);
				header = machineHeader(); // with the versions of the peers just installed
			}
			const fleet = startFleet(Math.max(...options.sizes));
			fleetStarted = existsSync(FLEET_INVENTORY);
			if (typeof fleet === 'string') {
				fleetNote = fleet;
				log(`⚠ fleet benchmark skipped: ${fleet}`);
			} else {
				const restart = () => {
					const again = startFleet(Math.max(...options.sizes));
					if (typeof again === 'string') throw new Error(`the fleet went away and could not be restarted: ${again}`);
					return again;
				};
				for (const rtt of options.rtts) {
					if (rtt === 0) {
						log('\n— direct (no added latency) —');
						byRtt.set(0, await benchFleet(options, fleet, work, () => Promise.resolve().then(restart)));
						continue;
					}
					log(`\n— through the WAN proxy: ${rtt} ms RTT —`);
					const wanDir = join(work, `wan-${rtt}`);
					const wan = wanFleet(fleet, wanDir);
					let proxy = await startWanProxy(wan.routes, rtt, work);
					try {
						byRtt.set(rtt, await benchFleet(options, wan.fleet, work, async () => {
							await proxy.stop();
							const again = wanFleet(restart(), wanDir);
							proxy = await startWanProxy(again.routes, rtt, work);
							return again.fleet;
						}));
					} finally {
						await proxy.stop();
					}
				}
			}
		}
	} finally {
		if (fleetStarted && !options.keepFleet) stopFleet();
	}
	const rttTitle = (rtt: number) => (rtt === 0 ? 'direct (loopback, no added latency)' : `through the WAN proxy, ${rtt} ms round-trip time`);
	const fleetSection = !options.fleet
		? 'Fleet benchmark not run (--no-fleet).'
		: fleetNote
			? `Fleet benchmark skipped: ${fleetNote}`
			: [...byRtt].map(([rtt, results]) => `#### ${rttTitle(rtt)}\n\n${fleetTables(results, options.sizes, options.tools)}`).join('\n\n');

	let siteRows: SiteRow[] = [];
	if (options.site) {
		log('\nsite timings');
		({ rows: siteRows } = await measureSite(ROOT, work, options.siteReps, options.timeoutS * 1000, log));
	}
	const without = siteRows.find((r) => r.label.startsWith('build without'))?.ms;
	const withoutCpu = siteRows.find((r) => r.label.startsWith('build without'))?.cpuMs;
	const siteTable = siteRows.length
		? markdownTable(
			['site', 'median', 'vs. no diagrams', 'CPU (user+sys)', 'CPU vs. no diagrams'],
			siteRows.map((r) => [
				r.label, r.ms !== undefined ? formatSeconds(r.ms) : `skipped: ${r.note}`, r.ms !== undefined && without && r.label.startsWith('build') ? formatRatio(r.ms / without) : '',
				r.cpuMs !== undefined ? formatSeconds(r.cpuMs) : '', r.cpuMs !== undefined && withoutCpu && r.label.startsWith('build') ? formatRatio(r.cpuMs / withoutCpu) : '',
			]),
			['l', 'r', 'r', 'r', 'r'],
		)
		: '';

	let runbooks: RunbookBench | undefined;
	if (options.runbooks) {
		log('\nrunbook suite (npm run runbooks, both estates, resets included)');
		runbooks = measureRunbooks(ROOT, work, options.timeoutS * 1000);
		log(runbooks.ms === undefined ? `  not measured: ${runbooks.note}` : `  ${formatSeconds(runbooks.ms)}, exit ${runbooks.exit}`);
	}
	const runbookPart = runbooks ? runbookMarkdown(runbooks) : undefined;
	const verdict = [...targets(byRtt, options.sizes, siteRows), ...(runbookPart?.figures ?? [])];
	const measuredLine = `Measured ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC on this machine: ${header.join(', ')}.`;
	const fleetMarkdown = [
		measuredLine,
		`Median of ${options.reps} runs per cell (Testinfra and Ansible: ${options.peerReps}, up to N = ${options.peerMax}); every run was checked (all 5 facts passed on every host), host-key checking on for every tool; the verifier at its default concurrency.`,
		'',
		'### Five facts on N lab fleet hosts (wall time)',
		'',
		fleetSection,
		'',
		'### Figures (issue #16)',
		'',
		...verdict,
	].join('\n');
	const siteMarkdown = siteTable ? [measuredLine, `Median of ${options.siteReps} runs; the diagram-free and the warm build run in turns. CPU is user + system time of the build and the children it waited for: other load on a shared machine inflates wall time, not CPU time.`, '', siteTable, '', ...siteTargets(siteRows)].join('\n') : '';
	const markdown = [fleetMarkdown, ...(siteMarkdown ? ['', '### Site', '', siteMarkdown] : []), ...(runbookPart ? ['', '### Runbooks (issue #18)', '', measuredLine, '', runbookPart.table] : [])].join('\n');

	console.log(`\n${markdown}\n`);
	mkdirSync(join(ROOT, 'reports'), { recursive: true });
	const wan = Object.fromEntries([...byRtt].map(([rtt, results]) => [String(rtt), results]));
	writeFileSync(join(ROOT, 'reports', 'bench.json'), `${JSON.stringify({ startedAt: started.toISOString(), header, options, fleet: byRtt.get(0) ?? {}, wan, site: siteRows, ...(runbooks ? { runbooks } : {}), targets: verdict }, null, '\t')}\n`);
	writeFileSync(join(ROOT, 'reports', 'bench.md'), `${markdown}\n`);
	log(`written: reports/bench.json, reports/bench.md`);
	if (options.updateDocs) {
		const doc = join(ROOT, 'docs', 'benchmarks.md');
		let text = existsSync(doc) ? readFileSync(doc, 'utf8') : '<!-- bench:fleet:start -->\n<!-- bench:fleet:end -->\n\n<!-- bench:site:start -->\n<!-- bench:site:end -->\n\n<!-- bench:runbooks:start -->\n<!-- bench:runbooks:end -->\n';
		// only the parts this run measured are replaced
		if (options.fleet && !fleetNote) text = replaceBlock(text, 'fleet', fleetMarkdown);
		if (siteMarkdown) text = replaceBlock(text, 'site', siteMarkdown);
		if (runbookPart && runbooks?.ms !== undefined) text = replaceBlock(text, 'runbooks', [measuredLine, '', runbookPart.table, '', ...runbookPart.figures].join('\n'));
		writeFileSync(doc, text);
		log('updated docs/benchmarks.md');
	}
	rmSync(work, { recursive: true, force: true });
}

await main();

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
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { fleetTables, formatRatio, formatSeconds, markdownTable, median, parseBenchArgs, TOOL_LABELS, USAGE, type BenchHost, type BenchOptions, type Cell } from './lib.ts';
import type { Fleet, Tool } from './tools/common.ts';
import { ssh2FloorTool } from './tools/ssh2-floor.ts';
import { opensshTool } from './tools/openssh.ts';
import { testinfraTool, SYSTEM_PYTHON } from './tools/testinfra.ts';
import { ansibleTool } from './tools/ansible.ts';
import { verifierTool } from './tools/verifier.ts';
import { measureSite, type SiteRow } from './site.ts';

const ROOT = resolve(import.meta.dirname, '..');
const LAB_CLI = join(ROOT, 'lab', 'cli.mjs');
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
	if (!existsSync(LAB_CLI)) return 'lab/cli.mjs does not exist yet (the lab is not built)';
	log(`starting the lab fleet: ${count} hosts (npm run lab -- fleet up ${count}) …`);
	const started = Date.now();
	try {
		execFileSync(process.execPath, [LAB_CLI, 'fleet', 'up', String(count)], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'], timeout: 900_000 });
	} catch (error) {
		return `npm run lab -- fleet up ${count} failed: ${(error as Error).message.split('\n')[0]}`;
	}
	log(`  fleet up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	return readFleet(FLEET_INVENTORY);
}

/** Reads the fleet inventory (format of verifiers/inventory/schema.ts). */
export function readFleet(path: string): Fleet | string {
	if (!existsSync(path)) return `${path} missing after fleet up`;
	const inv = parse(readFileSync(path, 'utf8')) as { user?: string; identityFile?: string; knownHosts?: string | string[]; hosts?: Record<string, { address: string; port?: number }> };
	const base = dirname(path);
	const knownHosts = [inv.knownHosts].flat()[0];
	if (!inv.identityFile || !knownHosts || !inv.hosts) return `${path}: needs identityFile, knownHosts and hosts`;
	const hosts: BenchHost[] = Object.entries(inv.hosts)
		.map(([id, h]) => ({ id, address: h.address, port: h.port ?? 22 }))
		.sort((a, b) => (a.id < b.id ? -1 : 1));
	for (const h of hosts) {
		if (!/^(127\.|10\.231\.)/.test(h.address)) return `${path}: host ${h.id} has address ${h.address}, outside 127.0.0.0/8 and 10.231.0.0/16: refusing to connect`;
	}
	return { inventoryPath: path, user: inv.user ?? 'verifier', identityFile: resolve(base, inv.identityFile), knownHosts: resolve(base, knownHosts), hosts, kernel: release() };
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

async function benchFleet(options: BenchOptions, fleet: Fleet, work: string): Promise<Record<string, Record<number, Cell>>> {
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
		for (const tool of tools) if (!givenUp.has(tool.id)) await tool.prepare?.(hosts, work);
		for (const tool of tools) results[tool.id]![n] = givenUp.has(tool.id) ? { runs: [], note: givenUp.get(tool.id)! } : { runs: [] };
		for (let rep = 1; rep <= options.reps; rep++) {
			for (const tool of tools) {
				const cell = results[tool.id]![n]!;
				if (cell.note) continue;
				if (rep > options.peerReps && (tool.id.startsWith('testinfra') || tool.id === 'ansible')) continue;
				let r = await tool.run(hosts, work, timeoutMs);
				await tool.after?.(hosts, work);
				if (r.passed !== r.expected && !(await fleetAlive(fleet, work))) {
					// Another process (a lab test, `npm run lab -- down`) took the fleet away: bring it back, retry once.
					log(`  ⚠ the fleet is gone (another process ran lab down?): restarting it and retrying ${TOOL_LABELS[tool.id]}`);
					const again = startFleet(Math.max(...options.sizes));
					if (typeof again === 'string') throw new Error(`the fleet went away and could not be restarted: ${again}`);
					fleet.knownHosts = again.knownHosts; // re-created hosts have new host keys in a rewritten file
					for (const t of tools) await t.prepare?.(hosts, work);
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
			}
		}
		for (const tool of tools) {
			const cell = results[tool.id]![n]!;
			if (!cell.note && cell.runs.length) cell.ms = median(cell.runs);
		}
	}
	return results;
}

/** Targets of issue #10, judged on the measured figures. */
function targets(results: Record<string, Record<number, Cell>>, sizes: number[], site: SiteRow[]): string[] {
	const lines: string[] = [];
	const ms = (t: string, n: number) => results[t]?.[n]?.ms;
	const judge = (ok: boolean | undefined) => (ok === undefined ? 'not measured' : ok ? 'met' : 'NOT met');
	const floorRatios = sizes.map((n) => [n, ms('verifier', n), ms('ssh2-floor', n)] as const).filter(([, a, b]) => a !== undefined && b !== undefined).map(([n, a, b]) => [n, a! / b!] as const);
	lines.push(`- verifier within 1.2× of the batched ssh2 floor at every N: ${judge(floorRatios.length === sizes.length ? floorRatios.every(([, r]) => r <= 1.2) : undefined)} (${floorRatios.map(([n, r]) => `N=${n}: ${formatRatio(r)}`).join(', ') || '—'})`);
	for (const [peer, want] of [['testinfra-n', 15], ['ansible', 25]] as const) {
		const big = sizes.filter((n) => n >= 25);
		const rs = big.map((n) => [n, ms(peer, n), ms('verifier', n)] as const).filter(([, a, b]) => a !== undefined && b !== undefined).map(([n, a, b]) => [n, a! / b!] as const);
		lines.push(`- at N = 25 and 50 at least ${want}× faster than ${TOOL_LABELS[peer]}: ${judge(rs.length === big.length && rs.length > 0 ? rs.every(([, r]) => r >= want) : undefined)} (${rs.map(([n, r]) => `N=${n}: ${formatRatio(r)}`).join(', ') || '—'})`);
	}
	const without = site.find((r) => r.label.startsWith('build without'))?.ms;
	const warm = site.find((r) => r.label.includes('warm cache'))?.ms;
	lines.push(`- warm rebuild with unchanged diagrams within 1.2× of a build without diagrams: ${judge(without && warm ? warm / without <= 1.2 : undefined)} (${without && warm ? formatRatio(warm / without) : '—'})`);
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
	const header = [`${cpus().length} CPU (${cpus()[0]?.model ?? '?'}), kernel ${release()}`, ...versions()];
	log(`npm run bench — ${started.toISOString()}\n${header.join(' · ')}\nreps ${options.reps}, sizes ${options.sizes.join(', ')}, work dir ${work}`);

	const fleetTools = options.fleet && options.tools.length > 0;
	let fleetSection = '';
	let results: Record<string, Record<number, Cell>> = {};
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
			if (options.tools.some((t) => t.startsWith('testinfra') || t === 'ansible')) installPeers(options);
			const fleet = startFleet(Math.max(...options.sizes));
			fleetStarted = existsSync(FLEET_INVENTORY);
			if (typeof fleet === 'string') {
				fleetNote = fleet;
				log(`⚠ fleet benchmark skipped: ${fleet}`);
			} else {
				results = await benchFleet(options, fleet, work);
			}
		}
	} finally {
		if (fleetStarted && !options.keepFleet) stopFleet();
	}
	fleetSection = !options.fleet ? 'Fleet benchmark not run (--no-fleet).' : fleetNote ? `Fleet benchmark skipped: ${fleetNote}` : fleetTables(results, options.sizes, options.tools);

	let siteRows: SiteRow[] = [];
	if (options.site) {
		log('\nsite timings');
		({ rows: siteRows } = await measureSite(ROOT, work, options.siteReps, options.timeoutS * 1000, log));
	}
	const without = siteRows.find((r) => r.label.startsWith('build without'))?.ms;
	const siteTable = siteRows.length
		? markdownTable(
			['site', 'median', 'vs. no diagrams'],
			siteRows.map((r) => [r.label, r.ms !== undefined ? formatSeconds(r.ms) : `skipped: ${r.note}`, r.ms !== undefined && without && r.label.startsWith('build') ? formatRatio(r.ms / without) : '']),
			['l', 'r', 'r'],
		)
		: '';

	const verdict = targets(results, options.sizes, siteRows);
	const markdown = [
		`Measured ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC on this machine: ${header.join(', ')}.`,
		`Median of ${options.reps} runs per cell (Testinfra and Ansible: ${options.peerReps}; site: ${options.siteReps}); every run was checked (all ${5} facts passed on every host), host-key checking on for every tool.`,
		'',
		'### Five facts on N lab fleet hosts (wall time)',
		'',
		fleetSection,
		'',
		...(siteTable ? ['### Site', '', siteTable, ''] : []),
		'### Targets (issue #10)',
		'',
		...verdict,
	].join('\n');

	console.log(`\n${markdown}\n`);
	mkdirSync(join(ROOT, 'reports'), { recursive: true });
	writeFileSync(join(ROOT, 'reports', 'bench.json'), `${JSON.stringify({ startedAt: started.toISOString(), header, options, fleet: results, site: siteRows, targets: verdict }, null, '\t')}\n`);
	writeFileSync(join(ROOT, 'reports', 'bench.md'), `${markdown}\n`);
	log(`written: reports/bench.json, reports/bench.md`);
	if (options.updateDocs) {
		const doc = join(ROOT, 'docs', 'benchmarks.md');
		const text = existsSync(doc) ? readFileSync(doc, 'utf8') : '<!-- bench:start -->\n<!-- bench:end -->\n';
		const updated = text.replace(/<!-- bench:start -->[\s\S]*<!-- bench:end -->/, `<!-- bench:start -->\n${markdown}\n<!-- bench:end -->`);
		writeFileSync(doc, updated);
		log('updated docs/benchmarks.md');
	}
	rmSync(work, { recursive: true, force: true });
}

await main();

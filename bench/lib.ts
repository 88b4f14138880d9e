/**
 * Pure helpers for the benchmark: statistics, the expected facts and how to check a
 * batch of command output against them, argument parsing and the result table.
 */

/** One lab fleet host as the benchmark sees it. */
export interface BenchHost {
	/** Inventory id, e.g. `fleet-07`. */
	id: string;
	/** Address the tools connect to: the lab address (10.231.x.y), or the WAN proxy's loopback address. */
	address: string;
	/** SSH port the tools connect to. */
	port: number;
	/** The host's own lab address when `address` is the WAN proxy's (the listener is bound to it). */
	labAddress?: string;
}

/** The five facts every tool checks on every host. */
export interface ExpectedFacts {
	/** `hostname` output. */
	hostname: string;
	/** Address a TCP listener on `port` must be bound to. */
	bind: string;
	/** Listening TCP port. */
	port: number;
	/** `VERSION_ID` from /etc/os-release. */
	versionId: string;
	/** User that must be in `group`. */
	user: string;
	/** Group. */
	group: string;
	/** `uname -r`. */
	kernel: string;
}

/** Number of facts per host. */
export const FACTS_PER_HOST = 5;

/** The expected facts of a fleet host (what its page would document). */
export function expectedFacts(host: BenchHost, kernel: string): ExpectedFacts {
	return { hostname: host.id, bind: host.labAddress ?? host.address, port: 8080, versionId: '22.04', user: 'verifier', group: 'adm', kernel };
}

/**
 * The one batched command the OpenSSH/ssh2 floors run on each host: five read-only
 * commands whose outputs are separated by marker lines.
 */
export const BATCH_COMMAND =
	"hostname; echo '--8<--'; ss -Htln; echo '--8<--'; . /etc/os-release && echo \"$VERSION_ID\"; echo '--8<--'; id -nG verifier; echo '--8<--'; uname -r";

/**
 * Checks the output of `BATCH_COMMAND` against the expected facts.
 *
 * @returns
 *   Names of the facts that failed (empty when all five pass).
 */
export function checkBatchOutput(stdout: string, expected: ExpectedFacts): string[] {
	const parts = stdout.split(/^--8<--$/m).map((p) => p.trim());
	const failed: string[] = [];
	if (parts.length !== 5) return ['hostname', 'port', 'os', 'group', 'kernel'];
	const [hostname, sockets, version, groups, kernel] = parts as [string, string, string, string, string];
	if (hostname !== expected.hostname) failed.push('hostname');
	const listening = sockets.split('\n').some((line) => {
		const local = line.trim().split(/\s+/)[3] ?? '';
		return local === `${expected.bind}:${expected.port}` || local === `[${expected.bind}]:${expected.port}`;
	});
	if (!listening) failed.push('port');
	if (version !== expected.versionId) failed.push('os');
	if (!groups.split(/\s+/).includes(expected.group)) failed.push('group');
	if (kernel !== expected.kernel) failed.push('kernel');
	return failed;
}

/** Median of a non-empty list. */
export function median(values: readonly number[]): number {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Seconds with sensible precision. */
export function formatSeconds(ms: number | undefined): string {
	if (ms === undefined || Number.isNaN(ms)) return '—';
	const s = ms / 1000;
	return s < 10 ? `${s.toFixed(2)} s` : s < 100 ? `${s.toFixed(1)} s` : `${s.toFixed(0)} s`;
}

/** A ratio such as `1.08×`. */
export function formatRatio(value: number | undefined): string {
	if (value === undefined || !Number.isFinite(value)) return '—';
	return value < 10 ? `${value.toFixed(2)}×` : `${value.toFixed(0)}×`;
}

/** Command-line options of `npm run bench`. */
export interface BenchOptions {
	/** Repetitions per cell (median reported). */
	reps: number;
	/** Repetitions for the (slow) peers: Testinfra and Ansible. */
	peerReps: number;
	/** Fleet sizes. */
	sizes: number[];
	/** Added round-trip times, ms (0 = direct, no proxy). */
	rtts: number[];
	/** Largest N the peers (Testinfra, Ansible) run at: N pytest workers or forks cost ~60 MB each. */
	peerMax: number;
	/** Tool ids. */
	tools: string[];
	site: boolean;
	fleet: boolean;
	/** Run the whole runbook suite once (suite time and coverage, issue #18). */
	runbooks: boolean;
	siteReps: number;
	install: boolean;
	keepFleet: boolean;
	updateDocs: boolean;
	timeoutS: number;
	help: boolean;
}

/** Every tool id, in table order. */
export const TOOL_IDS = ['ssh2-floor', 'openssh', 'verifier', 'testinfra-n', 'testinfra', 'ansible'] as const;

/** Default fleet sizes. */
export const DEFAULT_SIZES = [1, 10, 50, 200];

/** Default added round-trip times, ms. */
export const DEFAULT_RTTS = [0, 40];

/** Default largest N for the peers. */
export const DEFAULT_PEER_MAX = 50;

export const USAGE = `npm run bench -- [options]

  --reps <n>          repetitions per measurement, the median is reported (default 3)
  --sizes <list>      fleet sizes (default ${DEFAULT_SIZES.join(',')}; the fleet is started once with the largest)
  --rtt <list>        added round-trip times in ms through the WAN proxy (default ${DEFAULT_RTTS.join(',')}; 0 = direct)
  --peer-max <n>      run Testinfra and Ansible only up to this N (default ${DEFAULT_PEER_MAX})
  --tools <list>      subset of ${TOOL_IDS.join(',')} (default all)
  --no-site           skip the site build / PDF / lint timings
  --no-fleet          skip the fleet benchmark (site timings only)
  --no-runbooks       skip the runbook suite (its time and the coverage of the command blocks)
  --site-reps <n>     repetitions for the site timings (default: --reps)
  --peer-reps <n>     repetitions for Testinfra and Ansible, ≤ --reps (default: --reps)
  --no-install        do not apt-get install the peers (Testinfra, xdist, Ansible) when missing
  --timeout <s>       give up one tool run after this many seconds (default 900)
  --keep-fleet        leave the lab fleet running afterwards
  --update-docs       write the table into docs/benchmarks.md
  --help`;

/** Parses `npm run bench` arguments. */
export function parseBenchArgs(argv: readonly string[]): BenchOptions {
	const options: BenchOptions = {
		reps: 3, peerReps: 0, sizes: [...DEFAULT_SIZES], rtts: [...DEFAULT_RTTS], peerMax: DEFAULT_PEER_MAX, tools: [...TOOL_IDS], site: true, fleet: true, runbooks: true, siteReps: 0,
		install: true, keepFleet: false, updateDocs: false, timeoutS: 900, help: false,
	};
	const positiveInt = (flag: string, value: string | undefined): number => {
		const n = Number(value);
		if (!value || !Number.isInteger(n) || n < 1) throw new Error(`${flag}: expected a whole number ≥ 1, got ${JSON.stringify(value ?? '')}`);
		return n;
	};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i]!;
		const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
		const value = () => inline ?? argv[++i];
		switch (flag) {
			case '--reps': options.reps = positiveInt(flag, value()); break;
			case '--site-reps': options.siteReps = positiveInt(flag, value()); break;
			case '--peer-reps': options.peerReps = positiveInt(flag, value()); break;
			case '--timeout': options.timeoutS = positiveInt(flag, value()); break;
			case '--sizes': {
				const raw = value() ?? '';
				options.sizes = raw.split(',').map((s) => positiveInt(flag, s.trim()));
				if (options.sizes.some((n) => n > 200)) throw new Error('--sizes: at most 200 hosts');
				break;
			}
			case '--peer-max': options.peerMax = positiveInt(flag, value()); break;
			case '--rtt': {
				const raw = (value() ?? '').split(',').map((x) => x.trim());
				options.rtts = raw.map((x) => {
					const n = Number(x);
					if (x === '' || !Number.isInteger(n) || n < 0 || n > 1000) throw new Error(`--rtt: expected whole milliseconds 0…1000, got ${JSON.stringify(x)}`);
					return n;
				});
				break;
			}
			case '--tools': {
				const raw = (value() ?? '').split(',').map((s) => s.trim()).filter(Boolean);
				const unknown = raw.filter((t) => !(TOOL_IDS as readonly string[]).includes(t));
				if (unknown.length || raw.length === 0) throw new Error(`--tools: unknown ${unknown.join(', ') || '(empty)'}; choose from ${TOOL_IDS.join(', ')}`);
				options.tools = TOOL_IDS.filter((t) => raw.includes(t));
				break;
			}
			case '--no-site': options.site = false; break;
			case '--no-fleet': options.fleet = false; break;
			case '--no-runbooks': options.runbooks = false; break;
			case '--no-install': options.install = false; break;
			case '--keep-fleet': options.keepFleet = true; break;
			case '--update-docs': options.updateDocs = true; break;
			case '--help': case '-h': options.help = true; break;
			default: throw new Error(`unknown option ${JSON.stringify(arg)}\n\n${USAGE}`);
		}
	}
	if (options.siteReps === 0) options.siteReps = options.reps;
	if (options.peerReps === 0 || options.peerReps > options.reps) options.peerReps = options.reps;
	options.sizes = [...new Set(options.sizes)].sort((a, b) => a - b);
	options.rtts = [...new Set(options.rtts)].sort((a, b) => a - b);
	return options;
}

/** One measured cell. */
export interface Cell {
	/** Median wall time, ms (undefined when skipped or failed). */
	ms?: number;
	/** All repetitions, ms. */
	runs: number[];
	/** Why there is no figure (tool missing, failed verification, timeout). */
	note?: string;
	/** Peak RSS of the tool's process per repetition, KiB (the verifier). */
	rssKb?: number[];
	/** Time from process start to the first connection per repetition, ms (the verifier). */
	firstConnectMs?: number[];
}

/** Labels of the fleet tools. */
export const TOOL_LABELS: Record<string, string> = {
	'ssh2-floor': 'floor: ssh2, 1 batched exec/host',
	openssh: 'floor: OpenSSH ssh ×N in parallel',
	verifier: 'this verifier',
	'testinfra-n': 'Testinfra (ssh, -n N)',
	testinfra: 'Testinfra (ssh, serial)',
	ansible: 'Ansible (forks = N, asserts)',
};

/** A Markdown table with aligned columns. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[], align: readonly ('l' | 'r')[] = []): string {
	const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
	const pad = (s: string, i: number) => (align[i] === 'r' ? s.padStart(widths[i]!) : s.padEnd(widths[i]!));
	const line = (cells: readonly string[]) => `| ${cells.map((c, i) => pad(c, i)).join(' | ')} |`;
	const rule = `| ${widths.map((w, i) => (align[i] === 'r' ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
	return [line(header), rule, ...rows.map(line)].join('\n');
}

/** The fleet results as tables: wall times, then ratios. */
export function fleetTables(results: Record<string, Record<number, Cell>>, sizes: readonly number[], tools: readonly string[]): string {
	const header = ['tool', ...sizes.map((n) => `N = ${n}`)];
	const align = ['l', ...sizes.map(() => 'r' as const)] as ('l' | 'r')[];
	const time = tools.map((t) => [TOOL_LABELS[t] ?? t, ...sizes.map((n) => {
		const cell = results[t]?.[n];
		return cell?.ms !== undefined ? formatSeconds(cell.ms) : cell?.note ? 'skipped¹' : '—';
	})]);
	const ratio = (a: string, b: string, n: number) => {
		const x = results[a]?.[n]?.ms;
		const y = results[b]?.[n]?.ms;
		return x !== undefined && y !== undefined ? x / y : undefined;
	};
	const ratioRows: string[][] = [];
	const add = (label: string, a: string, b: string) => {
		if (!tools.includes(a) || !tools.includes(b)) return;
		ratioRows.push([label, ...sizes.map((n) => formatRatio(ratio(a, b, n)))]);
	};
	add('verifier ÷ ssh2 floor', 'verifier', 'ssh2-floor');
	add('verifier ÷ OpenSSH floor', 'verifier', 'openssh');
	add('OpenSSH floor ÷ ssh2 floor', 'openssh', 'ssh2-floor');
	add('Testinfra -n ÷ verifier (target ≥ 15× at N = 50)', 'testinfra-n', 'verifier');
	add('Testinfra serial ÷ verifier', 'testinfra', 'verifier');
	add('Ansible ÷ verifier (target ≥ 25× at N = 50)', 'ansible', 'verifier');
	add('Testinfra -n ÷ OpenSSH floor', 'testinfra-n', 'openssh');
	add('Ansible ÷ OpenSSH floor', 'ansible', 'openssh');
	const verifierCells = sizes.map((n) => results['verifier']?.[n]);
	if (verifierCells.some((c) => c?.rssKb?.length)) {
		ratioRows.push(['verifier peak RSS (max of reps)', ...verifierCells.map((c) => (c?.rssKb?.length ? `${(Math.max(...c.rssKb) / 1024).toFixed(0)} MiB` : '—'))]);
	}
	if (verifierCells.some((c) => c?.firstConnectMs?.length)) {
		ratioRows.push(['verifier: time to first connection (median)', ...verifierCells.map((c) => (c?.firstConnectMs?.length ? formatSeconds(median(c.firstConnectMs)) : '—'))]);
	}
	const notes = tools.flatMap((t) => sizes.flatMap((n) => (results[t]?.[n]?.note ? [`${TOOL_LABELS[t] ?? t}, N = ${n}: ${results[t][n].note}`] : [])));
	return [
		markdownTable(header, time, align),
		'',
		ratioRows.length ? markdownTable(['ratio', ...sizes.map((n) => `N = ${n}`)], ratioRows, align) : '',
		notes.length ? `\n¹ ${[...new Set(notes)].join('\n¹ ')}` : '',
	].join('\n').trim();
}

/**
 * Replaces the text between `<!-- bench:NAME:start -->` and `<!-- bench:NAME:end -->`.
 *
 * @param text
 *   The document.
 * @param name
 *   Block name.
 * @param body
 *   New content.
 * @returns
 *   The document, changed when the block exists.
 */
export function replaceBlock(text: string, name: string, body: string): string {
	const re = new RegExp(`<!-- bench:${name}:start -->[\\s\\S]*?<!-- bench:${name}:end -->`);
	return text.replace(re, () => `<!-- bench:${name}:start -->\n${body}\n<!-- bench:${name}:end -->`);
}

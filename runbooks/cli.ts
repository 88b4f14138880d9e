/**
 * `npm run runbooks -- [options]`: runs the runbooks of the site against the lab twins and writes
 * reports/runbooks.json. There is no option to point it at anything but the lab.
 *
 * Exit codes (as the verifier's): 0 every runbook passed (skips have typed reasons), 1 a step or runbook
 * failed, 2 a twin could not be reached, 3 usage or configuration error (a non-lab target, an unbound
 * placeholder, German and English commands that differ, a bad annotation or spec).
 */
import { parseArgs } from 'node:util';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { loadCatalog } from './catalog.ts';
import { coverage } from './coverage.ts';
import { assertLabTarget, loadLabInventory, NotLabError } from './target.ts';
import { runSuite } from './suite.ts';
import { labHooks } from './lab.ts';
import { isRunbookReporter, RUNBOOK_REPORTERS, type RunbookReporterName } from './reporters/index.ts';
import { RunbookReportSchema, type RunbookReport } from '../model/report/runbooks.ts';
import { closeAll } from '../verifiers/transport/ssh.ts';

const HELP = `Usage: npm run runbooks -- [options]

  --runbook <id>        only this runbook (repeatable), e.g. norda/runbooks/logs
  --reporter <list>     comma-separated name[:file]; names: terminal, json, junit
                        default: terminal,json:reports/runbooks.json
  --list                list the runbooks and their steps, run nothing
  --check               check annotations, specs and German/English parity only (no lab)
  --coverage            print the coverage of the last report (reports/runbooks.json) per estate and language
  --root <dir>          project root (default: current directory)

The runner runs only against the lab twins (npm run lab -- up); any other target is refused.
Exit codes: 0 passed, 1 a runbook failed, 2 a twin unreachable, 3 usage/configuration error.
`;

/** Exit codes. */
export const EXIT = { ok: 0, failed: 1, unreachable: 2, config: 3 } as const;

function fail(message: string): never {
	process.stderr.write(`runbooks: ${message}\n`);
	process.exit(EXIT.config);
}

async function main(argv: string[]): Promise<number> {
	let args;
	try {
		args = parseArgs({ args: argv, strict: true, options: { runbook: { type: 'string', multiple: true }, reporter: { type: 'string', multiple: true }, target: { type: 'string' }, list: { type: 'boolean' }, check: { type: 'boolean' }, coverage: { type: 'boolean' }, root: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }).values;
	} catch (e) {
		fail(`${(e as Error).message}\n${HELP}`);
	}
	if (args.help) {
		process.stdout.write(HELP);
		return EXIT.ok;
	}
	const root = resolve(args.root ?? process.cwd());
	// twins only: a target other than the lab is refused before anything is read or connected
	assertLabTarget(args.target ?? process.env.VERIFY_TARGET);
	const reporters: { name: RunbookReporterName; file?: string }[] = [];
	for (const item of (args.reporter ?? ['terminal,json:reports/runbooks.json']).join(',').split(',').filter(Boolean)) {
		const [name = '', file] = item.split(/:(.*)/s);
		if (!isRunbookReporter(name)) fail(`unknown reporter ${JSON.stringify(name)} (terminal, json, junit)`);
		reporters.push({ name, ...(file ? { file } : {}) });
	}
	const catalog = loadCatalog(root);
	let suite = catalog.runbooks.filter((r) => r.inSuite);
	if (args.runbook?.length) {
		const unknown = args.runbook.filter((id) => !suite.some((r) => r.id === id));
		if (unknown.length) fail(`no runbook ${unknown.join(', ')}; runbooks: ${suite.map((r) => r.id).join(', ')}`);
		suite = suite.filter((r) => args.runbook!.includes(r.id));
	}
	// a selection is blocked only by the problems of its own pages and specs
	const files = new Set(suite.flatMap((r) => [...r.files, r.specFile]));
	const problems = args.runbook?.length ? catalog.problems.filter((p) => files.has(p.file)) : catalog.problems;
	if (problems.length) {
		for (const p of problems) process.stderr.write(`${p.file}:${p.line}: ${p.message}\n`);
		process.stderr.write(`runbooks: ${problems.length} problem(s) in the runbooks; nothing was run.\n`);
		return EXIT.config;
	}
	if (args.coverage) {
		let last: RunbookReport | undefined;
		try {
			last = RunbookReportSchema.parse(JSON.parse(readFileSync(join(root, 'reports/runbooks.json'), 'utf8')));
		} catch {
			fail('no valid reports/runbooks.json: run npm run runbooks first');
		}
		for (const r of coverage(catalog, last)) {
			process.stdout.write(`${r.estate.padEnd(12)} ${r.lang}  ${String(r.executed).padStart(3)} of ${String(r.blocks).padStart(3)} user@host blocks executed (${r.percent} %), skipped: ${Object.entries(r.skipped).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}, not run: ${r.notRun}\n`);
		}
		return EXIT.ok;
	}
	if (args.list || args.check) {
		if (args.list) for (const r of suite) process.stdout.write(`${r.id}${r.destructive ? ' (destructive)' : ''}\n${r.steps.map((s) => `  ${String(s.index).padStart(2)} ${s.file}:${s.line} ${s.session.user}@${s.session.host} ${s.mode}${s.reason ? `:${s.reason}` : ''}`).join('\n')}\n`);
		else if (catalog.warnings.length) {
			// pages outside the suite: a reader still copies their blocks, so their problems fail the check too
			for (const w of catalog.warnings) process.stderr.write(`${w.file}:${w.line}: ${w.message}\n`);
			process.stderr.write(`runbooks: ${catalog.warnings.length} problem(s) on pages outside the suite (add a spec under runbooks/specs/ to run them)\n`);
			return EXIT.config;
		} else process.stdout.write(`runbooks: ${suite.length} runbooks, ${suite.reduce((n, r) => n + r.steps.length, 0)} steps, annotations and parity ok (pages outside the suite too)\n`);
		return EXIT.ok;
	}
	const inventory = await loadLabInventory(root);
	const { report, unreachable } = await runSuite(suite, {
		inventory,
		complete: !args.runbook?.length,
		log: (l) => process.stderr.write(`${l}\n`),
		lab: labHooks(root),
	});
	await closeAll();
	let saved: RunbookReport = report;
	if (args.runbook?.length) {
		// a partial run keeps the other runbooks' last results
		try {
			const prev = RunbookReportSchema.parse(JSON.parse(readFileSync(join(root, 'reports/runbooks.json'), 'utf8')));
			saved = { ...report, runbooks: [...prev.runbooks.filter((r) => !report.runbooks.some((n) => n.id === r.id)), ...report.runbooks].sort((a, b) => a.id.localeCompare(b.id)) };
		} catch {
			/* no previous report */
		}
	}
	for (const r of reporters) {
		const text = RUNBOOK_REPORTERS[r.name](r.file ? saved : report);
		if (r.file) {
			const file = resolve(root, r.file);
			mkdirSync(dirname(file), { recursive: true });
			writeFileSync(file, text);
		} else process.stdout.write(text);
	}
	if (unreachable) {
		process.stderr.write(`runbooks: ${unreachable}\n`);
		return EXIT.unreachable;
	}
	return report.runbooks.some((r) => r.status === 'failed') ? EXIT.failed : EXIT.ok;
}

main(process.argv.slice(2)).then(
	(code) => process.exit(code),
	(e) => {
		if (e instanceof NotLabError) fail(e.message);
		process.stderr.write(`runbooks: ${(e as Error).stack ?? e}\n`);
		process.exit(EXIT.config);
	},
);

/**
 * Measures what the fact lint adds to a build: `node bench/lint.ts [runs]`.
 * Astro parses every page anyway, so the overhead is the store load (once per
 * process, shared with the fact components) plus the lint of each parsed tree.
 * Parsing is timed separately for comparison.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadFactStore } from '../model/facts/store.ts';
import { lintPage } from '../src/lint/lint.ts';
import { readPageFacts } from '../src/lint/page-facts.ts';
import { parsePage } from '../src/lint/parse.ts';
import { collectFiles, siteFactList } from '../src/lint/site.ts';

const root = process.cwd();
const runs = Number(process.argv[2] ?? 5);
const files = collectFiles(join(root, 'content', 'docs'));

// CPU time as well as wall time: on a shared machine wall time mostly measures the neighbours
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
let t = performance.now();
let c = cpu();
const store = loadFactStore(root);
const storeMs = performance.now() - t;
const storeCpuMs = cpu() - c;

const pages = files.map((abs) => {
	const file = relative(root, abs);
	const source = readFileSync(abs, 'utf8');
	const own = readPageFacts(file, source);
	t = performance.now();
	const { tree, text } = parsePage(source, abs);
	return { file, text, tree, own, parseMs: performance.now() - t };
});
const parseMs = pages.reduce((s, p) => s + p.parseMs, 0);

const facts = siteFactList(store);
const lintTimes: number[] = [];
const lintCpu: number[] = [];
let findings = 0;
for (let r = 0; r < runs; r++) {
	t = performance.now();
	c = cpu();
	findings = 0;
	for (const p of pages) findings += lintPage({ file: p.file, source: p.text, tree: p.tree, estate: p.own.estate, ...(p.own.host ? { defaultHost: p.own.host } : {}), lintAllow: p.own.lintAllow, facts }).length;
	lintTimes.push(performance.now() - t);
	lintCpu.push(cpu() - c);
}
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const first = lintTimes[0]!;
const median = [...lintTimes].sort((a, b) => a - b)[Math.floor(lintTimes.length / 2)]!;
console.log(JSON.stringify({
	pages: files.length, facts: store.facts.size, findings,
	storeLoadMs: +storeMs.toFixed(1), parseMs: +parseMs.toFixed(1),
	lintFirstRunMs: +first.toFixed(1), lintMedianMs: +median.toFixed(1),
	overheadColdMs: +(storeMs + first).toFixed(1),
	cpu: { storeLoadMs: +storeCpuMs.toFixed(1), lintFirstRunMs: +lintCpu[0]!.toFixed(1), lintMedianMs: +med(lintCpu).toFixed(1), overheadColdMs: +(storeCpuMs + lintCpu[0]!).toFixed(1) },
}, null, 2));

/**
 * `npm run lint:docs [-- paths…] [--format stylish|json|github] [--rule id]…`
 * Lints content/docs (or the given files/folders) against the declared facts.
 * Exit code 1 when there is an error; warnings do not fail.
 */
import { parseArgs } from 'node:util';
import { FORMATTERS, counts, type FormatterName } from './formatters/index.ts';
import { RULES } from './rules/index.ts';
import { lintPaths } from './site.ts';

const { values, positionals } = parseArgs({
	allowPositionals: true,
	options: {
		format: { type: 'string', short: 'f', default: 'stylish' },
		rule: { type: 'string', multiple: true },
		quiet: { type: 'boolean', short: 'q', default: false },
		help: { type: 'boolean', short: 'h', default: false },
	},
});

if (values.help) {
	console.log(`Usage: npm run lint:docs -- [paths…] [--format ${Object.keys(FORMATTERS).join('|')}] [--rule <id>]… [--quiet]\n\nRules:\n${RULES.map((r) => `  ${r.id.padEnd(22)} ${r.meta.description}`).join('\n')}`);
	process.exit(0);
}
const format = values.format;
if (!(format in FORMATTERS)) {
	console.error(`Expected --format to be one of ${Object.keys(FORMATTERS).join(', ')}, got: ${format}`);
	process.exit(2);
}
const known = RULES.map((r) => r.id);
for (const r of values.rule ?? []) {
	if (!known.includes(r)) {
		console.error(`Expected --rule to be one of ${known.join(', ')}, got: ${r}`);
		process.exit(2);
	}
}

const run = lintPaths(process.cwd(), positionals.length ? positionals : ['content/docs'], { rules: values.rule });
const results = values.quiet ? run.results.map((r) => ({ ...r, findings: r.findings.filter((f) => f.severity === 'error') })) : run.results;
const text = format === 'stylish' ? FORMATTERS.stylish(results, process.stdout.isTTY) : FORMATTERS[format as FormatterName](results);
if (text) console.log(text);
const { errors } = counts(run.results);
if (format === 'stylish') console.error(`Linted ${run.files} pages in ${Math.round(run.durationMs)} ms`);
process.exitCode = errors ? 1 : 0;

/** Every built-in reporter, imported at once (for tests and tools that render them all; the CLI loads one by one through `index.ts`). */
import type { Reporter, ReporterName } from './index.ts';
import { terminalReporter } from './terminal.ts';
import { jsonReporter } from './json.ts';
import { junitReporter } from './junit.ts';
import { githubReporter } from './github.ts';
import { markdownReporter } from './markdown.ts';

/** Built-in reporters by name. */
export const ReportersMap = {
	terminal: terminalReporter,
	json: jsonReporter,
	junit: junitReporter,
	github: githubReporter,
	markdown: markdownReporter,
} as const satisfies Record<ReporterName, Reporter>;

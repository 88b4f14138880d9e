/** The explicit reporter registry: the CLI flag is the map key. */
import type { VerifyReport } from '../../model/report/schema.ts';
import { terminalReporter, type TerminalOptions } from './terminal.ts';
import { jsonReporter } from './json.ts';
import { junitReporter } from './junit.ts';
import { githubReporter } from './github.ts';
import { markdownReporter } from './markdown.ts';

/** Options every reporter accepts (each reads what it needs). */
export type ReporterOptions = TerminalOptions;

/** A pure formatter. */
export type Reporter = (report: VerifyReport, options?: ReporterOptions) => string;

/** Built-in reporters by name. */
export const ReportersMap = {
	terminal: terminalReporter,
	json: jsonReporter,
	junit: junitReporter,
	github: githubReporter,
	markdown: markdownReporter,
} as const satisfies Record<string, Reporter>;

/** A reporter name. */
export type ReporterName = keyof typeof ReportersMap;

/** `true` for a built-in reporter name. */
export const isReporterName = (s: string): s is ReporterName => Object.hasOwn(ReportersMap, s);

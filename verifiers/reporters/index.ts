/**
 * The reporter registry: the CLI flag is the key. Reporters are imported on first use,
 * so a run loads only the formatters it prints (`all.ts` has them all, eagerly).
 */
import type { VerifyReport } from '../../model/report/schema.ts';
import type { TerminalOptions } from './terminal.ts';

/** Options every reporter accepts (each reads what it needs). */
export type ReporterOptions = TerminalOptions;

/** A pure formatter. */
export type Reporter = (report: VerifyReport, options?: ReporterOptions) => string;

/** Loaders of the built-in reporters by name. */
const LOADERS = {
	terminal: async () => (await import('./terminal.ts')).terminalReporter,
	json: async () => (await import('./json.ts')).jsonReporter,
	junit: async () => (await import('./junit.ts')).junitReporter,
	github: async () => (await import('./github.ts')).githubReporter,
	markdown: async () => (await import('./markdown.ts')).markdownReporter,
} as const satisfies Record<string, () => Promise<Reporter>>;

/** A reporter name. */
export type ReporterName = keyof typeof LOADERS;

/** The reporter names, in help order. */
export const REPORTER_NAMES = Object.keys(LOADERS) as ReporterName[];

/** `true` for a built-in reporter name. */
export const isReporterName = (s: string): s is ReporterName => Object.hasOwn(LOADERS, s);

/**
 * Imports a reporter.
 *
 * @param name
 *   Reporter name.
 * @returns
 *   The formatter.
 */
export function loadReporter(name: ReporterName): Promise<Reporter> {
	return LOADERS[name]();
}

/**
 * Astro integration: runs the same `verify()` as the CLI at `astro:build:start`, so a
 * build of docs that disagree with the servers stops before rendering.
 *
 * Mode (option, else `VERIFY` env): `strict` fails on drift or unverified facts, `warn`
 * logs them, `off` skips. Defaults: `off` for `astro dev`; for `astro build` `strict` when
 * the target's inventory exists, else `off` with a warning (offline builds stay possible).
 */
import type { AstroIntegration } from 'astro';
import { AstroError } from 'astro/errors';
import { fileURLToPath } from 'node:url';
import { join, relative } from 'node:path';
import { z } from 'astro/zod';
import { verify } from './run.ts';
import { failingFindings } from './policy.ts';
import { jsonReporter } from './reporters/json.ts';
import { markdownReporter } from './reporters/markdown.ts';
import { escapeText, summaryText, where } from './reporters/shared.ts';
import { writeFileAtomic } from '../lib/fsutil.ts';
import { VerifierConfigError } from './errors.ts';
import type { Finding, VerifyReport } from '../model/report/schema.ts';
import { resolveTarget } from './inventory/load.ts';

const ModeSchema = z.enum(['strict', 'warn', 'off'], { error: (i) => `VERIFY mode must be one of strict, warn, off, got: ${JSON.stringify(i.input)}` });

/** Options of the integration. */
export const VerifierIntegrationOptionsSchema = z.strictObject({
	/** `strict`, `warn` or `off`. @default from `VERIFY`, else see module doc */
	mode: ModeSchema.optional(),
	/** Target name or inventory path. @default `VERIFY_TARGET`, else `lab` */
	target: z.string().optional(),
	/** Where the JSON report is written, relative to the project root. @default reports/verify.json */
	reportFile: z.string().default('reports/verify.json'),
	/** How many findings the failure message lists. @default 10 */
	maxListed: z.number().int().min(1).max(100).default(10),
});

/** Input options. */
export type VerifierIntegrationOptions = z.input<typeof VerifierIntegrationOptionsSchema>;

/**
 * Decides the mode (pure).
 * @param command
 *   `dev`, `build`, `preview`, `sync`.
 * @param option
 *   Mode from the integration options.
 * @param env
 *   `VERIFY` value.
 * @param hasInventory
 *   Whether the target's inventory exists.
 */
export function decideMode(command: string, option: string | undefined, env: string | undefined, hasInventory: () => boolean): { mode: 'strict' | 'warn' | 'off'; reason: string } {
	const explicit = option ?? (env && env.trim() ? env.trim() : undefined);
	if (explicit !== undefined) {
		const r = ModeSchema.safeParse(explicit);
		if (!r.success) throw new AstroError(r.error.issues[0]!.message, 'Set VERIFY=strict, VERIFY=warn or VERIFY=off (or the integration option `mode`).');
		return { mode: r.data, reason: option ? 'integration option' : 'VERIFY' };
	}
	if (command !== 'build') return { mode: 'off', reason: `default for astro ${command}` };
	return hasInventory() ? { mode: 'strict', reason: 'default for astro build (target inventory found)' } : { mode: 'off', reason: 'no target inventory' };
}

/** The integration. */
export function verifierIntegration(options: VerifierIntegrationOptions = {}): AstroIntegration {
	const parsed = VerifierIntegrationOptionsSchema.safeParse(options);
	if (!parsed.success) throw new AstroError(`Invalid verifier options: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, 'See verifiers/integration.ts for the options.');
	const opts = parsed.data;
	let root = process.cwd();
	let command = 'build';
	return {
		name: 'verified-runbooks:verifier',
		hooks: {
			'astro:config:setup': ({ config, command: cmd }) => {
				root = fileURLToPath(config.root);
				command = cmd;
			},
			'astro:build:start': async ({ logger }) => {
				const log = logger.fork('verifier');
				const env = process.env;
				const { mode, reason } = decideMode(command, opts.mode, env.VERIFY, () => {
					try { resolveTarget(opts.target, { root, env }); return true; } catch { return false; }
				});
				if (mode === 'off') {
					if (reason === 'no target inventory') log.warn('verification skipped: no target inventory (start the lab with `npm run lab -- up`, or set VERIFY_TARGET); set VERIFY=off to silence this');
					else log.info(`verification off (${reason})`);
					return;
				}
				const started = performance.now();
				let report;
				try {
					report = await verify({ root, ...(opts.target ? { target: opts.target } : {}), env });
				} catch (e) {
					if (e instanceof VerifierConfigError) {
						const text = `${e.message}${e.details.length ? `:\n  ${e.details.slice(0, opts.maxListed).join('\n  ')}` : ''}`;
						if (mode === 'warn') { log.warn(text); return; }
						throw new AstroError(`Verifier configuration error: ${text}`, e.hint || 'Run `npm run verify` for details.');
					}
					throw e;
				}
				const file = join(root, opts.reportFile);
				writeFileAtomic(file, jsonReporter(report));
				writeFileAtomic(file.replace(/\.json$/, '') + '.md', markdownReporter(report));
				const rel = relative(root, file);
				const secs = ((performance.now() - started) / 1000).toFixed(1);
				log.info(`${summaryText(report)} on ${report.hosts.filter((h) => h.state === 'reached').length} hosts of target ${report.target} in ${secs} s (report: ${rel})`);
				// the same findings in both modes: strict fails the build with them, warn only lists them
				const bad = failingFindings(report, 'strict');
				if (!bad.length) return;
				const listed = bad.slice(0, opts.maxListed).map((f) => `${where(f)} — ${escapeText(f.message)}`);
				const more = bad.length > listed.length ? `\n  … and ${bad.length - listed.length} more` : '';
				if (mode === 'warn') {
					for (const l of listed) log.warn(l);
					if (more) log.warn(more.trim());
					return;
				}
				throw verificationFailure(report, bad, { reportFile: rel, maxListed: opts.maxListed });
			},
		},
	};
}

/**
 * The error a strict build stops with when facts disagree with the servers or could
 * not be checked. Astro replaces the hint of any error whose `toString()` mentions
 * "document" or "window" with its "Browser APIs are not available on the server"
 * advice (`generateHint` in astro/dist/core/errors/dev/utils.js), and finding messages
 * say "documented" all the time; so this error's `toString()` is only its name, and it
 * carries no stack (the stack would point into this file, which is not the problem).
 */
export class VerificationFailedError extends AstroError {
	override name = 'VerificationFailed';
	/** Only the name: keeps Astro's browser-API hint heuristic off our message. */
	override toString(): string {
		return this.name;
	}
}

/**
 * Builds the strict-mode failure (pure): what disagrees, where each fact is declared,
 * and a hint in our words — fix the page or the server, `VERIFY=warn` to build anyway,
 * where the report is.
 * @param report
 *   The run's report.
 * @param bad
 *   The failing findings (non-empty).
 * @param options
 *   `reportFile`: the JSON report's path relative to the project root; `maxListed`: how many findings to list.
 */
export function verificationFailure(report: VerifyReport, bad: readonly Finding[], options: { reportFile: string; maxListed: number }): VerificationFailedError {
	const { reportFile, maxListed } = options;
	const listed = bad.slice(0, maxListed).map((f) => `${where(f)} — ${escapeText(f.message)}`);
	const more = bad.length > listed.length ? `\n  … and ${bad.length - listed.length} more` : '';
	const drift = bad.filter((f) => f.outcome !== 'unverified').length;
	const unverified = bad.length - drift;
	const parts = [
		drift ? `${drift} fact${drift === 1 ? '' : 's'} on the pages disagree${drift === 1 ? 's' : ''} with the servers` : '',
		unverified ? `${unverified} fact${unverified === 1 ? '' : 's'} could not be checked` : '',
	].filter(Boolean);
	const markdown = reportFile.replace(/\.json$/, '') + '.md';
	const hint = [
		drift ? 'Fix the page (the file and line above) if the server is right, or fix the server if the page is right; then build again.' : '',
		unverified ? 'A fact that could not be checked usually means a host was unreachable or the SSH key was refused: run `npm run lab -- up` (lab) or check the target\'s access, then build again.' : '',
		'To build the site anyway and show the problems on its pages, run the build with VERIFY=warn (VERIFY=off skips the check).',
		`Full report: ${reportFile} (readable: ${markdown}); after a VERIFY=warn build also on the site at /en/verification/report/ and /de/verification/report/.`,
	].filter(Boolean).join('\n');
	const error = new VerificationFailedError(`Verification failed (target ${escapeText(report.target)}): ${parts.join(', ')}.\n  ${listed.join('\n  ')}${more}`, hint);
	error.stack = '';
	return error;
}

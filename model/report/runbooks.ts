/**
 * The runbook runner's JSON report (`reports/runbooks.json`, also `--reporter json:FILE`): a versioned
 * contract read by the site (badges and step marks on runbook pages, the PDF) and by CI. The types are
 * the schema's output, so the writer (`runbooks/`) and the readers (`src/`) share one definition.
 */
import { z } from 'astro/zod';

/** Version of the runbook report contract. */
export const RUNBOOK_REPORT_VERSION = 1 as const;

/** Outcome of one step. */
export const StepStatusSchema = z.enum(['passed', 'failed', 'skipped', 'stub', 'not-run'], {
	error: 'must be one of: passed, failed, skipped, stub, not-run',
});
/**
 * Outcome of one step: `stub` = it ran, but what it calls is only a stand-in on the twin (never a pass).
 * @public (part of the shared model's types)
 */
export type StepStatus = z.output<typeof StepStatusSchema>;

/** Outcome of one runbook. */
export const RunbookStatusSchema = z.enum(['passed', 'failed', 'skipped', 'not-run']);
/**
 * Outcome of one runbook (`failed` also when no step executed).
 * @public (part of the shared model's types)
 */
export type RunbookStatus = z.output<typeof RunbookStatusSchema>;

const TimeSchema = z.string().refine((s) => !Number.isNaN(Date.parse(s)), { error: 'must be an ISO time' });

/** One command block. */
export const StepResultSchema = z.object({
	/** Content path of the English page (the German line is in `lines.de`). */
	file: z.string(),
	/** Page line of the opening fence in `file`. */
	line: z.number().int(),
	/** Lines of the fence in both languages. */
	lines: z.object({ de: z.number().int(), en: z.number().int() }).optional(),
	/** 1-based position among the page's command blocks. */
	index: z.number().int().optional(),
	/** Hash of the block's commands and annotations (a page whose block hash differs shows "changed since the last run"). */
	hash: z.string().optional(),
	/** `user@host` the block ran as. */
	session: z.string(),
	/** Outcome. */
	status: StepStatusSchema,
	/** Why it failed, was skipped (typed reason key, e.g. `lab-gap`), or is a stub. */
	reason: z.string().optional(),
	/** Free-text detail of the reason (what the twin lacks, what failed). */
	detail: z.string().optional(),
	/** Exit status of the block. */
	exitCode: z.number().int().optional(),
	/** Short diff of expected lines against numbered output lines (failures only; secrets never included). */
	diff: z.string().optional(),
	/** Wall time in ms. */
	durationMs: z.number(),
});
/** One command block's result. */
export type StepResult = z.output<typeof StepResultSchema>;

/** One runbook (a German/English page pair, run once). */
export const RunbookResultSchema = z.object({
	/** Page path under the language folder, e.g. `norda/runbooks/backup-restore`. */
	id: z.string(),
	/** English title. */
	title: z.string(),
	/** Titles per language. */
	titles: z.object({ de: z.string(), en: z.string() }).optional(),
	/** Content paths of both language versions. */
	files: z.array(z.string()),
	/** True when a step is annotated destructive (ran on a freshly reset twin). */
	destructive: z.boolean(),
	/** Outcome. */
	status: RunbookStatusSchema,
	/** Why the runbook failed outside a step (setup, reset, readiness, no executed step). */
	error: z.string().optional(),
	/** Wall time in ms (reset and readiness included). */
	durationMs: z.number(),
	/** Steps in page order. */
	steps: z.array(StepResultSchema),
});
/** One runbook's result. */
export type RunbookResult = z.output<typeof RunbookResultSchema>;

/** The whole report. */
export const RunbookReportSchema = z.object({
	/** Contract version. */
	version: z.literal(RUNBOOK_REPORT_VERSION),
	/** Always `lab`: the runner runs only against the twins. */
	target: z.literal('lab'),
	/** Start of the run. */
	startedAt: TimeSchema,
	/** End of the run. */
	finishedAt: TimeSchema,
	/** True when every runbook of the suite was run (no filter, no abort). */
	complete: z.boolean(),
	/** Step counts. */
	summary: z.object({ passed: z.number().int(), failed: z.number().int(), skipped: z.number().int(), stub: z.number().int(), notRun: z.number().int() }),
	/** Runbooks in suite order. */
	runbooks: z.array(RunbookResultSchema),
	/** Lab affordances the run relied on (e.g. passwordless sudo for jeff on the twin). */
	affordances: z.array(z.string()).optional(),
	/** Twins reset by the run. */
	resets: z.array(z.object({ host: z.string(), durationMs: z.number() })).optional(),
});
/** The runbook report. */
export type RunbookReport = z.output<typeof RunbookReportSchema>;

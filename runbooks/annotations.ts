/**
 * The runbook annotations on a code fence, next to `title="user@host"` (identical in the German and
 * English page). Closed set, validated with zod; pure, no I/O.
 *
 * ```bash title="maciejpi@nb-vps" test="destructive" exit="0" timeout="60s"
 * ```
 *
 * | key | values | default |
 * | --- | --- | --- |
 * | `test` | `run`, `destructive`, `follow`, `skip:<reason>` (reasons: {@link SKIP_REASONS}) | `run` (`dev@local` blocks run on the workstation twin dev-ws) |
 * | `exit` | `0`…`255`, `nonzero`, `any` | `0` (`any` for `follow`) |
 * | `timeout` | duration `500ms`, `30s`, `2m` | `30s` |
 * | `observe` | duration; only with `test="follow"`: how long the follow command is watched before SIGINT | up to `3s`, ending early once its output has been quiet for 0.5 s |
 * | `wait` | duration; a read-only check that is re-run (1 s apart) until it passes or the window ends (a service still starting) | none |
 * | `step` | kebab-case id the runbook spec refers to | the block's 1-based position on the page |
 */
import { z } from 'astro/zod';
import { SKIP_REASONS, isSkipReason, type SkipReason } from './reasons.ts';

/** Meta keys this module owns (everything else on the fence belongs to Expressive Code). */
export const ANNOTATION_KEYS = ['test', 'exit', 'timeout', 'observe', 'wait', 'step'] as const;

const DURATION = /^(\d+)(ms|s|m)$/;

/**
 * Milliseconds of a duration such as `500ms`, `30s`, `2m`.
 * @param text
 *   The duration.
 */
export function parseDuration(text: string): number {
	const m = DURATION.exec(text);
	if (!m) throw new Error(`not a duration: ${text}`);
	const n = Number(m[1]);
	return m[2] === 'ms' ? n : m[2] === 's' ? n * 1000 : n * 60_000;
}

const Duration = z
	.string()
	.regex(DURATION, { error: 'expected a duration such as 500ms, 30s or 2m' })
	.transform(parseDuration)
	.refine((ms) => ms > 0 && ms <= 600_000, { error: 'must be between 1ms and 10m' });

/** What to do with a step. */
export const TestModeSchema = z
	.string()
	.refine((v) => ['run', 'destructive', 'follow'].includes(v) || (v.startsWith('skip:') && isSkipReason(v.slice(5))), {
		error: `expected run, destructive, follow or skip:<reason> with reason one of ${SKIP_REASONS.join(', ')}`,
	})
	.transform((v): { mode: 'run' | 'destructive' | 'follow' } | { mode: 'skip'; reason: SkipReason } =>
		v.startsWith('skip:') ? { mode: 'skip', reason: v.slice(5) as SkipReason } : { mode: v as 'run' | 'destructive' | 'follow' },
	);

/** Expected exit status: a number, `nonzero` or `any`. */
export const ExitSchema = z
	.string()
	.regex(/^(\d{1,3}|nonzero|any)$/, { error: 'expected an exit status 0–255, nonzero or any' })
	.transform((v): number | 'nonzero' | 'any' => (/^\d+$/.test(v) ? Number(v) : (v as 'nonzero' | 'any')))
	.refine((v) => typeof v !== 'number' || v <= 255, { error: 'exit status must be 0–255' });

/** The annotations of one fence, as written (strings) and as used (parsed). */
export const AnnotationsSchema = z
	.strictObject({
		/** What to do with the step (default `run`). */
		test: TestModeSchema.optional(),
		/** Expected exit status, checked before the output. */
		exit: ExitSchema.optional(),
		/** Per-step timeout. */
		timeout: Duration.optional(),
		/** Observe window of a follow command (SIGINT after it). */
		observe: Duration.optional(),
		/** Re-run window of a read-only check (a service that is still starting). */
		wait: Duration.optional(),
		/** Stable id the runbook spec refers to. */
		step: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: 'expected a kebab-case id such as pg-load' }).optional(),
	})
	.refine((a) => a.observe === undefined || a.test?.mode === 'follow', { error: 'observe is only allowed with test="follow"', path: ['observe'] })
	.refine((a) => a.wait === undefined || a.test === undefined || a.test.mode === 'run', { error: 'wait is only allowed on read-only steps (test="run" or no test)', path: ['wait'] });

/** Parsed annotations. */
export type Annotations = z.output<typeof AnnotationsSchema>;

/**
 * Splits a fence meta string into key/value pairs (`key="v"`, `key='v'`, `key=v`; bare words are kept as `true`).
 * @param meta
 *   The text after the language on the opening fence.
 */
export function parseMeta(meta: string | null | undefined): Record<string, string> {
	const out: Record<string, string> = {};
	const re = /([A-Za-z][\w-]*)=(?:"([^"]*)"|'([^']*)'|(\S+))/g;
	for (let m = re.exec(meta ?? ''); m; m = re.exec(meta ?? '')) out[m[1] ?? ''] = m[2] ?? m[3] ?? m[4] ?? '';
	return out;
}

/** A `user@host` session named by a fence title. */
export interface SessionRef {
	/** Login user. */
	user: string;
	/** Documented host id (`local` for the workstation). */
	host: string;
}

/**
 * The session of a fence title `user@host`, or undefined when the title is not of that form.
 * @param title
 *   The `title` meta value.
 */
export function parseSession(title: string | undefined): SessionRef | undefined {
	const m = /^([a-z_][a-z0-9_-]*)@([a-z0-9][a-z0-9.-]*)$/.exec(title ?? '');
	return m?.[1] && m[2] ? { user: m[1], host: m[2] } : undefined;
}

/**
 * Validates the annotation keys of a fence meta.
 * @param meta
 *   Key/value pairs from {@link parseMeta}.
 * @returns
 *   The parsed annotations, or the problems (`key: message`).
 */
export function parseAnnotations(meta: Record<string, string>): { ok: true; value: Annotations } | { ok: false; errors: string[] } {
	const own: Record<string, string> = {};
	for (const k of ANNOTATION_KEYS) {
		const v = meta[k];
		if (v !== undefined) own[k] = v;
	}
	const r = AnnotationsSchema.safeParse(own);
	if (r.success) return { ok: true, value: r.data };
	return { ok: false, errors: r.error.issues.map((i) => `${i.path.join('.') || 'meta'}: ${i.message}`) };
}

/**
 * The language-neutral machinery of one runbook page: `runbooks/specs/<estate>/<section>/<page>.yaml`
 * (placeholder bindings, hidden setup, effect checks, lab gaps, stubs). One file for the German and the
 * English page. Validated with zod; every problem names file, line, field and what is allowed.
 *
 * ```yaml
 * version: 1
 * placeholders:
 *   YYYY-MM-DD: { run: "date +%F" }            # evaluated on the twin, in the step's session
 *   POSTGRES_PASSWORD: { secret: { file: /home/jeff/grocery-mate/.env, key: DB_PASSWORD } }
 * setup:
 *   - { session: maciejpi@nb-vps, run: "sudo -u postgres psql -d nordabiz -c 'create table …'" }
 * checks:
 *   - { after: "5", session: maciejpi@nb-vps, run: "…", expect: ["1"] }
 * labGaps: { "7": "the twin has no outbound internet for apt" }
 * stubs: { "3": "helper-scripts/backup_and_restore.sh only echoes in the twin" }
 * reverify: [nb-vps]
 * touches: [nb-vps]                          # twins that destructive dev@local steps change
 * ```
 */
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, isMap, isSeq, type Node } from 'yaml';
import { z } from 'astro/zod';

const SessionText = z.string().regex(/^[a-z_][a-z0-9_-]*@[a-z0-9][a-z0-9.-]*$/, { error: 'expected user@host, e.g. maciejpi@nb-vps' });
const StepRef = z.string().regex(/^([1-9][0-9]*|[a-z0-9]+(-[a-z0-9]+)*)$/, { error: 'expected a step: its 1-based position on the page or its step="…" id' });

/** How a placeholder gets its lab value. */
export const BindingSchema = z.union(
	[
		/** A literal lab value (never a secret). */
		z.strictObject({ value: z.string().min(1) }),
		/** Output of a command run in the step's session on the twin (first line, trimmed). */
		z.strictObject({ run: z.string().min(1) }),
		/** `KEY=value` read from a file on the twin; the value never leaves the twin. */
		z.strictObject({ secret: z.strictObject({ file: z.string().regex(/^\//, { error: 'expected an absolute path on the twin' }), key: z.string().regex(/^[A-Z_][A-Z0-9_]*$/) }) }),
	],
	{ error: 'expected { value: … }, { run: … } or { secret: { file, key } }' },
);

/** A hidden command of the spec (setup or effect check). */
export const HiddenSchema = z.strictObject({
	/** Session it runs in. */
	session: SessionText,
	/** Shell command (runs on the twin like a step). */
	run: z.string().min(1),
	/** Lines its output must contain (same matcher as `# Expected:`). */
	expect: z.array(z.string().min(1)).optional(),
	/** Why it exists (shown in the report). */
	note: z.string().optional(),
});

/** An effect check after a step. */
export const CheckSchema = HiddenSchema.extend({
	/** The step after which it runs. */
	after: StepRef,
});

/** The runbook spec file. */
export const RunbookSpecSchema = z.strictObject({
	/** Format version. */
	version: z.literal(1, { error: 'expected version: 1' }),
	/** Placeholder bindings, by name (`POSTGRES_PASSWORD`, `YYYY-MM-DD`). */
	placeholders: z.record(z.string().regex(/^([A-Z][A-Z0-9_]*|YYYY-MM-DD|YYYYMMDD_HHMMSS)$/, { error: 'expected a placeholder name such as POSTGRES_PASSWORD or YYYY-MM-DD' }), BindingSchema).default({}),
	/** Hidden setup before the first step (e.g. a canary row). */
	setup: z.array(HiddenSchema).default([]),
	/** Effect checks after steps (e.g. the canary row is back after the restore). */
	checks: z.array(CheckSchema).default([]),
	/** What the twin lacks, per step annotated `test="skip:lab-gap"`. */
	labGaps: z.record(StepRef, z.string().min(10, { error: 'name what the twin lacks (at least 10 characters)' })).default({}),
	/** Steps that call something the twin only stubs (reported as stub, never passed). */
	stubs: z.record(StepRef, z.string().min(5)).default({}),
	/** Hosts whose facts are verified again after the runbook (proof that a restart restored the service). */
	reverify: z.array(z.string().regex(/^[a-z0-9][a-z0-9.-]*$/)).default([]),
	/** Twins the runbook's destructive workstation steps (`dev@local`, e.g. a deploy with rsync and a restart over ssh) change: reset before the runbook and after the suite. */
	touches: z.array(z.string().regex(/^[a-z0-9][a-z0-9.-]*$/)).default([]),
});

/** A parsed runbook spec. */
export type RunbookSpec = z.output<typeof RunbookSpecSchema>;

/** A spec that cannot be used (message lists `file:line: field: problem`). */
export class SpecError extends Error {
	/** Always 'SpecError'. */
	override name = 'SpecError';
}

function locate(doc: ReturnType<typeof parseDocument>, counter: LineCounter, path: readonly PropertyKey[]): number | undefined {
	let node: unknown = doc.contents;
	let best = (node as Node | null)?.range?.[0];
	for (const key of path) {
		if (isMap(node)) {
			const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === key);
			if (!pair) break;
			best = (pair.key as Node).range?.[0] ?? best;
			node = pair.value;
		} else if (isSeq(node) && typeof key === 'number') {
			node = node.items[key];
			best = (node as Node | null)?.range?.[0] ?? best;
		} else break;
	}
	return best === undefined ? undefined : counter.linePos(best).line;
}

/**
 * Parses a spec text.
 * @param text
 *   YAML.
 * @param file
 *   Path shown in errors.
 * @throws
 *   SpecError naming file, line, field and what is allowed.
 */
export function parseSpec(text: string, file: string): RunbookSpec {
	const counter = new LineCounter();
	const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: true, prettyErrors: false });
	if (doc.errors.length) {
		throw new SpecError(doc.errors.map((e) => `${file}:${counter.linePos(e.pos[0]).line}: not valid YAML: ${e.message.split('\n')[0]}`).join('\n'));
	}
	const r = RunbookSpecSchema.safeParse(doc.toJS() ?? {});
	if (r.success) return r.data;
	throw new SpecError(
		r.error.issues
			.map((i) => {
				const keys = i.code === 'unrecognized_keys' ? i.keys : [];
				const path: PropertyKey[] = keys[0] !== undefined ? [...i.path, keys[0]] : i.path;
				const line = locate(doc, counter, path);
				// a bad record key carries the useful message on its inner issue
				const message = i.code === 'invalid_key' ? (i.issues[0]?.message ?? i.message) : i.message;
				return `${file}${line ? `:${line}` : ''}: ${path.map(String).join('.') || '(top level)'}: ${message}`;
			})
			.join('\n'),
	);
}

/**
 * Reads a spec file, or an empty spec when it does not exist.
 * @param file
 *   Absolute or project-relative path.
 */
export function loadSpec(file: string): RunbookSpec {
	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch {
		return RunbookSpecSchema.parse({ version: 1 });
	}
	return parseSpec(text, file);
}

/**
 * Reader for the labelled line format of the Docker `--format` templates
 * (`docker-templates.ts`): each line is a two-letter label followed by one JSON value; a
 * record starts at its first label. Pure; never throws.
 */
import { fail, MAX_ITEMS, ok, parseJson, type ParseResult } from './result.ts';

/** One record: every value seen per label, in order. */
export type LabelledRecord = Map<string, unknown[]>;

/**
 * Splits labelled lines into records.
 * @param input
 *   Section output.
 * @param first
 *   The label that starts a record (`CN`, `NN`, `VN`).
 * @param section
 *   Section name for error messages.
 */
export function readLabelled(input: string, first: string, section: string): ParseResult<LabelledRecord[]> {
	const out: LabelledRecord[] = [];
	let cur: LabelledRecord | undefined;
	for (const raw of input.split('\n')) {
		const line = raw.trimEnd();
		if (line === '') continue;
		const m = /^([A-Z]{2})(.*)$/.exec(line);
		if (!m) return fail(`${section}: unexpected line ${JSON.stringify(line.slice(0, 40))}`);
		const label = m[1]!;
		let value: unknown = '';
		if (m[2] !== '') {
			const j = parseJson(m[2]!);
			if (!j.ok) return fail(`${section}: ${label}: ${j.error}`);
			value = j.value;
		}
		if (label === first) {
			if (out.length >= MAX_ITEMS) break;
			out.push((cur = new Map<string, unknown[]>()));
		}
		if (!cur) return fail(`${section}: ${label} before the first ${first}`);
		const list = cur.get(label);
		if (list) list.push(value);
		else cur.set(label, [value]);
	}
	return ok(out);
}

/** The first value of `label` as a string ('' when absent or not a string). */
export function str(rec: LabelledRecord, label: string): string {
	const v = rec.get(label)?.[0];
	return typeof v === 'string' ? v : '';
}

/** Every string value of `label`. */
export function strs(rec: LabelledRecord, label: string): string[] {
	return (rec.get(label) ?? []).filter((v): v is string => typeof v === 'string');
}

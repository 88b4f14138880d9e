/** The result type every parser returns: parsers never throw on odd input. */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** Largest section output a parser accepts (bytes of text). */
export const MAX_SECTION_CHARS = 8 * 1024 * 1024;
/** Largest number of items (sockets, rules, containers, users…) kept from one section. */
export const MAX_ITEMS = 5000;
/** Longest string kept from host output. */
export const MAX_STRING = 300;

/** Success. */
export const ok = <T>(value: T): ParseResult<T> => ({ ok: true, value });
/** Failure with a short, bounded reason. */
export const fail = <T = never>(error: string): ParseResult<T> => ({ ok: false, error: bounded(error, 200) });

/** Cuts a string to `max` characters and removes control characters. */
export function bounded(s: unknown, max = MAX_STRING): string {
	const str = typeof s === 'string' ? s : s === undefined || s === null ? '' : String(s);
	// eslint-disable-next-line no-control-regex
	const clean = str.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, '');
	return clean.length > max ? clean.slice(0, max) + '…' : clean;
}

/**
 * Runs a parser on bounded input and turns any unexpected exception into a failure.
 * @param name
 *   Section name for the error text.
 * @param input
 *   Raw text.
 * @param fn
 *   The parser body.
 */
export function guard<T>(name: string, input: string, fn: (input: string) => ParseResult<T>): ParseResult<T> {
	if (typeof input !== 'string') return fail(`${name}: no output`);
	if (input.length > MAX_SECTION_CHARS) return fail(`${name}: output larger than ${MAX_SECTION_CHARS} characters`);
	try {
		return fn(input);
	} catch (e) {
		return fail(`${name}: ${(e as Error)?.message ?? 'unparsable'}`);
	}
}

/** Parses JSON without throwing. */
export function parseJson(text: string): ParseResult<unknown> {
	try {
		return ok(JSON.parse(text));
	} catch (e) {
		return fail(`invalid JSON: ${(e as Error).message}`);
	}
}

/** `true` for a plain object. */
export const isObj = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);

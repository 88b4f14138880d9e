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
	// Any host value becomes text here; '[object Object]' for an object is the intended harmless rendering.
	// eslint-disable-next-line @typescript-eslint/no-base-to-string -- see the line above
	const str = typeof s === 'string' ? s : s === undefined || s === null ? '' : String(s);
	// eslint-disable-next-line no-control-regex -- removing control characters is what bounded() does
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

/** Deepest JSON nesting a parser accepts (real probe output nests less than 10 levels). */
export const MAX_JSON_DEPTH = 64;

/**
 * The nesting depth of JSON text, counted outside strings (linear; stops past `limit`).
 * @param text
 *   JSON text.
 * @param limit
 *   Stop counting above this depth.
 */
export function jsonDepth(text: string, limit = MAX_JSON_DEPTH): number {
	let depth = 0, max = 0, inString = false;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (inString) {
			if (c === 92) i++; // backslash: skip the escaped character
			else if (c === 34) inString = false;
		} else if (c === 34) inString = true;
		else if (c === 91 || c === 123) {
			if (++depth > max && (max = depth) > limit) return max;
		} else if (c === 93 || c === 125) depth--;
	}
	return max;
}

/** Parses JSON without throwing; refuses absurd nesting (V8's JSON.parse takes seconds on megabytes of `[`). */
export function parseJson(text: string): ParseResult<unknown> {
	if (jsonDepth(text) > MAX_JSON_DEPTH) return fail(`invalid JSON: nested deeper than ${MAX_JSON_DEPTH} levels`);
	try {
		return ok(JSON.parse(text));
	} catch (e) {
		return fail(`invalid JSON: ${(e as Error).message}`);
	}
}

/** `true` for a plain object. */
export const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** `true` for an array (typed `unknown[]`, not `any[]`: every element still needs narrowing). */
export const isArr = (v: unknown): v is unknown[] => Array.isArray(v);
/** The value when it is an array, else `[]`. */
export const arr = (v: unknown): unknown[] => (isArr(v) ? v : []);

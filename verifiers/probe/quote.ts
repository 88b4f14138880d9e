/**
 * The one place where a string from a document becomes part of a shell command.
 * Every document string (unit names, paths) is validated by the fact schema first
 * and then quoted here; nothing else in the verifier interpolates into shell text.
 */

/** Characters a quoted word may contain: the schema already forbids NUL, CR and LF. */
const FORBIDDEN = /[\0\r\n]/;

/** Thrown when a value cannot be quoted safely (it should never pass the schema). */
export class UnsafeShellWordError extends Error {
	constructor(value: string) {
		super(`refusing to pass a value with NUL/CR/LF to the shell: ${JSON.stringify(value.slice(0, 80))}`);
		this.name = 'UnsafeShellWordError';
	}
}

/**
 * Quotes one word for POSIX sh: wraps it in single quotes and writes each `'` as `'\''`.
 * The result is always a single word and never expands anything.
 * @param value
 *   The raw word.
 */
export function shQuote(value: string): string {
	if (FORBIDDEN.test(value)) throw new UnsafeShellWordError(value);
	if (value.length > 4096) throw new UnsafeShellWordError(value);
	return singleQuoted(value);
}

/**
 * Quotes an argv for POSIX sh; words made only of safe characters are left bare
 * so the script stays readable (and sudoers lines match it verbatim).
 * @param argv
 *   Command and arguments.
 */
export function shJoin(argv: readonly string[]): string {
	return argv.map((a) => (/^[A-Za-z0-9_./:=,+@%-]+$/.test(a) ? a : shQuote(a))).join(' ');
}

/**
 * Quotes a whole script (our own text, its document strings already quoted by `shQuote`) as one word for
 * `sh -c`: newlines stay literal inside the single quotes. Only NUL cannot travel in an argument.
 * @param script
 *   The script.
 */
export function shQuoteScript(script: string): string {
	if (script.includes('\0')) throw new UnsafeShellWordError(script);
	return singleQuoted(script);
}

/** `value` in single quotes, each `'` written as `'\''`: one word that never expands anything. */
function singleQuoted(value: string): string {
	return `'${value.replaceAll("'", `'\\''`)}'`;
}

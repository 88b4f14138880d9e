/** User-fixable configuration problems (CLI exit code 3): message says what is wrong, hint what to do. */

/** A configuration or usage error: bad inventory, invalid facts, unknown target, bad options. */
export class VerifierConfigError extends Error {
	/** What to do about it. */
	readonly hint: string;
	/** Individual problems (`file:line — message`), when there are several. */
	readonly details: string[];
	constructor(message: string, hint = '', details: string[] = []) {
		super(message);
		this.name = 'VerifierConfigError';
		this.hint = hint;
		this.details = details;
	}
}

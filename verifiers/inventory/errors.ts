/**
 * The inventory's error type: a user-fixable configuration problem with file and line.
 */
import { TransportError } from '../transport/errors.ts';

/**
 * An invalid, missing or unknown inventory/target. `code` is always `config`
 * (CLI exit code 3). The message names the file, line and field and what is allowed.
 */
export class InventoryError extends TransportError {
	/** The inventory file (as shown), when known. */
	readonly file: string | undefined;
	/** 1-based line of the first problem, when known. */
	readonly line: number | undefined;

	/**
	 * @param message
	 *   What is wrong, with `file:line` and field.
	 * @param details
	 *   File, line and hint (what to do).
	 */
	constructor(message: string, details: { file?: string; line?: number; hint: string; cause?: unknown }) {
		super('config', message, { hint: details.hint, cause: details.cause });
		this.name = 'InventoryError';
		this.file = details.file;
		this.line = details.line;
	}
}

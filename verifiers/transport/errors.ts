/**
 * The transport's error type: a code the runner can branch on, a message saying what
 * is wrong (with host id and address) and a hint saying what to do.
 */
import type { TransportErrorCode } from './types.ts';

/** Details of a `TransportError`. */
export interface TransportErrorDetails {
	/** Inventory host id (or hop label). */
	host?: string;
	/** Address that was (or would have been) contacted. */
	address?: string;
	/** What to do about it. */
	hint?: string;
	/** Underlying error. */
	cause?: unknown;
	/** sshd dropped the connection before the SSH handshake (MaxStartups, a reset): worth retrying after a pause. */
	retryable?: boolean;
}

/**
 * A connection, host-key, egress or configuration failure.
 * `message` says what is wrong; `hint` says what to do.
 */
export class TransportError extends Error {
	/** Machine-readable reason. */
	readonly code: TransportErrorCode;
	/** Inventory host id (or hop label), when known. */
	readonly host: string | undefined;
	/** Address, when known. */
	readonly address: string | undefined;
	/** What to do about it. */
	readonly hint: string;
	/** True when sshd dropped the connection before the handshake (no host key seen): a retry may succeed. */
	readonly retryable: boolean;

	/**
	 * @param code
	 *   Machine-readable reason.
	 * @param message
	 *   What is wrong, naming the host and address.
	 * @param details
	 *   Host, address, hint and cause.
	 */
	constructor(code: TransportErrorCode, message: string, details: TransportErrorDetails = {}) {
		super(message, details.cause === undefined ? undefined : { cause: details.cause });
		this.name = 'TransportError';
		this.code = code;
		this.host = details.host;
		this.address = details.address;
		this.hint = details.hint ?? '';
		this.retryable = details.retryable ?? false;
	}
}

/**
 * Tells whether a value is a `TransportError`.
 *
 * @param error
 *   Anything caught.
 * @returns
 *   True for a `TransportError`.
 */
export function isTransportError(error: unknown): error is TransportError {
	return error instanceof TransportError;
}

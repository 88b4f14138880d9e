/**
 * The last line of defence for secrets: every observation is passed through
 * `redactDeep` before it is compared, recorded or reported. The parsers already
 * drop what is known to be secret (container env values, commands, labels); this
 * catches key material and tokens wherever else they might appear.
 */

const PATTERNS: [RegExp, string][] = [
	[/-----BEGIN [A-Z0-9 ]*-----[\s\S]*?(-----END [A-Z0-9 ]*-----|$)/g, '[redacted key material]'],
	[/\b(?:ghp|gho|ghs|ghr|ghu|github_pat)_[A-Za-z0-9_]{20,}/g, '[redacted token]'],
	[/\bAKIA[0-9A-Z]{16}\b/g, '[redacted token]'],
	[/\bxox[abprs]-[A-Za-z0-9-]{10,}/g, '[redacted token]'],
	[/\bsk-[A-Za-z0-9_-]{20,}/g, '[redacted token]'],
	[/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, '[redacted token]'],
	[/\b([A-Za-z0-9_.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|private[_-]?key)[A-Za-z0-9_.-]*)(\s*[=:]\s*)("[^"]*"|'[^']*'|\S+)/gi, '$1$2[redacted]'],
];

/** Long mixed-case alphanumeric runs (API keys); hex ids and words are left alone. */
const OPAQUE = /[A-Za-z0-9+_-]{40,}/g;

/**
 * Removes anything that looks like a secret from a string.
 * @param s
 *   Text observed on a host.
 */
export function redactString(s: string): string {
	let out = s;
	for (const [re, rep] of PATTERNS) out = out.replace(re, rep);
	return out.replace(OPAQUE, (m) => (/[a-z]/.test(m) && /[A-Z]/.test(m) && /[0-9]/.test(m) ? '[redacted]' : m));
}

/**
 * Returns a deep copy with every string redacted (object keys included).
 * @param value
 *   Any JSON-like value.
 */
export function redactDeep<T>(value: T): T {
	if (typeof value === 'string') return redactString(value) as T;
	if (Array.isArray(value)) return value.map(redactDeep) as T;
	if (value && typeof value === 'object') {
		const out: Record<string, unknown> = {};
		for (const [k, v] of Object.entries(value)) out[redactString(k)] = redactDeep(v);
		return out as T;
	}
	return value;
}

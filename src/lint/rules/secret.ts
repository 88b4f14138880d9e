/**
 * `secret`: values that look like real credentials: passwords in compose
 * `environment:` blocks and `KEY=value` lines, credentials in URLs, PEM private
 * keys and tokens (`ghp_…`, `sk-…`, `AIza…`, JWTs, long high-entropy values).
 * Placeholders (`<…>`, `${VAR}`, `changeme`, `dummy…`, `xxx`, `***`, empty) pass.
 * Runs on every page, with or without an estate.
 */
import { isPlaceholderValue } from '../examples.ts';
import type { Rule, Segment } from '../types.ts';

/** Keys whose values are credentials. */
const SECRET_KEY = /(pass(word|wd|wort)?|pwd|secret|token|api[_-]?key|apikey|private[_-]?key|access[_-]?key|client[_-]?secret|credentials?|auth[_-]?key)$/i;
/** Keys that look secret but are settings. */
const NOT_SECRET_KEY = /(authentication|_file|_path|_length|_url|_user|_name|_hash_algo|_type)$/i;

/** Known token formats. */
const TOKENS: [RegExp, string][] = [
	[/\bgh[pousr]_[A-Za-z0-9]{36,}\b/, 'GitHub token'],
	[/\bgithub_pat_[A-Za-z0-9_]{22,}\b/, 'GitHub token'],
	[/\bsk-(?:proj-|live_|test_)?[A-Za-z0-9_-]{20,}\b/, 'API secret key (sk-…)'],
	[/\bAKIA[0-9A-Z]{16}\b/, 'AWS access key'],
	[/\bAIza[0-9A-Za-z_-]{35}\b/, 'Google API key'],
	[/\bxox[abpr]-[A-Za-z0-9-]{10,}\b/, 'Slack token'],
	[/\bglpat-[A-Za-z0-9_-]{20,}\b/, 'GitLab token'],
	[/\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/, 'JWT'],
];

/** Shannon entropy in bits per character. */
export function entropy(s: string): number {
	const counts = new Map<string, number>();
	for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
	let h = 0;
	for (const n of counts.values()) h -= (n / s.length) * Math.log2(n / s.length);
	return h;
}

/** A long random-looking value (mixed letters and digits, not a hex digest or a path). */
export function looksRandom(v: string): boolean {
	if (v.length < 24 || /[\s/]/.test(v) || /^[0-9a-f]+$/i.test(v) || /^[\d.:-]+$/.test(v)) return false;
	const classes = [/[a-z]/, /[A-Z]/, /\d/].filter((r) => r.test(v)).length;
	return classes >= 3 && entropy(v) >= 4;
}

/** A credential shown in reports: first two characters and the length, never the value. */
export const mask = (v: string) => `${v.slice(0, 2)}…(${v.length} chars)`;

const unquote = (v: string) => v.trim().replace(/^(["'])(.*)\1$/, '$2');

/** Credential-like assignments on one line: `[index, key, value]`. */
function assignments(seg: Segment): [number, string, string][] {
	const out: [number, string, string][] = [];
	const t = seg.text;
	// KEY=value (env files, prose lists, shell exports, compose list form `- KEY=value`)
	for (const m of t.matchAll(/(?<![\w.-])([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|'[^']*'|[^\s,;&|)]*)/g)) {
		if (seg.kind === 'prose' && !/^[A-Z][A-Z0-9_]*$/.test(m[1]!)) continue;
		out.push([(m.index ?? 0) + m[0].indexOf('=') + 1, m[1]!, unquote(m[2]!)]);
	}
	// YAML/JSON `key: value` in code and inline code
	if (seg.kind !== 'prose') {
		const m = /^\s*(?:-\s+)?["']?([A-Za-z_][\w.-]*)["']?\s*:\s+("[^"]*"|'[^']*'|[^\s#,}]+)\s*,?\s*(#.*)?$/.exec(t);
		if (m) out.push([t.indexOf(m[2]!, t.indexOf(':')), m[1]!, unquote(m[2]!)]);
	}
	return out;
}

export const secret: Rule = {
	id: 'secret',
	meta: { description: 'No real credentials in the text; placeholders only.', needsEstate: false },
	check(ctx) {
		const report = (seg: Segment, index: number, what: string, actual: string) =>
			ctx.report({
				severity: 'error', line: seg.line, column: seg.column + Math.max(index, 0), actual: mask(actual),
				message: `${what} looks like a real credential`,
				fix: 'Replace it with a placeholder such as `<POSTGRES_PASSWORD>` or `${POSTGRES_PASSWORD}` (and rotate it if it was ever real).',
			});
		for (const seg of ctx.segments) {
			const t = seg.text;
			if (/-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY-----/.test(t)) {
				const next = seg.block?.lines[(seg.blockLine ?? 0) + 1]?.trim() ?? '';
				if (!isPlaceholderValue(next) && !/^(\.{3}|…|<.*>)$/.test(next)) report(seg, t.indexOf('-----BEGIN'), 'A PEM private key', '-----BEGIN … PRIVATE KEY-----');
				continue;
			}
			for (const [re, what] of TOKENS) {
				const m = re.exec(t);
				if (m && !isPlaceholderValue(m[0])) report(seg, m.index, `A ${what}`, m[0]);
			}
			for (const m of t.matchAll(/\b[a-z][a-z0-9+.-]*:\/\/([^:/\s@]+):([^@\s/]+)@/gi)) {
				const pw = m[2]!;
				if (!isPlaceholderValue(pw)) report(seg, (m.index ?? 0) + m[0].indexOf(':' + pw) + 1, `The password in the URL credentials of user \`${m[1]}\``, pw);
			}
			for (const [i, key, value] of assignments(seg)) {
				if (isPlaceholderValue(value) || /^[a-z][a-z0-9+.-]*:\/\//i.test(value)) continue;
				if (SECRET_KEY.test(key) && !NOT_SECRET_KEY.test(key)) report(seg, i, `The value of \`${key}\``, value);
				else if (looksRandom(value)) report(seg, i, `The random-looking value of \`${key}\``, value);
			}
		}
	},
};

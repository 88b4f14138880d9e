/**
 * The one home for making untrusted text (host output, report values, document strings)
 * safe for where it is shown: terminals and logs, XML, Markdown, GitHub workflow commands,
 * and the site (where Astro already escapes HTML but control characters must be visible).
 * Used by the verifier's reporters, the fact lint's formatters, the runbook reporters and the site.
 */

/** Control characters, line/paragraph separators and bidi overrides. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu; // eslint-disable-line no-control-regex -- finding control characters is this module's job
/** The same, without tab and line feed (kept in text the site shows in `<pre>`/`<code>`). */
const CONTROL_BUT_TAB_LF = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu; // eslint-disable-line no-control-regex -- as above
/** ANSI escape sequences (CSI, OSC, two-character). */
const ANSI = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)|[@-Z\\-_])/gu; // eslint-disable-line no-control-regex -- as above

/**
 * A control character as visible text: `\xNN` below U+0100, `\uNNNN` above.
 * @param c
 *   One character.
 */
function visible(c: string): string {
	const n = c.codePointAt(0) ?? 0;
	return n < 0x100 ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`;
}

/**
 * Makes text safe for a terminal or a plain-text log: ANSI sequences are removed, other
 * control characters are shown as `\xNN` / `\uNNNN`, newlines as `⏎`.
 * @param s
 *   Any text (`undefined` gives '').
 */
export function escapeText(s: string | undefined): string {
	if (s === undefined) return '';
	return s.replace(ANSI, '').replace(/\r?\n/g, ' ⏎ ').replace(CONTROL, visible);
}

/**
 * Makes control characters (ANSI escapes, NUL, …) visible as `\xNN` (bidi overrides as `\uNNNN`),
 * keeping tabs and newlines, so a value can neither hide text nor style the terminal or the page.
 * (HTML and Markdown are already inert on the site: Astro escapes every expression.)
 * @param text
 *   A value, or `undefined`.
 */
export function printable(text: string): string;
export function printable(text: undefined): undefined;
export function printable(text: string | undefined): string | undefined;
export function printable(text: string | undefined): string | undefined {
	return text === undefined ? undefined : text.replace(CONTROL_BUT_TAB_LF, visible);
}

/**
 * Escapes text for XML attributes and content, dropping characters XML 1.0 cannot hold.
 * @param s
 *   Any text.
 */
export function escapeXml(s: string | undefined): string {
	return escapeText(s ?? '')
		.replace(/[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '')
		.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/**
 * Escapes a GitHub workflow-command message (`%`, CR, LF).
 * @param s
 *   The message.
 */
export function escapeData(s: string): string {
	return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/**
 * Escapes a GitHub workflow-command property (`%`, CR, LF, `:`, `,`).
 * @param s
 *   The property value.
 */
export function escapeProperty(s: string): string {
	return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * Escapes text for a Markdown table cell or paragraph (no HTML, no table breaks, no code spans).
 * @param s
 *   Any text.
 */
export function escapeMarkdown(s: string | undefined): string {
	return escapeText(s ?? '')
		.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
		.replace(/([\\`*_[\]|#~])/g, '\\$1');
}

/**
 * "1 fact" / "2 facts".
 * @param n
 *   The count.
 * @param word
 *   The singular.
 * @param pluralWord
 *   The plural. @default `${word}s`
 */
export function plural(n: number, word: string, pluralWord = `${word}s`): string {
	return `${n} ${n === 1 ? word : pluralWord}`;
}

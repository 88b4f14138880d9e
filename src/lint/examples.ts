/**
 * What counts as an example or a placeholder and is therefore never resolved
 * against the facts: `example.com`, `<PLACEHOLDER>`, `${VAR}`, `changeme`, ….
 */

/** Domains reserved for examples and tests (RFC 2606, RFC 6761). */
export function isExampleDomain(name: string): boolean {
	const n = name.toLowerCase().replace(/\.$/, '');
	return /(^|\.)example\.(com|org|net)$/.test(n) || /\.(example|invalid|test|localhost|local)$/.test(n) || n === 'localhost';
}

/** A placeholder shape: `<…>`, `{{…}}`, `${…}`, `$VAR`, `%VAR%`, `YOUR_…`, `…`, `***`. */
export function isPlaceholderShape(text: string): boolean {
	return /<[^<>]*>|\{\{[^}]*\}\}|\$\{[^}]*\}|^\$[A-Za-z_]\w*$|^%[A-Za-z_]\w*%$|\*{3,}|…|\.{3}|REDACTED/i.test(text);
}

/**
 * Whether a credential value is a placeholder (passes the secrets rule):
 * empty, `<…>`, `${VAR}`, `$VAR`, `changeme`, `dummy…`, `example…`, `xxx…`, `***`,
 * `REDACTED`, an ALL_CAPS name (`PASSWORD`, `YOUR_TOKEN`), or a file/secret path.
 * @param value
 *   The value with surrounding quotes removed.
 */
export function isPlaceholderValue(value: string): boolean {
	const v = value.trim();
	if (v === '' || isPlaceholderShape(v)) return true;
	if (/^(change[-_]?me|change[-_]?it|changethis|dummy.*|example.*|placeholder.*|sample.*|your[-_].*|my[-_]?(password|secret|token).*|x{3,}|\?+|-+|todo|tbd|none|null|secret|password|passwort|geheim|s3cr3t|test|foo|bar|foobar)$/i.test(v)) return true;
	if (/^[A-Z][A-Z0-9_]*$/.test(v)) return true; // PASSWORD, YOUR_API_KEY
	if (/^(\/|\.\/|~\/|file:)/.test(v)) return true; // a path to a secret file, not the secret
	if (/^(true|false|yes|no|on|off|md5|scram-sha-256|trust|peer|required|optional)$/i.test(v)) return true;
	return false;
}

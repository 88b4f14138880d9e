/**
 * known_hosts: a pure parser and matcher with OpenSSH semantics.
 * Supports plain and comma-separated patterns with `*` `?` and `!negation`, hashed
 * `|1|salt|hmac` (HMAC-SHA1), `[host]:port` for non-22 ports, `@revoked` (hard fail),
 * `@cert-authority` (not supported: never trusted, reported), and several key types per
 * host — matched per key type across all lines, never "first line wins".
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** One usable known_hosts line. */
export interface KnownHostsEntry {
	/** `revoked`, `cert-authority` or none. */
	marker?: 'revoked' | 'cert-authority';
	/** Host patterns (plain lines). */
	patterns?: string[];
	/** Hashed host name (`|1|` lines). */
	hashed?: { salt: Buffer; hash: Buffer };
	/** Key type from the key blob (e.g. `ssh-ed25519`). */
	keyType: string;
	/** Raw key blob. */
	blob: Buffer;
	/** File the line came from. */
	file: string;
	/** 1-based line number. */
	line: number;
}

/** A parsed known_hosts file: entries plus lines that could not be used. */
export interface KnownHosts {
	/** Usable entries. */
	entries: KnownHostsEntry[];
	/** `file:line: reason` for each skipped line. */
	warnings: string[];
}

/** Result of checking a presented host key. */
export interface HostKeyCheck {
	/**
	 * - `match`: a line for this host pins exactly this key;
	 * - `unknown`: no key of this type is pinned for this host;
	 * - `changed`: keys of this type are pinned for this host, none is this one;
	 * - `revoked`: this key is marked `@revoked`.
	 */
	status: 'match' | 'unknown' | 'changed' | 'revoked';
	/** Fingerprint of the presented key, `SHA256:…`. */
	fingerprint: string;
	/** Type of the presented key. */
	keyType: string;
	/** The name looked up (`host` or `[host]:port`). */
	lookupName: string;
	/** Key types pinned for this host (any type), for restricting negotiation. */
	pinnedTypes: string[];
	/** `file:line` of the matching, conflicting or revoking lines. */
	lines: string[];
	/** True when `@cert-authority` lines exist for this host (host certificates are not supported). */
	certAuthority: boolean;
}

/**
 * Computes the OpenSSH SHA256 fingerprint of a key blob.
 *
 * @param blob
 *   Raw public key blob.
 * @returns
 *   `SHA256:` + base64 without padding.
 */
export function fingerprint(blob: Buffer): string {
	return 'SHA256:' + createHash('sha256').update(blob).digest('base64').replace(/=+$/, '');
}

/**
 * Reads the key type (the first SSH string) from a key blob.
 *
 * @param blob
 *   Raw public key blob.
 * @returns
 *   The type, or `undefined` when the blob is malformed.
 */
export function keyTypeOf(blob: Buffer): string | undefined {
	if (blob.length < 4) return undefined;
	const length = blob.readUInt32BE(0);
	if (length === 0 || length > 64 || 4 + length > blob.length) return undefined;
	const type = blob.subarray(4, 4 + length).toString('latin1');
	return /^[\x21-\x7e]+$/.test(type) ? type : undefined;
}

/**
 * The name OpenSSH looks up: `host` for port 22, `[host]:port` otherwise.
 *
 * @param host
 *   Host address or name.
 * @param port
 *   TCP port.
 * @returns
 *   The lookup name.
 */
export function knownHostsName(host: string, port: number): string {
	return port === 22 ? host : `[${host}]:${port}`;
}

/**
 * Parses known_hosts text. Comments, blank lines and unusable lines are skipped
 * (unusable ones with a warning).
 *
 * @param text
 *   File content.
 * @param file
 *   File name for locations.
 * @returns
 *   Entries and warnings.
 */
export function parseKnownHosts(text: string, file: string): KnownHosts {
	const entries: KnownHostsEntry[] = [];
	const warnings: string[] = [];
	const lines = text.split(/\r?\n/);
	lines.forEach((raw, index) => {
		const line = index + 1;
		const trimmed = raw.trim();
		if (trimmed === '' || trimmed.startsWith('#')) return;
		const fields = trimmed.split(/\s+/);
		let marker: KnownHostsEntry['marker'];
		if (fields[0]?.startsWith('@')) {
			const name = fields.shift();
			if (name === '@revoked') marker = 'revoked';
			else if (name === '@cert-authority') marker = 'cert-authority';
			else {
				warnings.push(`${file}:${line}: unknown marker ${name}; line ignored`);
				return;
			}
		}
		const [hosts, , keyText] = fields;
		if (hosts === undefined || keyText === undefined) {
			warnings.push(`${file}:${line}: expected "[marker] hosts keytype base64-key [comment]"; line ignored`);
			return;
		}
		const blob = Buffer.from(keyText, 'base64');
		const keyType = keyTypeOf(blob);
		if (!keyType || blob.toString('base64').replace(/=+$/, '') !== keyText.replace(/=+$/, '')) {
			warnings.push(`${file}:${line}: the key is not valid base64 of an SSH public key; line ignored`);
			return;
		}
		const entry: KnownHostsEntry = { keyType, blob, file, line };
		if (marker) entry.marker = marker;
		if (hosts.startsWith('|1|')) {
			const [, , salt, hash] = hosts.split('|');
			const saltBuf = Buffer.from(salt ?? '', 'base64');
			const hashBuf = Buffer.from(hash ?? '', 'base64');
			if (saltBuf.length === 0 || hashBuf.length !== 20) {
				warnings.push(`${file}:${line}: malformed hashed host "|1|…"; line ignored`);
				return;
			}
			entry.hashed = { salt: saltBuf, hash: hashBuf };
		} else if (hosts.startsWith('|')) {
			warnings.push(`${file}:${line}: unsupported hashed host format; line ignored`);
			return;
		} else {
			entry.patterns = hosts.split(',').filter((p) => p !== '');
		}
		entries.push(entry);
	});
	return { entries, warnings };
}

/**
 * Matches a host name against an OpenSSH wildcard pattern (`*`, `?`), case-insensitively.
 *
 * @param name
 *   Lookup name.
 * @param pattern
 *   Pattern without `!`.
 * @returns
 *   True on match.
 */
export function wildcardMatch(name: string, pattern: string): boolean {
	const n = name.toLowerCase();
	const p = pattern.toLowerCase();
	// iterative glob with backtracking on the last `*`; linear-ish, no regex (no ReDoS)
	let i = 0;
	let j = 0;
	let star = -1;
	let mark = 0;
	while (i < n.length) {
		if (j < p.length && (p[j] === '?' || p[j] === n[i])) {
			i++;
			j++;
		} else if (j < p.length && p[j] === '*') {
			star = j++;
			mark = i;
		} else if (star !== -1) {
			j = star + 1;
			i = ++mark;
		} else return false;
	}
	while (j < p.length && p[j] === '*') j++;
	return j === p.length;
}

/**
 * Matches a name against a pattern list: true when some positive pattern matches and
 * no negated (`!`) pattern matches.
 *
 * @param name
 *   Lookup name.
 * @param patterns
 *   Patterns, possibly negated.
 * @returns
 *   True on match.
 */
export function matchPatternList(name: string, patterns: readonly string[]): boolean {
	let positive = false;
	for (const pattern of patterns) {
		if (pattern.startsWith('!')) {
			if (wildcardMatch(name, pattern.slice(1))) return false;
		} else if (wildcardMatch(name, pattern)) positive = true;
	}
	return positive;
}

/**
 * Tells whether a known_hosts entry applies to a lookup name.
 *
 * @param entry
 *   The entry.
 * @param name
 *   `host` or `[host]:port`.
 * @returns
 *   True when it applies.
 */
export function entryMatchesHost(entry: KnownHostsEntry, name: string): boolean {
	if (entry.hashed) {
		const mac = createHmac('sha1', entry.hashed.salt).update(name).digest();
		return timingSafeEqual(mac, entry.hashed.hash);
	}
	return matchPatternList(name, entry.patterns ?? []);
}

/**
 * Checks a presented host key against known_hosts entries, per key type across all lines.
 * A key marked `@revoked` anywhere is revoked for every host (stricter than OpenSSH,
 * on purpose: a revoked key must never be trusted).
 *
 * @param entries
 *   Entries of all known_hosts files, in order.
 * @param host
 *   Address or name the connection uses.
 * @param port
 *   TCP port.
 * @param blob
 *   The presented key blob.
 * @returns
 *   The check result.
 */
export function checkHostKey(entries: readonly KnownHostsEntry[], host: string, port: number, blob: Buffer): HostKeyCheck {
	const lookupName = knownHostsName(host, port);
	const keyType = keyTypeOf(blob) ?? 'unknown';
	const base = { fingerprint: fingerprint(blob), keyType, lookupName };
	const revoked = entries.filter((e) => e.marker === 'revoked' && e.blob.equals(blob));
	const forHost = entries.filter((e) => e.marker !== 'revoked' && entryMatchesHost(e, lookupName));
	const plain = forHost.filter((e) => e.marker === undefined);
	const pinnedTypes = [...new Set(plain.map((e) => e.keyType))];
	const certAuthority = forHost.some((e) => e.marker === 'cert-authority');
	const where = (list: KnownHostsEntry[]) => list.map((e) => `${e.file}:${e.line}`);
	if (revoked.length > 0) return { ...base, status: 'revoked', pinnedTypes, lines: where(revoked), certAuthority };
	const same = plain.filter((e) => e.keyType === keyType);
	const exact = same.filter((e) => e.blob.equals(blob));
	if (exact.length > 0) return { ...base, status: 'match', pinnedTypes, lines: where(exact), certAuthority };
	if (same.length > 0) return { ...base, status: 'changed', pinnedTypes, lines: where(same), certAuthority };
	return { ...base, status: 'unknown', pinnedTypes, lines: [], certAuthority };
}

/** The SSH host key algorithms that produce each key type, strongest first. */
const ALGORITHMS_BY_KEY_TYPE: Record<string, string[]> = {
	'ssh-ed25519': ['ssh-ed25519'],
	'ecdsa-sha2-nistp256': ['ecdsa-sha2-nistp256'],
	'ecdsa-sha2-nistp384': ['ecdsa-sha2-nistp384'],
	'ecdsa-sha2-nistp521': ['ecdsa-sha2-nistp521'],
	'ssh-rsa': ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'],
};

/**
 * The host key algorithms to offer, pinned types first, so the server presents a key we
 * can verify when it has one (the client's order decides the negotiation; OpenSSH
 * reorders the same way). The other supported algorithms follow, so a server without any
 * pinned type still completes the key exchange and is reported as `unknown` with its real
 * fingerprint (still fail closed) instead of an opaque "no matching host key" error.
 * Returns `undefined` when nothing supported is pinned (negotiation left alone).
 *
 * @param pinnedTypes
 *   Key types pinned for the host.
 * @param supported
 *   Algorithms the SSH library supports, in its preference order.
 * @returns
 *   Algorithm list, or `undefined`.
 */
export function hostKeyAlgorithms(pinnedTypes: readonly string[], supported: readonly string[]): string[] | undefined {
	const wanted = pinnedTypes.flatMap((type) => ALGORITHMS_BY_KEY_TYPE[type] ?? []);
	const order = Object.values(ALGORITHMS_BY_KEY_TYPE).flat();
	const first = order.filter((alg) => wanted.includes(alg) && supported.includes(alg));
	if (first.length === 0) return undefined;
	return [...first, ...supported.filter((alg) => !first.includes(alg))];
}

/**
 * The `ssh-keyscan -t` name of a key type (`ssh-ed25519` → `ed25519`).
 *
 * @param keyType
 *   SSH key type.
 * @returns
 *   The keyscan type name.
 */
export function keyscanType(keyType: string): string {
	if (keyType.startsWith('ecdsa-')) return 'ecdsa';
	return keyType.replace(/^ssh-/, '');
}

/**
 * The command that pins a host key (to be run after verifying the key out of band).
 *
 * @param host
 *   Address.
 * @param port
 *   Port.
 * @param keyType
 *   Key type.
 * @param file
 *   known_hosts file to append to (as shown to the user).
 * @returns
 *   The shell command.
 */
export function pinCommand(host: string, port: number, keyType: string, file: string): string {
	const portFlag = port === 22 ? '' : ` -p ${port}`;
	return `ssh-keyscan -t ${keyscanType(keyType)}${portFlag} ${host} >> ${file}`;
}

/**
 * The key types pinned (plain lines, not revoked, not CA) for a host.
 *
 * @param entries
 *   Entries of all known_hosts files.
 * @param host
 *   Address or name the connection uses.
 * @param port
 *   TCP port.
 * @returns
 *   Distinct key types, in file order.
 */
export function pinnedKeyTypes(entries: readonly KnownHostsEntry[], host: string, port: number): string[] {
	const name = knownHostsName(host, port);
	return [...new Set(entries.filter((e) => e.marker === undefined && entryMatchesHost(e, name)).map((e) => e.keyType))];
}

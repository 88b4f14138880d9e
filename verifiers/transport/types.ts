/**
 * Shared types of the SSH transport: what an inventory resolves to, what a session
 * offers, and what a command returns. Pure declarations, no runtime code.
 */

/**
 * Why a connection or command failed:
 * - `unreachable`: TCP refused / no route / connection lost / SSH handshake failed;
 * - `timeout`: no SSH handshake within the connect timeout (includes a host that accepts TCP but never speaks SSH);
 * - `auth`: the server refused our key (or no key/agent is available);
 * - `hostkey-unknown`: the host key is not pinned in known_hosts;
 * - `hostkey-changed`: known_hosts pins a different key of the same type;
 * - `hostkey-revoked`: the key is marked `@revoked` in known_hosts;
 * - `egress-denied`: the address is outside `VERIFY_ALLOWED_NETWORKS` (refused before any packet);
 * - `config`: the inventory, target or options are wrong (fix the file, not the network).
 */
export type TransportErrorCode =
	| 'unreachable'
	| 'timeout'
	| 'auth'
	| 'hostkey-unknown'
	| 'hostkey-changed'
	| 'hostkey-revoked'
	| 'egress-denied'
	| 'config';

/** One SSH endpoint (a final host or a jump hop), fully resolved. */
export interface Endpoint {
	/** Label: the inventory host id, or the jump string (`user@host:port`) for ad-hoc hops. */
	id: string;
	/** IP address or DNS name to contact. */
	address: string;
	/** TCP port. */
	port: number;
	/** Login user. */
	user: string;
	/** Absolute path of the private key; absent means: use ssh-agent (`SSH_AUTH_SOCK`). */
	identityFile?: string;
	/** Absolute paths of the known_hosts files to check this endpoint's host key against, in order. */
	knownHosts: string[];
}

/** One inventory host: its own endpoint plus the jump chain that leads to it (outermost hop first). */
export interface InventoryHost extends Endpoint {
	/** Jump hops, outermost first (`jump: [a, b]` = connect to a, from there to b, from there to the host). */
	jump: Endpoint[];
}

/** A loaded, validated and resolved target inventory. */
export interface Inventory {
	/** Target name (`lab`, `production`, or the file's `name`). Decides the egress default. */
	target: string;
	/** The `name` field of the file. */
	name: string;
	/** Absolute path of the inventory file. */
	file: string;
	/** Hosts by id. */
	hosts: Record<string, InventoryHost>;
	/** Absolute path of an extra CA bundle for TLS checks from the build machine. */
	ca?: string;
	/** Name → address overrides for TLS/HTTP checks from the build machine. */
	resolve: Record<string, string>;
	/** DNS server (`host:port`) for DNS facts. */
	resolver?: { address: string; port: number };
	/** Non-fatal remarks (e.g. ssh_config `Match` blocks that were skipped). */
	warnings: string[];
}

/** The host key one hop presented and that was verified. */
export interface HostKeyInfo {
	/** Hop label (inventory host id or jump string). */
	host: string;
	/** Address that was contacted. */
	address: string;
	/** Key type, e.g. `ssh-ed25519`. */
	type: string;
	/** OpenSSH fingerprint, `SHA256:…` (base64, no padding). */
	fingerprint: string;
}

/** Options of `Session.exec`. */
export interface ExecOptions {
	/** Data written to the command's stdin, then EOF. Without it, stdin is closed at once. */
	stdin?: string | Buffer;
	/** Kill the command (close the channel) after this many milliseconds. */
	timeoutMs: number;
	/** Keep at most this many bytes of stdout and of stderr each; the rest is read and discarded. */
	maxBytes: number;
}

/** What a command returned. */
export interface ExecResult {
	/** Exit code, or `null` when the command was killed, timed out or died by a signal. */
	code: number | null;
	/** Signal name when the remote process died by a signal (e.g. `KILL`). */
	signal: string | null;
	/** Stdout (UTF-8, at most `maxBytes` bytes). */
	stdout: string;
	/** Stderr (UTF-8, at most `maxBytes` bytes). */
	stderr: string;
	/** True when stdout or stderr exceeded `maxBytes` and was cut. */
	truncated: boolean;
	/** True when the command was killed at `timeoutMs`. */
	timedOut: boolean;
	/** Wall time of the command in milliseconds. */
	durationMs: number;
}

/** An open SSH session to one inventory host (through its jump chain). */
export interface Session {
	/** Inventory host id. */
	hostId: string;
	/** Address of the final host. */
	address: string;
	/** Verified host keys, one per hop, outermost first; the last is the host itself. */
	hostKeys: HostKeyInfo[];
	/** Connections sshd dropped before the SSH handshake (MaxStartups) and that were retried, over all hops. */
	droppedHandshakes: number;
	/** Runs one command on the host. Rejects with `TransportError` when the connection is lost. */
	exec(command: string, options: ExecOptions): Promise<ExecResult>;
	/** Closes the session and every hop: resolves once the outermost connection said goodbye (it closes in the background; `closeAll` waits for it). Idempotent. */
	close(): Promise<void>;
}

/** Options of `connect`. */
export interface ConnectOptions {
	/** Connect timeout per hop in ms: TCP connect + SSH handshake + auth. @default 10000 */
	timeoutMs?: number;
	/** SSH keepalive interval in ms (0 = off). @default 15000 */
	keepaliveIntervalMs?: number;
	/** Environment for `VERIFY_ALLOWED_NETWORKS` and `SSH_AUTH_SOCK`. @default process.env */
	env?: Record<string, string | undefined>;
	/** DNS lookup for hostnames (all addresses). @default node:dns/promises lookup */
	lookup?: (hostname: string) => Promise<string[]>;
}

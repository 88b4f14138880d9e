/**
 * What the verifier observed on one host, after parsing. This is the only shape the
 * comparators see (they never see raw command output), the shape recorded as evidence
 * (`--record`), and the input of `--discover`. Every string in it is bounded and has
 * passed the redaction rules of the parsers (no container env values, no key material).
 */

/** Probe sections, one per read-only command of the probe script. */
export type SectionName =
	| 'hostname' | 'os-release' | 'kernel' | 'nproc' | 'meminfo' | 'df' | 'ip-addr'
	| 'ss' | 'port-range' | 'docker-ps' | 'docker-inspect' | 'docker-networks' | 'docker-volumes'
	| 'firewall' | 'systemctl' | 'units-list' | 'passwd' | 'group' | 'stat' | 'sshd';

/** Why a section gave no usable value. */
export interface SectionProblem {
	/** `not-installed` (command missing), `needs-sudo`, `failed` (non-zero exit), `unparsable`, `missing` (no output: truncated or interrupted). */
	reason: 'not-installed' | 'needs-sudo' | 'failed' | 'unparsable' | 'missing' | 'not-running';
	/** Human cause, escaped and bounded; never contains secrets. */
	message: string;
}

/** An interface address (`ip -j addr`). */
export interface ObservedAddress {
	/** Interface name. */
	ifname: string;
	/** Address with prefix length, e.g. `10.231.1.2/24`. */
	cidr: string;
	/** `inet` or `inet6`. */
	family: 'inet' | 'inet6';
}

/** A listening socket (`ss -Htlnu[p]`). */
export interface ObservedSocket {
	protocol: 'tcp' | 'udp';
	/** Normalised bind address: an IP (IPv4-mapped IPv6 unwrapped) or `*` for every address. */
	bind: string;
	/** Bind address as `ss` printed it (without `%iface`). */
	rawBind: string;
	port: number;
	/** Owning process names (empty when ss ran without root). */
	processes: string[];
}

/** A published port of a container. */
export interface ObservedPort {
	hostIp: string;
	hostPort: number;
	containerPort: number;
	protocol: 'tcp' | 'udp';
}

/** A container (`docker ps -a` + `docker inspect`). */
export interface ObservedContainer {
	name: string;
	/** Image as the engine reports it, normalised (`docker.io/library/postgres:16` → `postgres:16`). */
	image: string;
	state: string;
	/** `.State.Health.Status`, or `none` without a health check. */
	health: string;
	ports: ObservedPort[];
	networks: string[];
	mounts: { source: string; target: string; type: string }[];
	restart: string;
	/** Names of the environment variables (values are dropped at parse time). */
	envNames: string[];
}

/** A Docker network. */
export interface ObservedNetwork {
	name: string;
	driver: string;
	subnets: { subnet: string; gateway?: string }[];
	/** Bridge interface, when known. */
	interface?: string;
}

/** A Docker volume. */
export interface ObservedVolume {
	name: string;
	driver: string;
}

/** One firewall rule, normalised across ufw and nftables. */
export interface ObservedFirewallRule {
	/** Port (`"22"`) or range (`"60000:61000"`). */
	port: string;
	/** `tcp`, `udp`, or undefined for both. */
	protocol?: 'tcp' | 'udp';
	action: 'allow' | 'deny' | 'reject' | 'limit';
	/** `any` or an address / network. */
	from: string;
	/** `v6` rules are folded into their v4 twin by the parser; kept for display. */
	v6?: boolean;
	comment?: string;
}

/** The firewall of a host. */
export interface ObservedFirewall {
	backend: 'ufw' | 'nftables';
	active: boolean;
	defaults?: { incoming?: string; outgoing?: string; routed?: string };
	rules: ObservedFirewallRule[];
}

/** A systemd unit (`systemctl show`). */
export interface ObservedUnit {
	name: string;
	loadState: string;
	activeState: string;
	subState: string;
	unitFileState: string;
	user: string;
}

/** A user (`getent passwd`). */
export interface ObservedUser {
	name: string;
	uid: number;
	gid: number;
	home: string;
	shell: string;
}

/** A group (`getent group`). */
export interface ObservedGroup {
	name: string;
	gid: number;
	members: string[];
}

/** A path (`stat`). */
export type ObservedPath =
	| { path: string; exists: true; type: 'file' | 'directory' | 'symlink' | 'other'; owner: string; group: string; mode: string }
	| { path: string; exists: false }
	| { path: string; exists: 'unknown'; message: string };

/** A mounted filesystem (`df -Pk`). */
export interface ObservedDisk {
	filesystem: string;
	mount: string;
	/** Size in kB (1024 bytes). */
	sizeKiB: number;
}

/** Everything observed on one host. Fields are absent when their section was not gathered or failed (see `problems`). */
export interface HostObservation {
	hostname?: string;
	os?: { id: string; versionId: string; pretty?: string };
	kernel?: string;
	cpus?: number;
	/** `MemTotal` in KiB. */
	memoryKiB?: number;
	disks?: ObservedDisk[];
	addresses?: ObservedAddress[];
	sockets?: ObservedSocket[];
	/** Whether `ss` ran as root (process names known). */
	socketsWithProcesses?: boolean;
	/** Ephemeral port range (`ip_local_port_range`). */
	portRange?: [number, number];
	containers?: ObservedContainer[];
	networks?: ObservedNetwork[];
	volumes?: ObservedVolume[];
	firewall?: ObservedFirewall;
	units?: Record<string, ObservedUnit>;
	/** Running services (discover only). */
	unitsList?: string[];
	users?: Record<string, ObservedUser>;
	groups?: Record<string, ObservedGroup>;
	paths?: Record<string, ObservedPath>;
	/** `sshd -T` keys (lower-case) → value(s); only the keys the verifier uses. */
	sshd?: Record<string, string>;
	/** Sections that were asked for but gave no value, with the cause. */
	problems: Partial<Record<SectionName, SectionProblem>>;
	/** What the probe cost on the host (absent when the shell printed no `times`). */
	probeCost?: ProbeCost;
}

/** CPU and wall time the probe cost on the host, measured by the probe script itself. */
export interface ProbeCost {
	/** CPU of every section together (the probe shell and every process it started), ms. */
	cpuMs: number;
	/** Wall time of every section together on the host (10 ms resolution), ms. */
	wallMs: number;
	/** Per section, in the order they ran. */
	sections: { name: string; priv: 'root' | 'user'; cpuMs: number; wallMs: number }[];
}

/** Checks run from the build machine, recorded like host observations. */
export interface LocalObservation {
	tls: TlsObservation[];
	http: HttpObservation[];
	dns: DnsObservation[];
	reach: ReachObservation[];
}

/** Outcome of a TLS handshake with SNI. */
export interface TlsObservation {
	domain: string;
	port: number;
	/** Address connected to (from the inventory). */
	address?: string;
	/** Set when no handshake happened (refused, timeout, egress denied, no address). */
	error?: { code: string; message: string };
	/** Chain validates against the target's CA (or the system store). */
	authorized?: boolean;
	authorizationError?: string;
	altNames?: string[];
	subject?: string;
	issuer?: string;
	validFrom?: string;
	validTo?: string;
	protocol?: string;
	/** When the handshake happened (ISO). */
	at: string;
}

/** Outcome of one HTTP request (no redirects followed). */
export interface HttpObservation {
	url: string;
	address?: string;
	error?: { code: string; message: string };
	status?: number;
	/** Lower-case header name → value, only for the headers facts ask about and `location`. */
	headers?: Record<string, string>;
}

/** Outcome of a DNS query against the target's resolver. */
export interface DnsObservation {
	name: string;
	type: string;
	resolver?: string;
	error?: { code: string; message: string };
	values?: string[];
}

/** Outcome of a TCP connect from the build machine. */
export interface ReachObservation {
	host: string;
	address: string;
	port: number;
	/** `open` (connected), `closed` (refused), `filtered` (timeout / unreachable), `denied` (egress allowlist), `error`. */
	result: 'open' | 'closed' | 'filtered' | 'denied' | 'error';
	message?: string;
}

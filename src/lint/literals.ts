/**
 * Finds the literals of one segment: addresses (with prefix and port), host:port
 * endpoints, `N/tcp` ports, port mappings (`-p`, `ports:`), bind addresses
 * (`--bind`, `listen`, `ss` output), container and network names, domains,
 * systemd units, image references and name-like tokens. Pure.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { isWildcard } from '../../lib/net.ts';
import type { Literal, Located, Segment } from './types.ts';

const IPV4 = /(?<![\w.:-])(\d{1,3}(?:\.\d{1,3}){3})(?:\/(\d{1,2}))?(?::(\d{1,5}))?(?![\w-]|\.\d)/g;
const IPV6 = /(?<![\w:.])(\[)?((?:[0-9a-fA-F]{0,4}:){2,7}[0-9a-fA-F]{0,4})(?:\](?::(\d{1,5}))?)?(?:\/(\d{1,3}))?(?![\w:])/g;
const ENDPOINT = /(?<![\w.@/-])([a-z0-9](?:[\w.-]*[a-z0-9])?):(\d{2,5})(?![\w.:-])/gi;
const PORT_PROTO = /(?<![\w./:-])(\d{1,5})\/(tcp|udp)\b/gi;
const DOMAIN = /(?<![\w@.-])(?<!(?:^|[^/])\/)((?:\*\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24})(?![\w-]|\.[a-z0-9])/gi;
const UNIT = /(?<![\w@.-])([A-Za-z0-9][\w@.:-]*\.(?:service|socket|timer|target|mount|path))(?![\w-])/g;
const FILE_EXT = /\.(py|js|ts|mjs|cjs|json|ya?ml|toml|ini|conf|cfg|sh|md|mdx|txt|log|sql|gz|tar|zip|png|jpg|jpeg|svg|pdf|mmd|html?|css|env|pem|key|crt|lock|service|socket|timer|target|mount|path|d|example|sqlite|bak|old|vue|tsx|jsx|go|rs|php|rb|java|xml|csv)$/i;
/** Flags of `docker logs/exec/stop/…` that take a value. */
const VALUE_FLAGS = new Set(['--since', '--until', '--tail', '-n', '--format', '--user', '-u', '--workdir', '-w', '--env', '-e', '--env-file', '--signal', '-s', '--time', '--detach-keys', '--filter']);
const DOCKER_CMD = /\bdocker\s+(?:container\s+)?(?:logs|exec|restart|stop|start|inspect|rm|kill|top|stats|port|attach|pause|unpause|update|wait|cp|rename|diff|export|commit)\s+/g;

/** Negations that make `N/tcp` describe a closed or internal port. */
const NEGATION = /\b(deny|denied|reject|rejected|block(ed)?|closed|geschlossen|gesperrt|nicht|not|no|kein(e|en)?|never|nie|internal|intern|localhost|only local|lokal|verboten|forbidden)\b/i;

/**
 * Extracts the literals of one segment.
 * @param seg
 *   The segment.
 */
export function literalsOf(seg: Segment): Located[] {
	const out: Located[] = [];
	const text = seg.text;
	const taken: [number, number][] = [];
	const overlaps = (s: number, e: number) => taken.some(([a, b]) => s < b && e > a);
	const add = (lit: Literal, index: number, raw: string, claim = true) => {
		if (claim) taken.push([index, index + raw.length]);
		out.push({ ...lit, raw, line: seg.line, column: seg.column + index, segment: seg });
	};
	const dropAddresses = (s: number, e: number) => {
		for (let k = out.length - 1; k >= 0; k--) {
			const l = out[k]!;
			const c = l.column - seg.column;
			if ((l.type === 'address' || l.type === 'endpoint') && c >= s && c < e) out.splice(k, 1);
		}
	};
	const inPlaceholder = (i: number, len: number) => {
		const before = text.slice(0, i);
		const open = before.lastIndexOf('<');
		return (open > before.lastIndexOf('>') && text.indexOf('>', i + len) >= 0) || /\$\{[^}]*$/.test(before) || /\{\{[^}]*$/.test(before);
	};
	const code = seg.kind !== 'prose';
	const trimmed = text.trim();
	const block = seg.block;

	// Bind claims: --bind/-b ADDR:PORT, nginx `listen`, `ss` output, and any wildcard ADDR:PORT.
	const bindIdx = new Set<number>();
	if (/--bind|-b\s|\blisten\s/.test(text)) for (const m of text.matchAll(/(?:--bind[= ]|-b\s+|\blisten\s+)["']?((?:\[[^\]]+\]|[\d.]+|\*|localhost):\d{1,5}|\d{1,5})\b/g)) {
		const i = (m.index ?? 0) + m[0].indexOf(m[1]!);
		bindIdx.add(i);
		if (/^\d+$/.test(m[1]!) && /\blisten\s/.test(m[0])) add({ type: 'address', ip: '0.0.0.0', version: 4, port: Number(m[1]), role: 'bind' }, i, m[1]!);
		if (m[1]!.startsWith('localhost:')) add({ type: 'address', ip: '127.0.0.1', version: 4, port: Number(m[1]!.split(':')[1]), role: 'bind' }, i, m[1]!);
	}
	const ssLine = /^(#\s*)?(expected:\s*)?(tcp\s+|udp\s+)?(LISTEN|UNCONN)\b/i.test(trimmed);

	const hasV4 = /\d\.\d/.test(text);
	const hasV6 = text.includes('::') || /[0-9a-f]{1,4}:[0-9a-f]{1,4}:/i.test(text);
	if (hasV4) for (const m of text.matchAll(IPV4)) {
		const [raw, ip = '', prefix, port] = m;
		const i = m.index ?? 0;
		if (!isIPv4(ip) || inPlaceholder(i, raw.length)) continue;
		const role = bindIdx.has(i) || ssLine || isWildcard(ip) ? 'bind' : port ? 'connect' : 'mention';
		add({ type: 'address', ip, version: 4, prefix: prefix ? Number(prefix) : undefined, port: port ? Number(port) : undefined, role }, i, raw);
	}
	if (hasV6) for (const m of text.matchAll(IPV6)) {
		const [raw, , ip = '', port, prefix] = m;
		const i = m.index ?? 0;
		if (overlaps(i, i + raw.length) || !isIPv6(ip) || !/[0-9a-f]/i.test(ip) && ip !== '::') continue;
		if (ip === '::' && !(raw.startsWith('[') || /^::\s|\s::$/.test(` ${text} `.slice(i, i + 4)))) continue; // `::` in prose/code is rarely an address
		const role = bindIdx.has(i) || ssLine || isWildcard(ip) ? 'bind' : port ? 'connect' : 'mention';
		add({ type: 'address', ip, version: 6, prefix: prefix ? Number(prefix) : undefined, port: port ? Number(port) : undefined, role }, i, raw);
	}
	// `*:22` in ss output
	if (ssLine) for (const m of text.matchAll(/(?<![\w.:])\*:(\d{1,5})\b/g)) add({ type: 'address', ip: '0.0.0.0', version: 4, port: Number(m[1]), role: 'bind' }, m.index ?? 0, m[0]);

	// Image references (`image: x`, inline `repo:tag`, `docker pull|run x`).
	const imageIdx = new Set<number>();
	const imageLine = /^\s*-?\s*image:\s*["']?([^\s"'#]+)/.exec(text);
	if (imageLine?.[1]) {
		const i = text.indexOf(imageLine[1]);
		imageIdx.add(i);
		add({ type: 'image', ref: imageLine[1] }, i, imageLine[1]);
	} else if (seg.kind === 'inline' && /^[a-z0-9][\w./-]*(:[\w][\w.-]*)$/.test(trimmed) && (trimmed.includes('/') || /:[a-z]|:\d+(\.\d+)*(-[\w.]+)?$/i.test(trimmed)) && !/^(localhost|[\d.]+):/.test(trimmed)) {
		const i = text.indexOf(trimmed);
		// `postgres:15` may also be host:port; image-mismatch only looks at declared image repos
		if (!/^\d{2,5}$/.test(trimmed.split(':')[1] ?? '')) imageIdx.add(i);
		add({ type: 'image', ref: trimmed }, i, trimmed, false);
	}
	if (text.includes('docker')) for (const m of text.matchAll(/\bdocker\s+(?:pull|run\s+(?:-{1,2}[\w-]+(?:[= ](?!-)\S+)?\s+)*)([a-z0-9][\w./-]*:[\w.-]+)/g)) {
		const i = (m.index ?? 0) + m[0].lastIndexOf(m[1]!);
		imageIdx.add(i);
		add({ type: 'image', ref: m[1]! }, i, m[1]!);
	}

	// host:port endpoints whose host is a name (IP endpoints are addresses above).
	if (/[a-z0-9]:\d\d/i.test(text)) for (const m of text.matchAll(ENDPOINT)) {
		const [raw, host = '', port = ''] = m;
		const i = m.index ?? 0;
		if (overlaps(i, i + raw.length) || imageIdx.has(i) || /^\d+(\.\d+)*$/.test(host) || inPlaceholder(i, raw.length)) continue;
		if (/^(https?|ftp|ssh|tcp|udp|git|postgres(ql)?|mysql|redis|smtp|imap)$/i.test(host)) continue;
		if (host.toLowerCase() === 'localhost') {
			add({ type: 'address', ip: '127.0.0.1', version: 4, port: Number(port), role: bindIdx.has(i) ? 'bind' : 'connect' }, i, raw);
			continue;
		}
		add({ type: 'endpoint', host, port: Number(port) }, i, raw, false);
	}

	// N/tcp
	if (/\/(tcp|udp)/i.test(text)) for (const m of text.matchAll(PORT_PROTO)) {
		const port = Number(m[1]);
		if (port < 1 || port > 65535) continue;
		add({ type: 'port', port, protocol: m[2]!.toLowerCase() as 'tcp' | 'udp', negated: NEGATION.test(text) }, m.index ?? 0, m[0], false);
	}

	// Port mappings: -p / --publish, and `ports:` list items in compose.
	const mapping = (spec: string, i: number, raw: string, container?: string) => {
		const mm = /^(?:(\[[^\]]+\]|\d{1,3}(?:\.\d{1,3}){3}):)?(?:(\d{1,5}):)?(\d{1,5})(?:\/(tcp|udp))?$/.exec(spec);
		if (!mm) return;
		add({ type: 'mapping', hostIp: mm[1]?.replace(/^\[|\]$/g, ''), hostPort: mm[2] ? Number(mm[2]) : undefined, containerPort: Number(mm[3]), protocol: (mm[4] as 'tcp' | 'udp') ?? 'tcp', container }, i, raw, true);
	};
	if (/-p\s|--publish/.test(text)) for (const m of text.matchAll(/(?:^|\s)(?:-p|--publish)[ =]["']?([\w.:[\]/]+)["']?/g)) {
		const i = (m.index ?? 0) + m[0].indexOf(m[1]!);
		dropAddresses(i, i + m[1]!.length); // `-p 127.0.0.1:5000:5000` was read as an address first
		mapping(m[1]!, i, m[1]!);
	}
	if (block && seg.blockLine !== undefined) {
		const section = yamlSection(block.lines, seg.blockLine);
		const item = /^\s*-\s*["']?([^"'\s#]+)["']?\s*(#.*)?$/.exec(text);
		if (item?.[1] && section?.key === 'ports') {
			const i = text.indexOf(item[1]);
			dropAddresses(i, i + item[1].length);
			mapping(item[1], i, item[1], section.container);
		}
		if (item?.[1] && section?.key === 'networks' && /^[\w.-]+$/.test(item[1])) add({ type: 'network', name: item[1], composeLocal: true }, text.indexOf(item[1]), item[1], false);
		const cn = /^\s*container_name:\s*["']?([\w.-]+)/.exec(text);
		if (cn?.[1]) add({ type: 'container', name: cn[1] }, text.indexOf(cn[1], text.indexOf(':')), cn[1], false);
	}

	if (code && /docker|systemctl|journalctl|--net/.test(text)) {
		// docker <cmd> [flags] <container>
		for (const m of text.matchAll(DOCKER_CMD)) {
			const rest = text.slice((m.index ?? 0) + m[0].length);
			const tokens = [...rest.matchAll(/\S+/g)];
			for (let k = 0; k < tokens.length; k++) {
				const tok = tokens[k]![0];
				if (tok.startsWith('-')) {
					if (!tok.includes('=') && VALUE_FLAGS.has(tok)) k++;
					continue;
				}
				if (/^[A-Za-z0-9][\w.-]*$/.test(tok) && !/^(compose|container|image|network|volume|system)$/.test(tok)) {
					add({ type: 'container', name: tok }, (m.index ?? 0) + m[0].length + (tokens[k]!.index ?? 0), tok, false);
				}
				break;
			}
		}
		for (const m of text.matchAll(/\bdocker\s+network\s+(?:inspect|connect|disconnect|rm)\s+([A-Za-z0-9][\w.-]*)/g)) add({ type: 'network', name: m[1]!, composeLocal: false }, (m.index ?? 0) + m[0].lastIndexOf(m[1]!), m[1]!, false);
		for (const m of text.matchAll(/--net(?:work)?[= ]([A-Za-z0-9][\w.-]*)/g)) if (!/^(host|none|bridge)$/.test(m[1]!) && !m[1]!.startsWith('container')) add({ type: 'network', name: m[1]!, composeLocal: false }, (m.index ?? 0) + m[0].lastIndexOf(m[1]!), m[1]!, false);
		// systemctl/journalctl
		for (const m of text.matchAll(/\b(?:systemctl\s+(?:--\S+\s+)*(?:status|start|stop|restart|reload|enable|disable|is-active|is-enabled|cat|show|mask|unmask)(?:\s+--now)?|journalctl\s+(?:-\S+\s+)*?-u)\s+([A-Za-z0-9][\w@.:-]*)/g)) {
			const name = m[1]!.includes('.') && /\.(service|socket|timer|target|mount|path)$/.test(m[1]!) ? m[1]! : `${m[1]}.service`;
			add({ type: 'unit', name }, (m.index ?? 0) + m[0].lastIndexOf(m[1]!), m[1]!);
		}
	}
	if (/\.(service|socket|timer|target|mount|path)\b/.test(text)) for (const m of text.matchAll(UNIT)) {
		const i = m.index ?? 0;
		if (overlaps(i, i + m[0].length) || /\/$/.test(text.slice(0, i))) continue;
		add({ type: 'unit', name: m[1]! }, i, m[0]);
	}

	if (/[a-z0-9]\.[a-z]{2}/i.test(text)) for (const m of text.matchAll(DOMAIN)) {
		const raw = m[1]!;
		const i = m.index ?? 0;
		if (overlaps(i, i + raw.length) || FILE_EXT.test(raw) || /^\d/.test(raw.split('.').at(-1)!) || inPlaceholder(i, raw.length)) continue;
		add({ type: 'domain', name: raw.toLowerCase() }, i, raw, false);
	}

	// Name-like tokens in code and inline code, for near-miss checks.
	if (code || /_/.test(text)) {
		for (const m of text.matchAll(/(?<![\w.@/$-])([A-Za-z0-9][\w.-]{4,}[A-Za-z0-9])(?![\w@-]|\.\w|\/)/g)) {
			const raw = m[1]!;
			if (!code && !raw.includes('_')) continue;
			if (/^\d/.test(raw) && /^[\d.]+$/.test(raw)) continue;
			add({ type: 'token', name: raw }, m.index ?? 0, raw, false);
		}
	}
	return out;
}

/**
 * The YAML list a line of a compose snippet belongs to (`ports`, `networks`,
 * `expose`, …) and the `container_name` of its service, read upwards from the line.
 * @param lines
 *   The block's lines.
 * @param index
 *   Line index in the block.
 */
export function yamlSection(lines: string[], index: number): { key: string; container?: string | undefined } | undefined {
	const indent = (l: string) => l.length - l.trimStart().length;
	const self = lines[index] ?? '';
	if (!/^\s*-\s/.test(self)) return undefined;
	const own = indent(self);
	let key: string | undefined;
	let keyIndent = -1;
	for (let i = index - 1; i >= 0; i--) {
		const l = lines[i]!;
		if (!l.trim()) continue;
		const m = /^(\s*)([\w.-]+):\s*$/.exec(l);
		if (m && m[1]!.length <= own) {
			key = m[2];
			keyIndent = m[1]!.length;
			break;
		}
		if (!/^\s*-\s/.test(l) && indent(l) < own) return undefined;
	}
	if (!key) return undefined;
	let container: string | undefined;
	for (let i = index - 1; i >= 0; i--) {
		const l = lines[i]!;
		const cn = /^\s*container_name:\s*["']?([\w.-]+)/.exec(l);
		if (cn && indent(l) <= Math.max(keyIndent, 0) + 2) { container = cn[1]; break; }
		if (/^[\w.-]+:\s*$/.test(l) && keyIndent > 0) break; // previous service at column 0
	}
	if (!container) {
		for (let i = index + 1; i < lines.length; i++) {
			const l = lines[i]!;
			if (/^\S[\w.-]*:\s*$/.test(l)) break;
			const cn = /^\s*container_name:\s*["']?([\w.-]+)/.exec(l);
			if (cn) { container = cn[1]; break; }
		}
	}
	return { key, container };
}

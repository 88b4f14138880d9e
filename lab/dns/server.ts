// lab/dns/server.ts — a small authoritative DNS server (UDP) for the twins' public zones, so DNS facts can
// be verified against the lab. Answers A, AAAA, CNAME, MX, TXT, NS from a zone file written from the
// sources (lab/twins/files/zone.json), never from the docs' frontmatter. Names outside the zones: REFUSED;
// unknown names inside a zone: NXDOMAIN; known names without the type: NODATA. The wire format is
// dns-packet's; addresses are checked by the shared network module (lib/net.ts).
// Usage: node lab/dns/server.ts <zone.json> <address> [port]   (prints "ready" once listening)
import dgram from 'node:dgram';
import { readFileSync } from 'node:fs';
import { z } from 'astro/zod';
import * as dnsPacket from 'dns-packet';
import { parseAddress } from '../../lib/net.ts';

/** Record types the server answers. */
const RECORD_TYPES = ['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'NS'] as const;

/** One record of the zone file. */
const RecordSchema = z.object({
	/** Owner name (absolute, trailing dot optional). */
	name: z.string().min(1),
	/** Record type. */
	type: z.enum(RECORD_TYPES),
	/** Value: an address (A/AAAA), a name (CNAME/NS), "preference host" (MX) or text (TXT). */
	value: z.string(),
	/** TTL in seconds (the zone's default when absent). */
	ttl: z.number().int().nonnegative().optional(),
});

/** The zone file (lab/twins/files/zone.json). */
export const ZoneSchema = z.object({
	/** Zones the server is authoritative for. */
	zones: z.array(z.string().min(1)).min(1),
	/** Default TTL in seconds. */
	ttl: z.number().int().nonnegative().default(3600),
	/** The records. */
	records: z.array(RecordSchema),
});

/** A parsed zone file. */
export type Zone = z.infer<typeof ZoneSchema>;
/** One record of a zone. */
export type ZoneRecord = z.infer<typeof RecordSchema>;

/** DNS response codes the server sends (RFC 1035 §4.1.1). */
const RCODE = { FORMERR: 1, NXDOMAIN: 3, REFUSED: 5 } as const;

/** Lower-cases and strips the trailing dot of a name. */
export const norm = (n: string): string => n.toLowerCase().replace(/\.$/, '');

/** Fails unless `r`'s value fits its type (A: IPv4, AAAA: IPv6, MX: "preference host"). */
export function checkRecord(r: ZoneRecord): void {
	const ip = r.type === 'A' || r.type === 'AAAA' ? parseAddress(r.value) : undefined;
	if (r.type === 'A' && ip?.kind() !== 'ipv4') throw new Error(`bad A ${r.value} for ${r.name}: must be an IPv4 address`);
	if (r.type === 'AAAA' && ip?.kind() !== 'ipv6') throw new Error(`bad AAAA ${r.value} for ${r.name}: must be an IPv6 address`);
	if (r.type === 'MX' && !/^\d+\s+\S+$/.test(r.value)) throw new Error(`bad MX ${r.value} for ${r.name}: must be "preference host"`);
}

/** The answer record of `r` under owner name `owner`, as dns-packet encodes it. */
function toAnswer(r: ZoneRecord, owner: string, ttl: number): dnsPacket.Answer {
	const base = { name: owner, ttl: r.ttl ?? ttl, class: 'IN' as const };
	switch (r.type) {
		case 'MX': {
			const [pref = '0', exchange = ''] = r.value.split(/\s+/);
			return { ...base, type: 'MX', data: { preference: Number(pref), exchange: norm(exchange) } };
		}
		case 'TXT':
			return { ...base, type: 'TXT', data: r.value };
		case 'CNAME':
		case 'NS':
			return { ...base, type: r.type, data: norm(r.value) };
		default:
			return { ...base, type: r.type, data: r.value };
	}
}

/** The response packet to `query` from zone `z` (REFUSED outside the zones, NXDOMAIN, NODATA, answers). */
export function answer(query: dnsPacket.Packet, z: Zone): dnsPacket.Packet {
	const q = query.questions?.[0];
	const response: dnsPacket.Packet = {
		id: query.id ?? 0,
		type: 'response',
		flags: dnsPacket.AUTHORITATIVE_ANSWER | ((query.flags ?? 0) & dnsPacket.RECURSION_DESIRED),
		questions: q ? [q] : [],
		answers: [],
	};
	// dns-packet encodes the response code as the low 4 bits of `flags`
	const withRcode = (rcode: number): dnsPacket.Packet => ({ ...response, flags: (response.flags ?? 0) | rcode });
	if (!q) return withRcode(RCODE.FORMERR);
	const qname = norm(q.name);
	const inZone = z.zones.some((zn) => qname === norm(zn) || qname.endsWith(`.${norm(zn)}`));
	if (!inZone) return withRcode(RCODE.REFUSED);
	const answers: dnsPacket.Answer[] = [];
	let name = qname;
	for (let hops = 0; hops < 8; hops++) {
		const recs = z.records.filter((r) => norm(r.name) === name);
		if (!recs.length) {
			if (!answers.length) return withRcode(RCODE.NXDOMAIN);
			break;
		}
		const cname = recs.find((r) => r.type === 'CNAME');
		if (cname && q.type !== 'CNAME') {
			answers.push(toAnswer(cname, name, z.ttl));
			name = norm(cname.value);
			continue;
		}
		for (const r of recs) if (r.type === q.type) answers.push(toAnswer(r, name, z.ttl));
		break;
	}
	return { ...response, answers };
}

/** Reads and checks a zone file; the error names the file and what is wrong. */
export function loadZone(file: string): Zone {
	const parsed = ZoneSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
	if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
	for (const r of parsed.data.records) checkRecord(r);
	return parsed.data;
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const [zoneFile, address, port = '53'] = process.argv.slice(2);
	if (!zoneFile || !address) {
		console.error('usage: node lab/dns/server.ts <zone.json> <address> [port]');
		process.exit(2);
	}
	const zone = loadZone(zoneFile);
	const sock = dgram.createSocket(parseAddress(address)?.kind() === 'ipv6' ? 'udp6' : 'udp4');
	sock.on('message', (msg, rinfo) => {
		let query: dnsPacket.Packet;
		try {
			query = dnsPacket.decode(msg);
		} catch {
			return; // not a DNS message: no answer
		}
		if (query.type !== 'query' || query.questions?.length !== 1) return;
		try {
			sock.send(dnsPacket.encode(answer(query, zone)), rinfo.port, rinfo.address);
		} catch (e) {
			console.error(`dns: ${(e as Error).message}`);
		}
	});
	sock.on('error', (e) => {
		console.error(`dns: ${e.message}`);
		process.exit(1);
	});
	sock.bind(Number(port), address, () => console.log('ready'));
	for (const s of ['SIGTERM', 'SIGINT'] as const) process.on(s, () => process.exit(0));
}

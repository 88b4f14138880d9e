// lab/dns/server.mjs — a small authoritative DNS server (UDP) for the twins' public zones, so DNS facts can
// be verified against the lab. Answers A, AAAA, CNAME, MX, TXT, NS from a zone file written from the
// sources (lab/twins/files/zone.json), never from the docs' frontmatter. Names outside the zones: REFUSED;
// unknown names inside a zone: NXDOMAIN; known names without the type: NODATA.
// Usage: node lab/dns/server.mjs <zone.json> <address> [port]   (prints "ready" once listening)
import dgram from 'node:dgram';
import { readFileSync } from 'node:fs';
import { isIPv4, isIPv6 } from 'node:net';

const TYPES = { A: 1, NS: 2, CNAME: 5, SOA: 6, MX: 15, TXT: 16, AAAA: 28 };
const TYPE_NAME = Object.fromEntries(Object.entries(TYPES).map(([k, v]) => [v, k]));

/** Lower-cases and strips the trailing dot of a name. */
export const norm = (n) => n.toLowerCase().replace(/\.$/, '');

/** Encodes a domain name as DNS labels. */
export function encodeName(name) {
  const parts = norm(name).split('.').filter(Boolean);
  const bufs = parts.map((p) => { const b = Buffer.from(p, 'ascii'); if (b.length > 63) throw new Error(`label too long: ${p}`); return Buffer.concat([Buffer.from([b.length]), b]); });
  return Buffer.concat([...bufs, Buffer.from([0])]);
}

/** Encodes the RDATA of one record. */
export function encodeRdata(type, value) {
  switch (type) {
    case 'A': { if (!isIPv4(value)) throw new Error(`bad A ${value}`); return Buffer.from(value.split('.').map(Number)); }
    case 'AAAA': {
      if (!isIPv6(value)) throw new Error(`bad AAAA ${value}`);
      const [h, t = ''] = value.split('::');
      const hs = h ? h.split(':') : []; const ts = value.includes('::') ? (t ? t.split(':') : []) : [];
      const groups = value.includes('::') ? [...hs, ...Array(8 - hs.length - ts.length).fill('0'), ...ts] : hs;
      const b = Buffer.alloc(16); groups.forEach((g, i) => b.writeUInt16BE(parseInt(g, 16), i * 2)); return b;
    }
    case 'CNAME': case 'NS': return encodeName(value);
    case 'MX': { const [pref, host] = String(value).split(/\s+/); const b = Buffer.alloc(2); b.writeUInt16BE(Number(pref)); return Buffer.concat([b, encodeName(host)]); }
    case 'TXT': {
      const s = Buffer.from(String(value), 'utf8'); const chunks = [];
      for (let i = 0; i < s.length || i === 0; i += 255) { const c = s.subarray(i, i + 255); chunks.push(Buffer.from([c.length]), c); if (s.length === 0) break; }
      return Buffer.concat(chunks);
    }
    default: throw new Error(`unsupported type ${type}`);
  }
}

/** Parses the question of a query: {id, rd, name, qtype, end} or null. */
export function parseQuery(msg) {
  if (msg.length < 12) return null;
  const id = msg.readUInt16BE(0), flags = msg.readUInt16BE(2), qd = msg.readUInt16BE(4);
  if (flags & 0x8000 || qd !== 1) return null;
  let o = 12; const labels = [];
  while (o < msg.length) {
    const l = msg[o++]; if (l === 0) break; if (l > 63 || o + l > msg.length) return null;
    labels.push(msg.subarray(o, o + l).toString('ascii')); o += l;
  }
  if (o + 4 > msg.length) return null;
  return { id, rd: flags & 0x0100, name: norm(labels.join('.')), qtype: msg.readUInt16BE(o), end: o + 4 };
}

/** Builds the response to query q from zone z ({zones:[…], ttl, records:[{name,type,value,ttl?}]}). */
export function answer(msg, q, z) {
  const inZone = z.zones.some((zn) => q.name === norm(zn) || q.name.endsWith(`.${norm(zn)}`));
  const rrs = []; let rcode = 0;
  if (!inZone) rcode = 5;
  else {
    const byName = (n) => z.records.filter((r) => norm(r.name) === n);
    let name = q.name; const qt = TYPE_NAME[q.qtype];
    for (let hops = 0; hops < 8; hops++) {
      const recs = byName(name);
      if (!recs.length) { if (!rrs.length) rcode = 3; break; }
      const cname = recs.find((r) => r.type === 'CNAME');
      if (cname && qt !== 'CNAME') { rrs.push({ ...cname, owner: name }); name = norm(cname.value); continue; }
      for (const r of recs) if (r.type === qt) rrs.push({ ...r, owner: name });
      break;
    }
  }
  const head = Buffer.alloc(12);
  head.writeUInt16BE(q.id, 0); head.writeUInt16BE(0x8000 | 0x0400 | q.rd | rcode, 2);
  head.writeUInt16BE(1, 4); head.writeUInt16BE(rrs.length, 6);
  const body = rrs.map((r) => {
    const rd = encodeRdata(r.type, r.value); const fixed = Buffer.alloc(10);
    fixed.writeUInt16BE(TYPES[r.type], 0); fixed.writeUInt16BE(1, 2); fixed.writeUInt32BE(r.ttl ?? z.ttl ?? 3600, 4); fixed.writeUInt16BE(rd.length, 8);
    return Buffer.concat([encodeName(r.owner), fixed, rd]);
  });
  return Buffer.concat([head, msg.subarray(12, q.end), ...body]);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [zoneFile, address, port = '53'] = process.argv.slice(2);
  if (!zoneFile || !address) { console.error('usage: server.mjs <zone.json> <address> [port]'); process.exit(2); }
  const zone = JSON.parse(readFileSync(zoneFile, 'utf8'));
  for (const r of zone.records) encodeRdata(r.type, r.value); // validate once at start
  const sock = dgram.createSocket(isIPv6(address) ? 'udp6' : 'udp4');
  sock.on('message', (msg, rinfo) => {
    const q = parseQuery(msg); if (!q) return;
    try { sock.send(answer(msg, q, zone), rinfo.port, rinfo.address); } catch (e) { console.error(`dns: ${e.message}`); }
  });
  sock.on('error', (e) => { console.error(`dns: ${e.message}`); process.exit(1); });
  sock.bind(Number(port), address, () => console.log('ready'));
  for (const s of ['SIGTERM', 'SIGINT']) process.on(s, () => process.exit(0));
}

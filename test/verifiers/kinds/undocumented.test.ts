import { describe, expect, test } from 'vitest';
import { findUndocumented } from '../../../verifiers/kinds/undocumented.ts';
import type { ObservedSocket } from '../../../verifiers/observation.ts';
import { fact, obs } from '../helpers.ts';

const sock = (port: number, bind: string, processes: string[], protocol: 'tcp' | 'udp' = 'tcp'): ObservedSocket => ({ protocol, bind, rawBind: bind, port, processes });
const host = fact('hosts', { id: 'h1', ignore: { ports: ['32768:60999'], processes: ['chronyd'] } }, 'h1', 3);

describe(findUndocumented, () => {
	test.each([
		['a documented socket', [sock(22, '*', ['sshd'])], []],
		['an undocumented public port', [sock(9999, '*', ['python3'])], ['sockets/undocumented tcp/9999 on *']],
		['a port in the host ignore range', [sock(40000, '*', ['node'])], []],
		['an ignored process', [sock(323, '127.0.0.1', ['chronyd'], 'udp')], []],
		['container-engine DNS (aardvark-dns)', [sock(53, '172.18.0.1', ['aardvark-dns'], 'udp')], []],
		['engine DNS sharing a port with an undocumented process', [sock(53, '172.18.0.1', ['aardvark-dns', 'dnsmasq'], 'udp')], ['sockets/undocumented udp/53 on 172.18.0.1']],
	])('%s', (_name, sockets, expected) => {
		const out = findUndocumented('h1', [host, fact('sockets', { port: 22, bind: '0.0.0.0' })], obs({ sockets }));
		expect(out.map((f) => `${f.ruleId} ${f.observed?.split(' (')[0]}`)).toEqual(expected);
		for (const f of out) expect(f).toMatchObject({ outcome: 'undocumented', host: 'h1', file: host.file, line: 3 });
	});
});

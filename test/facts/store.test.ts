import { describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { formatFactError, loadFactStore } from '../../model/facts/store.ts';
import { ROOT } from '../helpers/lab.ts';

const fixture = (name: string) => join(ROOT, 'test', 'fixtures', 'stores', name);

describe('fact store', () => {
	test('collects facts with file, line, host and shared slug', () => {
		const store = loadFactStore(fixture('clean'));
		expect(store.errors).toEqual([]);
		const ssh = store.facts.get('gm-vserver/socket/tcp:22');
		expect(ssh).toMatchObject({ kind: 'sockets', host: 'gm-vserver', estate: 'grocerymate', file: 'content/docs/de/est/host.mdx', line: 10, lang: 'de', slug: 'est/host' });
		// the same fact on two pages is fine when both agree
		expect(store.facts.get('gm-vserver/socket/tcp:5432')?.file).toBe('content/docs/de/est/db.mdx');
		expect(store.bySlug.get('est/host')?.map((f) => f.id)).toEqual(['gm-vserver/host', 'gm-vserver/socket/tcp:22', 'gm-vserver/socket/tcp:5432']);
	});

	test('reports invalid values, unknown hosts, conflicts and facts in two languages with file:line', () => {
		const lines = loadFactStore(fixture('broken')).errors.map(formatFactError).sort();
		expect(lines).toEqual([
			'content/docs/de/est/db.mdx:7 — facts.sockets.1.host: unknown host "gm-vps"; declared hosts are: gm-vserver',
			'content/docs/de/est/db.mdx:9 — facts.addresses.0.address: must be an address with prefix length, e.g. 10.0.0.1/24 or 2001:db8::1/64',
			'content/docs/de/est/host.mdx:10 — facts.sockets.1: conflicts with the same fact (gm-vserver/socket/tcp:5432) declared in content/docs/de/est/db.mdx:6; make both declarations agree or remove one',
			'content/docs/en/est/host.mdx:5 — facts: the facts of "est/host" are already declared in content/docs/de/est/host.mdx; declare them in one language version only (the translation shows them automatically)',
		]);
	});
});

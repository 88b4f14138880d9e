/**
 * The verifier's messages in both site languages: every template of every kind (and of
 * the undocumented checks) has a German counterpart using only its placeholders, and a
 * finding's `messageId` + `data` render the same English text the terminal prints and a
 * German text without English template words.
 */
import { describe, expect, test } from 'vitest';
import { KindsMap } from '../../verifiers/kinds/index.ts';
import { UNDOCUMENTED_MESSAGES, findUndocumented } from '../../verifiers/kinds/undocumented.ts';
import { FindingBuilder } from '../../verifiers/kinds/kind.ts';
import { MESSAGES_DE, SITE_EN, placeholders } from '../../src/verification/i18n/verifier-messages.ts';
import { fill, findingText, findingTodo } from '../../src/verification/finding-text.ts';
import type { DeclaredFact } from '../../model/facts/store.ts';
import type { HostObservation } from '../../verifiers/observation.ts';

const english: [string, string][] = [
	...Object.values(KindsMap).flatMap((k) => Object.entries(k.meta.messages).map(([id, t]) => [`${k.kind}/${id}`, t] as [string, string])),
	...Object.entries(UNDOCUMENTED_MESSAGES).map(([id, t]) => [`undocumented/${id}`, t] as [string, string]),
];

describe('German verifier messages', () => {
	test('there are templates to translate', () => expect(english.length).toBeGreaterThan(60));
	test.each(english)('%s has a German template with only its placeholders', (id, en) => {
		const de = MESSAGES_DE[id];
		expect(de, `add "${id}" to MESSAGES_DE`).toBeTypeOf('string');
		for (const p of placeholders(de!)) expect(placeholders(en)).toContain(p);
		expect(de).not.toBe(en);
	});
	test('no German template without an English one', () => {
		const ids = new Set(english.map(([id]) => id));
		for (const id of [...Object.keys(MESSAGES_DE), ...Object.keys(SITE_EN)]) expect(ids.has(id), id).toBe(true);
	});
	test.each(Object.entries(SITE_EN))('site English %s: no configuration jargon, only known placeholders', (id, t) => {
		expect(t).not.toMatch(/ignore\.|\.ports|\.containers/);
		for (const p of placeholders(t)) expect(placeholders(english.find(([i]) => i === id)![1])).toContain(p);
	});
});

// a socket fact as the store declares it (tcp/5000 on 127.0.0.1)
const socketFact = (): DeclaredFact<'sockets'> =>
	({ id: 'h1/socket/tcp:5000', kind: 'sockets', host: 'h1', estate: 'e', value: { host: 'h1', protocol: 'tcp', port: 5000, bind: '127.0.0.1', status: 'current' }, file: 'content/docs/de/x.mdx', line: 3, lang: 'de', slug: 'x' });

describe('findings carry message id and data', () => {
	test('a drift finding renders the terminal text in English and a German sentence in German', () => {
		const b = new FindingBuilder(socketFact(), KindsMap.sockets.meta);
		const [f] = b.drift('bind', 'bind', '127.0.0.1', '0.0.0.0', { proto: 'tcp', port: 5000 }).out;
		expect(f).toMatchObject({ messageId: 'sockets/bind', data: { host: 'h1', proto: 'tcp', port: '5000', expected: '127.0.0.1', observed: '0.0.0.0' } });
		expect(fill(KindsMap.sockets.meta.messages.bind!, f!.data!)).toBe(f!.message);
		expect(findingText(f!, 'en').text).toBe(f!.message);
		expect(findingText(f!, 'de').text).toBe('tcp/5000 auf h1 ist an 0.0.0.0 gebunden, dokumentiert ist 127.0.0.1.');
	});
	test('an undocumented container: German text, plain-English text without jargon, advice with a guide link', () => {
		const obs = { problems: {}, containers: [{ name: 'dovecot', image: 'ghcr.io/mailcow/dovecot:2.33', state: 'running', ports: [] }] } as unknown as HostObservation;
		const [f] = findUndocumented('h1', [], obs);
		expect(f).toMatchObject({ outcome: 'undocumented', messageId: 'undocumented/container', data: { name: 'dovecot' } });
		expect(f!.message).toContain('ignore.containers'); // the terminal keeps its advice
		expect(findingText(f!, 'en').text).toBe('Container dovecot (ghcr.io/mailcow/dovecot:2.33, running) runs on h1; no page declares it as a fact.');
		expect(findingText(f!, 'de').text).toBe('Der Container dovecot (ghcr.io/mailcow/dovecot:2.33, running) läuft auf h1; keine Seite deklariert ihn als Fakt.');
		expect(findingTodo(f!, 'de')).toMatchObject({ href: '/de/verification/guide/#undocumented' });
		expect(findingTodo(f!, 'en')!.text).not.toMatch(/ignore\./);
	});
	test.each([
		['verified', 'documented and observed agree', 'Seite und Server stimmen überein.', undefined],
		['planned', 'planned: described for the future, not checked', 'Geplant: für die Zukunft beschrieben, wird noch nicht geprüft.', undefined],
		['unverified', 'process not checked: ss ran without root', 'Dieser Fakt konnte nicht geprüft werden.', 'process not checked: ss ran without root'],
	] as const)('free-text %s finding: German sentence, the English cause only as detail', (outcome, message, de, detail) => {
		const f = { outcome, kind: 'sockets', ruleId: 'sockets/x', host: 'h1', message } as const;
		expect(findingText(f, 'de')).toEqual({ text: de, ...(detail ? { detail } : {}) });
		expect(findingText(f, 'en').text).toBe(message);
	});
});

/**
 * The real content's provenance: every fact says where it comes from, every decision it
 * cites exists on its estate's Known discrepancies page (in both languages), facts that
 * only a twin could have told are assumptions, free text shown on both language versions
 * is translated, and no fact id has a double slash.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT } from '../helpers/lab.ts';
import { loadFactStore } from '../../model/facts/store.ts';
import { isAssumption, markAssumptions, provenanceOf } from '../../model/schemas/provenance.ts';

const store = loadFactStore(ROOT);
const facts = [...store.facts.values()];

/** Entry numbers of an estate's Known discrepancies page in one language (`### 7.` or `| 7 |`). */
const decisions = (lang: string, estate: string): Set<number> => {
	const text = readFileSync(join(ROOT, 'content', 'docs', lang, estate, 'reference', 'known-discrepancies.mdx'), 'utf8');
	return new Set([...text.matchAll(/^(?:###\s+(\d+)\.|\|\s*(\d+)\s*\|)/gm)].map((m) => Number(m[1] ?? m[2])));
};

describe('provenance of the real content', () => {
	test('the store has no errors', () => {
		expect(store.errors).toEqual([]);
	});

	test('every fact names its provenance', () => {
		expect(facts.filter((f) => provenanceOf(f.value).length === 0).map((f) => `${f.file}:${f.line} ${f.id}`)).toEqual([]);
	});

	test.each([['de'], ['en']])('every cited decision exists on the Known discrepancies page (%s)', (lang) => {
		const missing = facts.flatMap((f) => provenanceOf(f.value).flatMap((p) =>
			'decision' in p && !decisions(lang, f.estate!).has(p.decision) ? [`${f.file}:${f.line} ${f.id} → decision ${p.decision}`] : []));
		expect(missing).toEqual([]);
	});

	test('the staging VM sockets, the extra Mailcow volumes and the NPM network are assumptions, not plain facts', () => {
		const ids = facts.filter((f) => isAssumption(f.value)).map((f) => f.id).sort();
		expect(ids).toEqual([
			'gm-vserver/volume/mailcowdockerized_crypt-vol-1', 'gm-vserver/volume/mailcowdockerized_postfix-vol-1',
			'gm-vserver/volume/mailcowdockerized_sogo-web-vol-1', 'nb-revproxy/network/nginx-proxy-manager_default',
			'nb-staging/socket/tcp:22', 'nb-staging/socket/tcp:5000',
		]);
	});

	test('the verification account is marked as this project\'s addition', () => {
		const sshd = store.facts.get('nb-vps/sshd')!;
		expect(sshd.kind === 'sshd' && sshd.value.allowUsers).toContain('verifier');
		expect(provenanceOf(sshd.value).some((p) => 'project' in p)).toBe(true);
	});

	test('no note says it was taken from discovery or the lab', () => {
		const texts = facts.map((f) => JSON.stringify(['note' in f.value ? f.value.note : undefined, f.value.source]));
		expect(texts.filter((t) => /taken from (discovery|the lab)|--discover/i.test(t))).toEqual([]);
	});
});

describe('free text in both languages', () => {
	test('socket notes, host providers and roles (shown on both language versions) are translated', () => {
		const untranslated = facts.flatMap((f) => {
			const fields = f.kind === 'hosts' ? ['provider', 'role'] : f.kind === 'sockets' || f.kind === 'containers' ? ['note'] : [];
			const value: Record<string, unknown> = f.value;
			return fields.filter((k) => typeof value[k] === 'string').map((k) => `${f.file}:${f.line} ${f.id}.${k}`);
		});
		expect(untranslated).toEqual([]);
	});

	test('fact ids have no double slash', () => {
		expect(facts.map((f) => f.id).filter((id) => id.includes('//') && !/^http\//.test(id))).toEqual([]);
	});
});

describe(markAssumptions, () => {
	test('marks exactly the findings of facts whose provenance has an assumption', () => {
		const facts = new Map([
			['a', { value: { source: { assumption: 'confirm' } } }],
			['b', { value: { source: [{ doc: '002', section: 'Overview' }] } }],
		]);
		const findings: { factId?: string; assumption?: boolean }[] = [{ factId: 'a' }, { factId: 'b' }, {}, { factId: 'unknown' }];
		const out = markAssumptions(findings, facts);
		expect(out.map((f) => f.assumption)).toEqual([true, undefined, undefined, undefined]);
	});
});

/**
 * The site's report views rendered with the Astro container API from a hostile report
 * (every string a server or a forged shard report could put there: HTML, Markdown,
 * ANSI/OSC escapes, bidi overrides, NUL, workflow commands): nothing renders as markup
 * or as a raw control character. The PDF is printed from the same components
 * (PrintBook → ReportView, HostOverview, FactTable), so this covers its text too.
 * Also: a report older than VERIFY_MAX_AGE never shows "verified" (badge and tables say "stale").
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { experimental_AstroContainer as AstroContainer } from 'astro/container';
import { factsOfKind, loadFactStore } from '../../model/facts/store.ts';
import type { Finding, VerifyReport } from '../../model/report/schema.ts';
import FindingTable from '../../src/components/FindingTable.astro';
import FactTable from '../../src/components/FactTable.astro';
import StatusBadge from '../../src/components/StatusBadge.astro';
import Fact from '../../src/components/Fact.astro';
import ReportView from '../../src/components/ReportView.astro';
import HostOverview from '../../src/components/HostOverview.astro';
import PrintBook from '../../src/components/PrintBook.astro';
import { isStale, maxAgeHours, pageStatus } from '../../src/verification/status.ts';
import { ALL_HOSTILE, HOSTILE } from './render-checks.ts';
import { fromHtmlIsomorphic } from 'hast-util-from-html-isomorphic';
import { visit } from 'unist-util-visit';

const ROOT = join(import.meta.dirname, '..', '..');
const store = loadFactStore(ROOT);
const facts = [...store.facts.values()].filter((f) => f.value.status !== 'planned');
const host = factsOfKind(facts, 'hosts').find((f) => facts.some((g) => g.host === f.value.id && g.kind === 'containers'))!;
const hostId = host.value.id;
const mine = facts.filter((f) => f.host === hostId);
const container = mine.find((f) => f.kind === 'containers')!;
const cert = mine.find((f) => f.kind === 'certificates');

/** A report in which every fact of the host drifted to a hostile observed value, and hostile hosts/keys/messages. */
function hostileReport(at = new Date()): VerifyReport {
	const findings: Finding[] = mine.map((f) => ({ outcome: 'drift', kind: f.kind, ruleId: `${f.kind}/x${HOSTILE.html}`, factId: f.id, host: f.host, file: f.file, line: f.line, expected: ALL_HOSTILE, observed: ALL_HOSTILE, message: ALL_HOSTILE, waiver: { reason: ALL_HOSTILE, owner: HOSTILE.script, expires: '2099-01-01', expired: false } }));
	findings.push({ outcome: 'undocumented', kind: 'containers', ruleId: 'containers/undocumented', host: hostId, observed: ALL_HOSTILE, message: ALL_HOSTILE });
	findings.push({ outcome: 'unverified', kind: 'host', ruleId: 'host/timeout', host: `evil${HOSTILE.html}`, file: `content/docs/en/${HOSTILE.html}.md`, line: 1, message: ALL_HOSTILE });
	return {
		version: 1, target: `lab${HOSTILE.html}${HOSTILE.ansi}`, startedAt: at.toISOString(), finishedAt: at.toISOString(), commit: HOSTILE.script, complete: false,
		source: { mode: 'replay', evidence: ALL_HOSTILE, observedAt: at.toISOString() },
		hosts: [
			{ id: hostId, state: 'reached', address: HOSTILE.html, durationMs: 5, hostKeys: [{ host: HOSTILE.html, type: HOSTILE.ansi, fingerprint: ALL_HOSTILE }] },
			{ id: `evil${HOSTILE.html}`, state: 'unreachable', address: HOSTILE.bidi, durationMs: 5, hostKeys: [], message: ALL_HOSTILE },
		],
		summary: { verified: 0, drift: findings.length - 2, unverified: 1, undocumented: 1, waived: 0, planned: 0 },
		findings,
	};
}

/** A report in which every fact verified, observed `hoursAgo` hours ago. */
function cleanReport(hoursAgo: number, mode: 'live' | 'replay' = 'replay'): VerifyReport {
	const at = new Date(Date.now() - hoursAgo * 3_600_000).toISOString();
	const findings: Finding[] = facts.map((f) => ({ outcome: 'verified', kind: f.kind, ruleId: `${f.kind}/fact`, factId: f.id, host: f.host, file: f.file, line: f.line, message: 'ok' }));
	return {
		version: 1, target: 'lab', startedAt: at, finishedAt: at, complete: true, source: mode === 'replay' ? { mode, evidence: 'e.json', observedAt: at } : { mode, observedAt: at },
		hosts: [], summary: { verified: findings.length, drift: 0, unverified: 0, undocumented: 0, waived: 0, planned: 0 }, findings,
	};
}

// eslint-disable-next-line no-control-regex -- finding control characters is what this check is for
const RAW_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** Rendered HTML carries the hostile text only as escaped text. */
function expectInert(html: string): void {
	const bad = RAW_CONTROL.exec(html);
	expect(bad, `raw control U+${bad?.[0].codePointAt(0)?.toString(16)} near ${JSON.stringify(html.slice(Math.max(0, (bad?.index ?? 0) - 60), (bad?.index ?? 0) + 20))}`).toBeNull();
	// parsed as a browser would: no element, attribute or link came from the report
	const tree = fromHtmlIsomorphic(html, { fragment: true });
	visit(tree, 'element', (el) => {
		expect(['img', 'script', 'iframe', 'object', 'embed'], `<${el.tagName}> element in ${html.slice(0, 200)}`).not.toContain(el.tagName);
		for (const [k, val] of Object.entries(el.properties ?? {})) {
			expect(k.toLowerCase().startsWith('on'), `event attribute ${k}`).toBe(false);
			if (k === 'href') expect(String(val)).not.toMatch(/^\s*javascript:/i);
		}
		if (el.tagName === 'strong') expect(JSON.stringify(el.children)).not.toContain('"md"');
	});
}

describe('site views render hostile report values as text', () => {
	let container_: AstroContainer;
	let dir: string;
	const saved = { report: process.env.VERIFY_REPORT, age: process.env.VERIFY_MAX_AGE };
	const useReport = (r: VerifyReport | string) => {
		const file = join(dir, `r-${Math.random().toString(36).slice(2)}.json`);
		writeFileSync(file, typeof r === 'string' ? r : JSON.stringify(r));
		process.env.VERIFY_REPORT = file;
	};

	beforeAll(async () => {
		container_ = await AstroContainer.create();
		dir = mkdtempSync(join(tmpdir(), 'robust-site-'));
	});
	afterEach(() => {
		if (saved.age === undefined) delete process.env.VERIFY_MAX_AGE;
		else process.env.VERIFY_MAX_AGE = saved.age;
	});
	afterAll(() => {
		if (saved.report === undefined) delete process.env.VERIFY_REPORT;
		else process.env.VERIFY_REPORT = saved.report;
		rmSync(dir, { recursive: true, force: true });
	});

	test('finding table, fact tables, inline facts, badges, host overview, report page', async () => {
		const report = hostileReport();
		useReport(report);
		const html = [
			await container_.renderToString(FindingTable, { props: { findings: report.findings, lang: 'en' } }),
			await container_.renderToString(FactTable, { props: { kind: 'containers', host: hostId, lang: 'en' } }),
			await container_.renderToString(FactTable, { props: { kind: 'hosts', host: hostId, lang: 'de' } }),
			...(cert ? [await container_.renderToString(FactTable, { props: { kind: 'certificates', host: hostId, lang: 'en' } })] : []),
			await container_.renderToString(Fact, { props: { id: container.id } }),
			await container_.renderToString(StatusBadge, { props: { facts: mine, lang: 'en', slug: container.slug } }),
			await container_.renderToString(ReportView, { props: { lang: 'en', report } }),
			await container_.renderToString(HostOverview, { props: { host: hostId, lang: 'en' } }),
			// the PDF's source document (its appendix: report, fact tables, host pages)
			await container_.renderToString(PrintBook, { props: { lang: 'en' } }),
		];
		for (const h of html) expectInert(h);
		const all = html.join('\n');
		// the hostile values are there, escaped, not dropped
		expect(all).toContain('&lt;img src=x onerror=alert(1)&gt;');
		expect(all).toContain('\\x1b[31mred');
		expect(all).toContain('\\u202e');
		expect(all).toContain('data-state="drift"');
	});

	test('a report older than VERIFY_MAX_AGE shows "stale", never "verified"', async () => {
		delete process.env.VERIFY_MAX_AGE;
		expect(maxAgeHours()).toBe(24);
		useReport(cleanReport(1));
		const fresh = await container_.renderToString(StatusBadge, { props: { facts: mine, lang: 'en', slug: container.slug } });
		expect(fresh).toContain('data-state="verified"');

		useReport(cleanReport(25));
		const badge = await container_.renderToString(StatusBadge, { props: { facts: mine, lang: 'en', slug: container.slug } });
		expect(badge).toContain('data-state="stale"');
		expect(badge).toMatch(/stale: last verified/);
		expect(badge).not.toContain('data-state="verified"');
		const table = await container_.renderToString(FactTable, { props: { kind: 'containers', host: hostId, lang: 'de' } });
		expect(table).toContain('data-state="stale"');
		expect(table).not.toContain('data-state="verified"');
		expect(table).toContain('veraltet');
		const inline = await container_.renderToString(Fact, { props: { id: container.id } });
		expect(inline).toContain('data-state="stale"');
		const page = await container_.renderToString(ReportView, { props: { lang: 'en' } });
		expect(page).toContain('data-field="stale"');

		// a live report is judged by when it ran; the limit is configurable
		useReport(cleanReport(25, 'live'));
		expect((await container_.renderToString(StatusBadge, { props: { facts: mine, lang: 'en' } }))).toContain('data-state="stale"');
		process.env.VERIFY_MAX_AGE = '48';
		expect((await container_.renderToString(StatusBadge, { props: { facts: mine, lang: 'en' } }))).toContain('data-state="verified"');
		process.env.VERIFY_MAX_AGE = '0.5';
		useReport(cleanReport(1));
		expect((await container_.renderToString(StatusBadge, { props: { facts: mine, lang: 'en' } }))).toContain('data-state="stale"');
	});

	test('stale is pure logic too: unreadable times are stale, bad VERIFY_MAX_AGE is an error, drift stays drift', () => {
		const now = Date.parse('2026-11-23T12:00:00Z');
		const r = cleanReport(0);
		r.source = { mode: 'replay', observedAt: '2026-11-22T11:59:00Z' };
		expect(isStale(r, now, {})).toBe(true);
		expect(isStale(r, now, { VERIFY_MAX_AGE: '25' })).toBe(false);
		r.source = { mode: 'replay', observedAt: 'not a date' };
		expect(isStale(r, now, {})).toBe(true);
		expect(() => maxAgeHours({ VERIFY_MAX_AGE: 'soon' })).toThrow(/VERIFY_MAX_AGE must be a positive number/);
		expect(() => maxAgeHours({ VERIFY_MAX_AGE: '-1' })).toThrow(/VERIFY_MAX_AGE/);
		const old = hostileReport(new Date(Date.now() - 100 * 3_600_000));
		expect(pageStatus(old, mine).state).toBe('drift');
		expect(pageStatus(cleanReport(100), mine)).toMatchObject({ state: 'stale', verified: 0, stale: mine.length });
	});

	test('a truncated or invalid report is rejected with a clear message, never trusted', async () => {
		const full = JSON.stringify(cleanReport(1));
		for (const text of [full.slice(0, Math.floor(full.length / 2)), '', '{"version":1}', JSON.stringify({ ...cleanReport(1), findings: 'x' })]) {
			useReport(text);
			await expect(container_.renderToString(StatusBadge, { props: { facts: mine, lang: 'en' } })).rejects.toThrow(/Verification report .* (is not valid JSON|has no|lacks)|rerun "npm run verify"/);
		}
	});
});

/** Reporter golden tests on a fixed report, including hostile host output. */
import { describe, expect, test } from 'vitest';
import type { VerifyReport } from '../../../model/report/schema.ts';
import { ReportersMap } from '../../../verifiers/reporters/all.ts';
import { escapeData, escapeProperty } from '../../../verifiers/reporters/shared.ts';
import { exitCodeOf } from '../../../verifiers/policy.ts';

const hostile = 'evil\u001b[31mRED\u001b[0m, 50% <b>&amp;</b>\r\nline2 `code` | pipe \u202etxt';
const report: VerifyReport = {
	version: 1, target: 'lab', startedAt: '2026-11-23T12:00:00.000Z', finishedAt: '2026-11-23T12:00:03.500Z', commit: '0123456789abcdef0123', complete: true,
	source: { mode: 'live', observedAt: '2026-11-23T12:00:00.000Z' },
	hosts: [
		{ id: 'gm-vserver', state: 'reached', address: '10.231.1.2', hostKeys: [{ host: 'gm-vserver', type: 'ssh-ed25519', fingerprint: 'SHA256:abc' }], durationMs: 900 },
		{ id: 'nb-vps', state: 'unreachable', address: '10.231.2.2', hostKeys: [], message: 'connect ECONNREFUSED 10.231.2.2:22', durationMs: 12 },
	],
	summary: { verified: 1, drift: 1, unverified: 1, undocumented: 1, waived: 1, planned: 0 },
	findings: [
		{ outcome: 'drift', kind: 'sockets', ruleId: 'sockets/bind', factId: 'gm-vserver/socket/tcp:5432', host: 'gm-vserver', file: 'content/docs/de/gm/docker.mdx', line: 14, expected: '127.0.0.1', observed: '0.0.0.0', message: 'tcp/5432 on gm-vserver is bound to 0.0.0.0, documented 127.0.0.1.', fails: true },
		{ outcome: 'waived', kind: 'hosts', ruleId: 'hosts/kernel', factId: 'gm-vserver/host', host: 'gm-vserver', file: 'content/docs/de/gm/docker.mdx', line: 5, expected: '6.8.0', observed: '6.18.44', message: 'Kernel differs.', waiver: { reason: 'twin', owner: 'lab', expires: '2099-12-31', expired: false }, fails: false },
		{ outcome: 'verified', kind: 'containers', ruleId: 'containers/fact', factId: 'gm-vserver/container/pg', host: 'gm-vserver', file: 'content/docs/de/gm/docker.mdx', line: 20, message: 'container pg is running', fails: false },
		{ outcome: 'undocumented', kind: 'containers', ruleId: 'containers/undocumented', host: 'gm-vserver', file: 'content/docs/de/gm/docker.mdx', line: 5, observed: hostile, message: `Container ${hostile} runs on gm-vserver but no page documents it.`, fails: false },
		{ outcome: 'unverified', kind: 'host', ruleId: 'host/unreachable', host: 'nb-vps', message: 'nb-vps unreachable (unreachable): connect ECONNREFUSED 10.231.2.2:22', fails: false },
	],
};

describe('escaping', () => {
	test('GitHub command data and properties', () => {
		expect(escapeData('a%b\r\nc')).toBe('a%25b%0D%0Ac');
		expect(escapeProperty('file:a,b%')).toBe('file%3Aa%2Cb%25');
	});
	test('no reporter lets a control character or ANSI sequence from a host through', () => {
		for (const [name, r] of Object.entries(ReportersMap)) {
			const out = r(report, { color: false });
			if (name === 'json') {
				// eslint-disable-next-line no-control-regex -- looks for a raw ESC in the JSON output
				expect(out).not.toMatch(/\u001b|\u202e/);
				expect(JSON.parse(out)).toEqual(report);
				continue;
			}
			// eslint-disable-next-line no-control-regex -- finding control characters is what this check is for
			expect(out, name).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202e]/);
		}
	});
	test('markdown and junit neutralise markup', () => {
		expect(ReportersMap.markdown(report)).not.toContain('<b>');
		expect(ReportersMap.junit(report)).toContain('&lt;b&gt;&amp;amp;&lt;/b&gt;');
	});
});

describe('reporters', () => {
	test('terminal groups by page, shows documented vs observed', () => {
		expect(ReportersMap.terminal(report, { color: false })).toMatchInlineSnapshot(`
			"content/docs/de/gm/docker.mdx
			    14  ✗ drift              sockets/bind               gm-vserver
			        tcp/5432 on gm-vserver is bound to 0.0.0.0, documented 127.0.0.1.
			        documented: 127.0.0.1   observed: 0.0.0.0
			     5  ~ waived             hosts/kernel               gm-vserver
			        Kernel differs.
			        documented: 6.8.0   observed: 6.18.44
			        waiver (until 2099-12-31, lab): twin
			     5  + undocumented (info) containers/undocumented    gm-vserver
			        Container evilRED, 50% <b>&amp;</b> ⏎ line2 \`code\` | pipe \\u202etxt runs on gm-vserver but no page documents it.
			        ✓ 1 fact verified

			(not declared on a page)
			        ? unverified         host/unreachable           nb-vps
			        nb-vps unreachable (unreachable): connect ECONNREFUSED 10.231.2.2:22

			Hosts
			  gm-vserver       reached     10.231.1.2         0.9 s  ssh-ed25519 SHA256:abc
			  nb-vps           unreachable 10.231.2.2         0.0 s  
			                   connect ECONNREFUSED 10.231.2.2:22

			Summary: 1 verified, 1 waived, 1 undocumented, 1 unverified, 1 drift — target lab, live, 1 host reached in 3.5 s
			"
		`);
	});
	test('github annotations on the fact line', () => {
		expect(ReportersMap.github(report)).toMatchInlineSnapshot(`
			"::error file=content/docs/de/gm/docker.mdx,line=14,title=drift%3A sockets/bind (gm-vserver)::tcp/5432 on gm-vserver is bound to 0.0.0.0, documented 127.0.0.1.%0Adocumented: 127.0.0.1%0Aobserved: 0.0.0.0
			::notice file=content/docs/de/gm/docker.mdx,line=5,title=waived%3A hosts/kernel (gm-vserver)::Kernel differs.%0Adocumented: 6.8.0%0Aobserved: 6.18.44
			::notice file=content/docs/de/gm/docker.mdx,line=5,title=undocumented%3A containers/undocumented (gm-vserver)::Container evilRED, 50%25 <b>&amp;</b> ⏎ line2 \`code\` | pipe \\u202etxt runs on gm-vserver but no page documents it.%0Adocumented: %0Aobserved: evilRED, 50%25 <b>&amp;</b> ⏎ line2 \`code\` | pipe \\u202etxt
			::warning title=unverified%3A host/unreachable (nb-vps)::nb-vps unreachable (unreachable): connect ECONNREFUSED 10.231.2.2:22
			"
		`);
	});
	test('junit', () => {
		expect(ReportersMap.junit(report)).toMatchInlineSnapshot(`
			"<?xml version="1.0" encoding="UTF-8"?>
			<testsuites name="verifier lab" tests="5" failures="1" skipped="3" timestamp="2026-11-23T12:00:00.000Z">
				<testsuite name="hosts" tests="1" failures="0" skipped="1">
					<testcase classname="host.nb-vps" name="host/unreachable nb-vps">
						<skipped message="unverified: nb-vps unreachable (unreachable): connect ECONNREFUSED 10.231.2.2:22"/>
					</testcase>
				</testsuite>
				<testsuite name="content/docs/de/gm/docker.mdx" tests="4" failures="1" skipped="2">
					<testcase classname="content/docs/de/gm/docker.mdx" name="sockets/bind gm-vserver/socket/tcp:5432" line="14">
						<failure message="tcp/5432 on gm-vserver is bound to 0.0.0.0, documented 127.0.0.1." type="drift">tcp/5432 on gm-vserver is bound to 0.0.0.0, documented 127.0.0.1. ⏎ documented: 127.0.0.1 ⏎ observed: 0.0.0.0</failure>
					</testcase>
					<testcase classname="content/docs/de/gm/docker.mdx" name="hosts/kernel gm-vserver/host" line="5">
						<skipped message="waived: Kernel differs."/>
					</testcase>
					<testcase classname="content/docs/de/gm/docker.mdx" name="containers/fact gm-vserver/container/pg" line="20"/>
					<testcase classname="content/docs/de/gm/docker.mdx" name="containers/undocumented evilRED, 50% &lt;b&gt;&amp;amp;&lt;/b&gt; ⏎ line2 \`code\` | pipe \\u202etxt" line="5">
						<skipped message="undocumented: Container evilRED, 50% &lt;b&gt;&amp;amp;&lt;/b&gt; ⏎ line2 \`code\` | pipe \\u202etxt runs on gm-vserver but no page documents it."/>
					</testcase>
				</testsuite>
			</testsuites>
			"
		`);
	});
	test('markdown', () => {
		expect(ReportersMap.markdown(report)).toMatchInlineSnapshot(`
			"## Verification against \`lab\`: drift found

			Observed 2026-11-23T12:00:00.000Z at commit \`0123456789ab\`.

			| outcome | count |
			| --- | ---: |
			| ✗ drift | 1 |
			| ? unverified | 1 |
			| + undocumented | 1 |
			| ~ waived | 1 |
			| … planned | 0 |
			| ✓ verified | 1 |

			| | where | host | rule | message | documented | observed |
			| --- | --- | --- | --- | --- | --- | --- |
			| ✗ drift | content/docs/de/gm/docker.mdx:14 | gm-vserver | sockets/bind | tcp/5432 on gm-vserver is bound to 0.0.0.0, documented 127.0.0.1. | 127.0.0.1 | 0.0.0.0 |
			| ~ waived | content/docs/de/gm/docker.mdx:5 | gm-vserver | hosts/kernel | Kernel differs. (waiver: twin, lab, until 2099-12-31) | 6.8.0 | 6.18.44 |
			| + undocumented | content/docs/de/gm/docker.mdx:5 | gm-vserver | containers/undocumented | Container evilRED, 50% &lt;b&gt;&amp;amp;&lt;/b&gt; ⏎ line2 \\\`code\\\` \\| pipe \\\\u202etxt runs on gm-vserver but no page documents it. |  | evilRED, 50% &lt;b&gt;&amp;amp;&lt;/b&gt; ⏎ line2 \\\`code\\\` \\| pipe \\\\u202etxt |
			| ? unverified |  | nb-vps | host/unreachable | nb-vps unreachable (unreachable): connect ECONNREFUSED 10.231.2.2:22 |  |  |

			| host | state | address | host key | time |
			| --- | --- | --- | --- | ---: |
			| gm-vserver | reached | 10.231.1.2 | ssh-ed25519 SHA256:abc | 0.9 s |
			| nb-vps | unreachable: connect ECONNREFUSED 10.231.2.2:22 | 10.231.2.2 |  | 0.0 s |
			"
		`);
	});
	test('colour only when asked', () => {
		expect(ReportersMap.terminal(report, { color: false })).not.toContain('\u001b[');
		expect(ReportersMap.terminal(report, { color: true })).toContain('\u001b[31m');
	});
});

describe('policy exit codes', () => {
	const base = { complete: true };
	test.each([
		['all verified', [{ outcome: 'verified' }], 0],
		['waived and planned are fine', [{ outcome: 'waived' }, { outcome: 'planned' }], 0],
		['informational undocumented is fine', [{ outcome: 'undocumented', fails: false }], 0],
		['drift', [{ outcome: 'drift' }, { outcome: 'unverified' }], 1],
		['failing undocumented', [{ outcome: 'undocumented', fails: true }], 1],
		['unverified only', [{ outcome: 'unverified' }], 2],
	] as const)('%s → %i', (_, findings, code) => {
		expect(exitCodeOf({ ...base, findings: findings as never })).toBe(code);
	});
});

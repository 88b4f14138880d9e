/** What a runbook page shows: block marks by position and hash, the summary line, strict builds. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkMdx from 'remark-mdx';
import { afterEach, describe, expect, test } from 'vitest';
import { extractSteps } from '../../runbooks/extract.ts';
import { blockMarks, runbookSummary } from '../../src/components/runbooks/results.ts';
import remarkRunbookSteps from '../../src/plugins/remark-runbook-steps.ts';
import type { RunbookReport, RunbookResult } from '../../model/report/runbooks.ts';

const PAGE = `---\ntitle: T\n---\n\n\`\`\`bash title="maciejpi@nb-vps"\nsudo systemctl status nordabiznes\n\`\`\`\n\n\`\`\`bash title="maciejpi@nb-vps" test="skip:internet"\nsudo apt update\n\`\`\`\n\n\`\`\`bash title="maciejpi@nb-vps"\nsudo nginx -t\n\`\`\`\n`;

function result(status: RunbookResult['status'], steps: Partial<RunbookResult['steps'][number]>[]): RunbookResult {
	const s = extractSteps(PAGE, 'p.mdx').steps;
	return {
		id: 'norda/runbooks/x', title: 'T', files: [], destructive: false, status, durationMs: 1,
		steps: s.map((x, i) => ({ file: 'p.mdx', line: x.line, index: x.index, hash: x.hash, session: 'maciejpi@nb-vps', status: 'passed', durationMs: 1, ...steps[i] })),
	};
}

describe('block marks', () => {
	test('passed, not testable with its label, failed with the detail', () => {
		const r = result('failed', [{}, { status: 'skipped', reason: 'internet' }, { status: 'failed', reason: 'exit', detail: 'exit status 1, expected 0' }]);
		expect(blockMarks(PAGE, 'p.mdx', r, 'en').map((m) => [m.status, m.text])).toEqual([
			['passed', '✓ passed in the lab'],
			['skipped', '○ not tested: needs internet'],
			['failed', '✗ failed in the lab: exit status 1, expected 0'],
		]);
		expect(blockMarks(PAGE, 'p.mdx', r, 'de')[1]!.text).toBe('○ nicht getestet: braucht Internet');
	});
	test('a block edited since the run is "changed", never passed', () => {
		const r = result('passed', [{}, { status: 'skipped', reason: 'internet' }, {}]);
		const edited = PAGE.replace('sudo nginx -t', 'sudo nginx -T');
		const marks = blockMarks(edited, 'p.mdx', r, 'en');
		expect(marks[2]).toEqual({ index: 3, status: 'changed', text: '△ changed since the last lab run' });
		expect(runbookSummary(r, marks, 'en', '2026-12-02T15:00:00Z')).toEqual({ state: 'changed', text: 'Ran against the lab on 2026-12-02 15:00 UTC: 1 of 3 steps passed, 1 not testable: needs internet, 1 changed since' });
	});
	test('summary of a passing run in German', () => {
		const r = result('passed', [{}, { status: 'skipped', reason: 'internet' }, {}]);
		expect(runbookSummary(r, blockMarks(PAGE, 'p.mdx', r, 'de'), 'de', '2026-12-02T15:00:00Z').text).toBe('Im Labor gelaufen am 2026-12-02 15:00 UTC: 2 von 3 Schritten bestanden, 1 nicht testbar: braucht Internet');
	});
});

describe('remark plugin', () => {
	const saved = { ...process.env };
	afterEach(() => {
		process.env = { ...saved };
	});
	function setup(status: RunbookResult['status'], steps: Partial<RunbookResult['steps'][number]>[]) {
		const dir = mkdtempSync(join(tmpdir(), 'rb-page-'));
		const file = join(dir, 'content/docs/en/norda/runbooks/x.mdx');
		mkdirSync(join(dir, 'content/docs/en/norda/runbooks'), { recursive: true });
		writeFileSync(file, PAGE);
		const report: RunbookReport = { version: 1, target: 'lab', startedAt: '2026-12-02T15:00:00Z', finishedAt: '2026-12-02T15:01:00Z', complete: true, summary: { passed: 0, failed: 0, skipped: 0, stub: 0, notRun: 0 }, runbooks: [result(status, steps)] };
		writeFileSync(join(dir, 'runbooks.json'), JSON.stringify(report));
		process.env.RUNBOOKS_REPORT = join(dir, 'runbooks.json');
		return file;
	}
	const run = (file: string) => {
		const tree = unified().use(remarkParse).use(remarkMdx).parse(PAGE.replace(/^---[\s\S]*?---\n/, ''));
		remarkRunbookSteps()(tree, { path: file });
		return tree;
	};
	test('inserts a mark after every command block and a print summary', () => {
		const tree = run(setup('passed', [{}, { status: 'skipped', reason: 'internet' }, {}]));
		const marks = tree.children.filter((n) => n.type === 'mdxJsxFlowElement').map((n) => (n as { children: { value: string }[] }).children[0]!.value);
		expect(marks).toEqual(['Ran against the lab on 2026-12-02 15:01 UTC: 2 of 3 steps passed, 1 not testable: needs internet', '✓ passed in the lab', '○ not tested: needs internet', '✓ passed in the lab']);
	});
	test('VERIFY=strict fails the build on a failed runbook', () => {
		const file = setup('failed', [{}, { status: 'skipped', reason: 'internet' }, { status: 'failed', detail: 'exit status 1, expected 0' }]);
		process.env.VERIFY = 'strict';
		expect(() => run(file)).toThrow('runbook norda/runbooks/x failed against the lab');
		process.env.VERIFY = 'off';
		expect(() => run(file)).not.toThrow();
	});
});

/**
 * Remark plugin: under every `user@host` command block, the block's result from the last lab run
 * (passed / failed / not tested with the reason / changed since the last run), and at the top of a
 * runbook page a print-only summary line (the PDF has no page-title badge). Under `VERIFY=strict`, a
 * runbook that failed in the lab fails the build, like drift.
 */
import { readFileSync } from 'node:fs';
import { visit } from 'unist-util-visit';
import type { Root, Code, Parent } from 'mdast';
import { parseMeta, parseSession } from '../../runbooks/annotations.ts';
import { blockMarks, pageRunbook, runbookSummary, siteRunbookReport, type Lang } from '../components/runbooks/results.ts';

/**
 * Language and slug of a content file (`…/content/docs/en/norda/runbooks/logs.mdx` → en, norda/runbooks/logs).
 * @param path
 *   File path.
 */
export function pageOf(path: string): { lang: Lang; slug: string } | undefined {
	const m = /content\/docs\/(de|en)\/(.+)\.mdx?$/.exec(path.replace(/\\/g, '/'));
	return m?.[2] ? { lang: m[1] as Lang, slug: m[2] } : undefined;
}

function node(mdx: boolean, cls: string, status: string, text: string) {
	if (!mdx) return { type: 'html', value: `<p class="${cls}" data-status="${status}">${text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`)}</p>` };
	return {
		type: 'mdxJsxFlowElement',
		name: 'p',
		attributes: [
			{ type: 'mdxJsxAttribute', name: 'class', value: cls },
			{ type: 'mdxJsxAttribute', name: 'data-status', value: status },
		],
		children: [{ type: 'text', value: text }],
	};
}

/** The plugin (no options). */
export default function remarkRunbookSteps() {
	return (tree: Root, file: { path?: string; history?: string[] }) => {
		const path = file.path ?? file.history?.[0];
		const page = path ? pageOf(path) : undefined;
		if (!path || !page) return;
		let source: string;
		try {
			source = readFileSync(path, 'utf8');
		} catch {
			return;
		}
		const report = siteRunbookReport();
		const result = pageRunbook(report, page.slug);
		const marks = blockMarks(source, path, result, page.lang);
		if (!marks.length) return;
		if (process.env.VERIFY === 'strict' && result?.status === 'failed') {
			throw new Error(`${path}: runbook ${page.slug} failed against the lab (reports/runbooks.json): ${result.error ?? result.steps.filter((s) => s.status === 'failed').map((s) => `${s.file}:${s.line} ${s.detail ?? s.reason ?? ''}`).join('; ')}. Fix the page or the twin and run npm run runbooks.`);
		}
		const mdx = path.endsWith('.mdx');
		const inserts: { parent: Parent; index: number; mark: (typeof marks)[number] }[] = [];
		let i = 0;
		visit(tree, 'code', (code: Code, index, parent) => {
			if (!parseSession(parseMeta(code.meta).title)) return;
			const mark = marks[i++];
			if (mark && parent && index !== undefined) inserts.push({ parent, index, mark });
		});
		for (const { parent, index, mark } of inserts.reverse()) {
			parent.children.splice(index + 1, 0, node(mdx, 'rb-step not-content', mark.status, mark.text) as never);
		}
		if (result || page.slug.split('/')[1] === 'runbooks') {
			const s = runbookSummary(result, marks, page.lang, report?.finishedAt);
			tree.children.unshift(node(mdx, 'rb-summary-print', s.state, s.text) as never);
		}
	};
}

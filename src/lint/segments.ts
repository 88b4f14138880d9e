/**
 * Splits a Markdown/MDX tree into line segments the extractors read: prose text,
 * inline code and code-block lines, each with its file position and the host the
 * line talks about. Pure (no file access).
 */
import type { FactIndex } from './fact-index.ts';
import { hostsOfAddress } from './fact-index.ts';
import type { CodeBlock, Segment, SegmentKind } from './types.ts';

/** The part of an mdast node the splitter reads. */
export interface MdNode {
	type: string;
	value?: string | undefined;
	lang?: string | null | undefined;
	meta?: string | null | undefined;
	children?: MdNode[] | undefined;
	position?: { start: { line: number; column: number; offset?: number | undefined }; end: { line: number; column: number } } | undefined;
}

/** Node types whose content is not page text (imports, JSX expressions, frontmatter, raw HTML). */
const SKIP = new Set(['mdxjsEsm', 'mdxFlowExpression', 'mdxTextExpression', 'yaml', 'toml', 'html', 'definition']);

/** Languages whose blocks describe a container, not the host. */
const CONTAINER_LANGS = new Set(['dockerfile', 'docker', 'compose']);

/**
 * Host id named by `title="user@host-id"` in a code block's meta.
 * @param meta
 *   The info string after the language.
 * @param ix
 *   Known hosts.
 */
export function hostFromMeta(meta: string | null | undefined, ix: FactIndex | undefined): string | undefined {
	const m = /title=(?:"([^"]*)"|'([^']*)'|(\S+))/.exec(meta ?? '');
	const title = m?.[1] ?? m?.[2] ?? m?.[3];
	const at = title ? /^[\w.-]+@([a-z0-9][a-z0-9-]*)$/.exec(title.trim()) : null;
	if (!at?.[1]) return undefined;
	return !ix || ix.hosts.has(at[1]) ? at[1] : undefined;
}

/**
 * Host a line names: a host id, hostname or label (`OVH VPS`) written on it.
 * @param text
 *   The line.
 * @param ix
 *   Known hosts.
 */
export function hostNamedOn(text: string, ix: FactIndex | undefined): string | undefined {
	if (!ix) return undefined;
	const lower = text.toLowerCase();
	let hit: string | undefined;
	for (const [id, re] of hostPatterns(ix)) {
		if (!re.test(lower)) continue;
		if (hit) return undefined; // two hosts named: no single context
		hit = id;
	}
	return hit;
}

const patternCache = new WeakMap<FactIndex, [string, RegExp][]>();
/** One case-insensitive pattern per host matching its id, hostname or label (cached per index). */
function hostPatterns(ix: FactIndex): [string, RegExp][] {
	let p = patternCache.get(ix);
	if (p) return p;
	const esc = (s: string) => s.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	p = [...ix.hosts].map(([id, f]) => {
		const names = [id, f.value.hostname, f.value.label?.replace(/\s*\(.*\)\s*$/, '')].filter((n): n is string => !!n && n.length >= 4);
		return [id, new RegExp(`(^|[^\\w-])(${names.map(esc).join('|')})($|[^\\w-])`)] as [string, RegExp];
	});
	patternCache.set(ix, p);
	return p;
}

/** Target host of `ssh [opts] user@target`. */
function sshTarget(line: string, ix: FactIndex | undefined): { host: string | undefined; hasCommand: boolean } | undefined {
	const m = /(?:^|[\s;&|(])ssh\s+(?:-\S+\s+(?:\S+\s+)?)*?(?:[\w.-]+@)?([\w.:-]+)(\s+["']?\S)?/.exec(line);
	if (!m?.[1] || !ix) return undefined;
	const target = m[1];
	let host: string | undefined;
	if (ix.hosts.has(target)) host = target;
	else {
		const byAddr = hostsOfAddress(ix, target);
		if (byAddr.length === 1) host = byAddr[0];
		else for (const [id, f] of ix.hosts) if (f.value.hostname === target) host = id;
	}
	return { host, hasCommand: !!m[2] };
}

/**
 * Splits a tree into segments.
 * @param tree
 *   mdast root (from remark, with positions).
 * @param source
 *   The file text the positions refer to (to find exact columns).
 * @param ix
 *   Facts of the page's estate (host names for context), if any.
 * @param defaultHost
 *   The page's `facts.host`, or the estate's only host.
 */
export function splitSegments(tree: MdNode, source: string, ix: FactIndex | undefined, defaultHost: string | undefined): Segment[] {
	const lines = source.split(/\r?\n/);
	const out: Segment[] = [];
	const col = (line: number, text: string, fallback: number) => {
		const src = lines[line - 1] ?? '';
		const probe = text.trim().slice(0, 40);
		const i = probe ? src.indexOf(probe) : -1;
		return i >= 0 ? i + 1 - (text.length - text.trimStart().length) : fallback;
	};
	const lineHost = (text: string, blockHost: string | undefined) => blockHost ?? hostNamedOn(text, ix) ?? sectionHost() ?? defaultHost;

	const addText = (kind: SegmentKind, node: MdNode) => {
		const start = node.position?.start;
		if (!start || !node.value) return;
		node.value.split('\n').forEach((text, i) => {
			const line = start.line + i;
			const column = i === 0 ? start.column + (kind === 'inline' ? 1 : 0) : col(line, text, 1);
			out.push({ kind, text, line, column, host: lineHost(text, undefined), output: false });
		});
	};

	const addCode = (node: MdNode) => {
		const start = node.position?.start;
		if (!start) return;
		const text = node.value ?? '';
		const blockLines = text.split('\n');
		const lang = (node.lang ?? '').toLowerCase();
		const titleHost = hostFromMeta(node.meta, ix);
		const block: CodeBlock = {
			lang,
			host: titleHost,
			lines: blockLines,
			firstLine: start.line + 1,
			containerContext: CONTAINER_LANGS.has(lang) || /^\s*(CMD|ENTRYPOINT|FROM)\b|^\s*(container_name|services|command|build):/m.test(text),
		};
		let session = titleHost;
		blockLines.forEach((t, i) => {
			const line = block.firstLine + i;
			const ssh = sshTarget(t, ix);
			let host = session ?? hostNamedOn(t, ix) ?? sectionHost() ?? defaultHost;
			if (ssh?.host) {
				host = ssh.host;
				if (!ssh.hasCommand) session = ssh.host;
			}
			const trimmed = t.trimStart();
			const output = /^(#|\/\/|--|;)\s*/.test(trimmed) || /^(LISTEN|UNCONN|ESTAB|tcp\s|udp\s|Active:|Expected)/.test(trimmed);
			out.push({ kind: 'code', text: t, line, column: col(line, t, start.column), host, block, blockLine: i, output });
		});
	};

	// A heading that names a host (id, hostname, label or address) sets the host of its section.
	const sections: { depth: number; host: string | undefined }[] = [];
	const sectionHost = () => sections.at(-1)?.host;
	const headingHost = (node: MdNode): string | undefined => {
		const text = flatText(node);
		// a setext "heading" that swallowed a paragraph (stray `---` after text) is no section title
		if (text.includes('\n') || text.length > 100) return undefined;
		const named = hostNamedOn(text, ix);
		if (named || !ix) return named;
		for (const m of text.matchAll(/\d{1,3}(?:\.\d{1,3}){3}/g)) {
			const owners = hostsOfAddress(ix, m[0]);
			if (owners.length === 1) return owners[0];
		}
		return undefined;
	};
	const walk = (node: MdNode) => {
		if (SKIP.has(node.type)) return;
		if (node.type === 'heading') {
			const depth = (node as MdNode & { depth?: number }).depth ?? 1;
			while (sections.length && sections.at(-1)!.depth >= depth) sections.pop();
			sections.push({ depth, host: headingHost(node) ?? sectionHost() });
		}
		if (node.type === 'text') return addText('prose', node);
		if (node.type === 'inlineCode') return addText('inline', node);
		if (node.type === 'code') return addCode(node);
		for (const c of node.children ?? []) walk(c);
	};
	walk(tree);
	return out;
}

/** Plain text of a node. */
function flatText(node: MdNode): string {
	return node.value ?? (node.children ?? []).map(flatText).join('');
}

/** Compose service names defined in the page's code blocks (`postgres:` above `image:`/`build:`/`container_name:`). */
export function composeServicesOf(segments: Segment[]): Set<string> {
	const names = new Set<string>();
	const blocks = new Set(segments.map((s) => s.block).filter((b): b is CodeBlock => !!b));
	for (const b of blocks) {
		b.lines.forEach((l, i) => {
			const m = /^(\s*)([A-Za-z0-9][\w.-]*):\s*$/.exec(l);
			if (!m?.[2]) return;
			const next = b.lines.slice(i + 1, i + 6).join('\n');
			if (/^\s*(image|build|container_name):/m.test(next)) names.add(m[2]);
		});
	}
	return names;
}

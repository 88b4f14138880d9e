/**
 * Reads the YAML frontmatter of an MDX/Markdown file with source positions, so
 * every fact and every error can point at its line.
 */
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';

/** Frontmatter of one file, with a position lookup. */
export interface Frontmatter {
	/** Parsed plain data (`{}` when the file has no frontmatter). */
	data: Record<string, unknown>;
	/** 1-based line of a YAML path (e.g. `['facts','sockets',0,'port']`) in the file; falls back to the closest parent. */
	lineOf(path: readonly PropertyKey[]): number;
	/** YAML syntax errors, with file lines. */
	errors: { line: number; message: string }[];
}

/** Largest frontmatter block accepted, in characters (the largest real page has a few KiB). */
export const MAX_FRONTMATTER_CHARS = 256 * 1024;

/**
 * Parses the frontmatter block at the top of `source`.
 * @param source
 *   The whole file text.
 */
export function readFrontmatter(source: string): Frontmatter {
	const match = /^---\r?\n([\s\S]*?)\r?\n---\s*(\r?\n|$)/.exec(source);
	const yaml = match?.[1];
	if (yaml === undefined) return { data: {}, lineOf: () => 1, errors: [] };
	// bounded input, bounded time: YAML parsing is superlinear on huge documents
	if (yaml.length > MAX_FRONTMATTER_CHARS) {
		return { data: {}, lineOf: () => 1, errors: [{ line: 1, message: `frontmatter is larger than ${MAX_FRONTMATTER_CHARS / 1024} KiB (${Math.ceil(yaml.length / 1024)} KiB); split the facts over several pages` }] };
	}
	const offsetLines = 1; // the opening '---'
	const counter = new LineCounter();
	const doc: Document = parseDocument(yaml, { lineCounter: counter, uniqueKeys: true });
	const errors = doc.errors.map((e) => ({
		line: (e.linePos?.[0]?.line ?? 1) + offsetLines,
		message: e.message.split('\n')[0] ?? e.message,
	}));
	let data: unknown = {};
	try {
		// maxAliasCount bounds alias expansion ("billion laughs"); an unresolved alias throws too.
		data = doc.errors.length ? {} : (doc.toJS({ maxAliasCount: 50 }) ?? {});
	} catch (e) {
		errors.push({ line: 1 + offsetLines, message: (e as Error).message.split('\n')[0] ?? 'invalid YAML' });
	}
	const lineOf = (path: readonly PropertyKey[]): number => {
		for (let n = path.length; n >= 0; n--) {
			const node = doc.getIn(path.slice(0, n) as unknown[], true);
			if (isNode(node) && node.range) return counter.linePos(node.range[0]).line + offsetLines;
			// a scalar value: find the pair's key instead
		}
		return 1 + offsetLines;
	};
	return { data: typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : {}, lineOf, errors };
}

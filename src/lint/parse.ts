/**
 * Parses a page the way the site does (remark + GFM, + MDX for `.mdx`), with the
 * frontmatter blanked out so positions stay file positions.
 */
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkMdx from 'remark-mdx';
import type { MdNode } from './segments.ts';

const md = unified().use(remarkParse).use(remarkGfm);
const mdx = unified().use(remarkParse).use(remarkGfm).use(remarkMdx);

/** Replaces the frontmatter block with spaces (newlines kept), like Astro does. */
export function blankFrontmatter(source: string): string {
	const m = /^---\r?\n[\s\S]*?\r?\n---(?=\r?\n|$)/.exec(source);
	return m ? m[0].replace(/[^\n]/g, ' ') + source.slice(m[0].length) : source;
}

/**
 * Parses a page.
 * @param source
 *   The whole file text.
 * @param path
 *   File path (`.mdx` → MDX syntax).
 */
export function parsePage(source: string, path: string): { tree: MdNode; text: string } {
	const text = blankFrontmatter(source);
	const tree = (path.endsWith('.mdx') ? mdx : md).parse(text);
	return { tree, text };
}

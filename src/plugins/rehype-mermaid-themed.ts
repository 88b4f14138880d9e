/**
 * rehype plugin: renders ```mermaid code blocks at build time into two inline SVGs
 * (light and dark theme) that follow Starlight's theme switch; print uses light.
 *
 * - One Chromium page with mermaid loaded once per process, renders serialised.
 * - SVGs are cached on disk by a hash of mermaid version + theme + diagram text,
 *   so a rebuild with unchanged diagrams does not start a browser.
 * - A diagram that does not parse fails the build with file, line and Mermaid's message.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Element, ElementContent, Root } from 'hast';
import { toText } from 'hast-util-to-text';
import { visitParents } from 'unist-util-visit-parents';
import type { VFile } from 'vfile';
import type { Page } from 'playwright-core';
import type { Mermaid } from 'mermaid';
import { writeFileAtomic } from '../../lib/fsutil.ts';
import { launchChromium } from '../browser/chromium.ts';
import { diagramFigure, type DiagramFigure } from '../components/diagram-figure.ts';

const require = createRequire(import.meta.url);
const MERMAID_JS = require.resolve('mermaid/dist/mermaid.min.js');
const MERMAID_VERSION = (require('mermaid/package.json') as { version: string }).version;
const THEMES = { light: 'default', dark: 'dark' } as const;

/** Options of the plugin. */
export interface MermaidThemedOptions {
	/**
	 * Folder for cached SVGs; `false` disables the cache (`MERMAID_CACHE=0` does too).
	 * @default node_modules/.cache/mermaid-svg
	 */
	cacheDir?: string | false;
}

let pagePromise: Promise<Page> | undefined;
let queue: Promise<unknown> = Promise.resolve();
/** Counts renders that needed the browser (for tests and benchmarks). */
export const mermaidStats = { browserRenders: 0, cacheHits: 0 };

async function getPage(): Promise<Page> {
	pagePromise ??= (async () => {
		const browser = await launchChromium();
		const page = await (await browser.newContext({ bypassCSP: true })).newPage();
		await page.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>');
		await page.addScriptTag({ path: MERMAID_JS });
		return page;
	})();
	return pagePromise;
}

/** Closes the shared browser (called when the build ends). */
export async function closeMermaidBrowser(): Promise<void> {
	const p = pagePromise;
	pagePromise = undefined;
	if (p) await (await p).context().browser()?.close();
}

type RenderResult = { ok: true; svg: string } | { ok: false; error: string };

function render(diagram: string, theme: (typeof THEMES)[keyof typeof THEMES], id: string): Promise<RenderResult> {
	const run = queue.then(async () => {
		const page = await getPage();
		mermaidStats.browserRenders++;
		return page.evaluate(
			async ({ diagram, theme, id }) => {
				const m = (globalThis as typeof globalThis & { mermaid: Mermaid }).mermaid;
				m.initialize({ startOnLoad: false, theme, fontFamily: 'arial,sans-serif', securityLevel: 'strict' });
				try {
					return { ok: true as const, svg: (await m.render(id, diagram)).svg };
				} catch (e) {
					document.querySelectorAll(`#d${id}, #${id}`).forEach((n) => n.remove());
					const message: unknown = e !== null && typeof e === 'object' && 'message' in e ? e.message : undefined;
					return { ok: false as const, error: String(message ?? e) };
				}
			},
			{ diagram, theme, id },
		);
	});
	queue = run.catch(() => {});
	return run;
}

/** Where cached SVGs live, or `false` when the cache is off. */
function resolveCacheDir(cacheDir: string | false | undefined): string | false {
	const dir = process.env.MERMAID_CACHE === '0' ? false : (cacheDir ?? 'node_modules/.cache/mermaid-svg');
	if (dir) mkdirSync(dir, { recursive: true });
	return dir;
}

/** Renders one theme of a diagram, from the disk cache when possible. */
async function themedSvg(diagram: string, theme: keyof typeof THEMES, cacheDir: string | false): Promise<RenderResult> {
	const key = createHash('sha256').update(JSON.stringify([MERMAID_VERSION, THEMES[theme], diagram])).digest('hex').slice(0, 32);
	const cached = cacheDir ? join(cacheDir, `${key}.svg`) : undefined;
	if (cached && existsSync(cached)) {
		mermaidStats.cacheHits++;
		return { ok: true, svg: readFileSync(cached, 'utf8') };
	}
	const result = await render(diagram, THEMES[theme], `mmd-${theme}-${key.slice(0, 10)}`);
	if (result.ok && cached) {
		writeFileAtomic(cached, result.svg);
	}
	return result;
}

/**
 * Renders a Mermaid diagram to a light and a dark inline SVG (same renderer, cache
 * and themes as the Markdown plugin), e.g. for diagrams generated from facts.
 * @param diagram
 *   Mermaid source text.
 * @param options
 *   Cache settings.
 * @returns
 *   The two SVG documents as text.
 * @throws
 *   When Mermaid cannot render the diagram (the message includes Mermaid's error and the diagram).
 */
export async function renderMermaidThemed(diagram: string, options: MermaidThemedOptions = {}): Promise<{ light: string; dark: string }> {
	if (diagramsOff) return { light: PLACEHOLDER, dark: PLACEHOLDER };
	const cacheDir = resolveCacheDir(options.cacheDir);
	const out: Partial<Record<keyof typeof THEMES, string>> = {};
	for (const theme of ['light', 'dark'] as const) {
		const result = await themedSvg(diagram, theme, cacheDir);
		if (!result.ok) throw new Error(`Mermaid diagram does not render: ${result.error}\n--- diagram ---\n${diagram}`);
		out[theme] = result.svg;
	}
	return { light: out.light!, dark: out.dark! };
}

/**
 * The plugin.
 * @param options
 *   Cache settings.
 */
export default function rehypeMermaidThemed(options: MermaidThemedOptions = {}) {
	const cacheDir = resolveCacheDir(options.cacheDir);

	async function svgFor(diagram: string, theme: keyof typeof THEMES, file: VFile, node: Element): Promise<string> {
		const result = await themedSvg(diagram, theme, cacheDir);
		if (!result.ok) {
			const message = file.message(`Mermaid diagram does not render: ${result.error}`, { place: node.position, ruleId: 'mermaid', source: 'rehype-mermaid-themed' });
			message.fatal = true;
			throw message;
		}
		return result.svg;
	}

	return async (tree: Root, file: VFile) => {
		const found: { pre: Element; parent: Element | Root; diagram: string; heading: string | undefined }[] = [];
		let heading: string | undefined;
		visitParents(tree, 'element', (node: Element, ancestors) => {
			if (/^h[1-6]$/.test(node.tagName)) heading = toText(node).trim() || heading;
			const cls = node.properties?.className;
			if (node.tagName !== 'code' || !Array.isArray(cls) || !cls.includes('language-mermaid')) return;
			const pre = ancestors.at(-1);
			const parent = ancestors.at(-2);
			if (pre?.type !== 'element' || pre.tagName !== 'pre' || !parent) return;
			found.push({ pre, parent: parent as Element | Root, diagram: toText(node, { whitespace: 'pre' }), heading });
		});
		if (!found.length) return; // nothing to do: no browser needed
		const lang = /[\\/]docs[\\/](de|en)[\\/]/.exec(file.path ?? '')?.[1] === 'en' ? 'en' : 'de';
		const title = (file.data.astro as { frontmatter?: { title?: string } } | undefined)?.frontmatter?.title;
		// MDX turns every SVG element into a JSX call; `set:html` hands Astro the SVG as one
		// string (what @astrojs/mdx's `optimize` does), so a warm rebuild does not re-parse it
		const mdx = /\.mdx$/.test(file.path ?? '');
		for (const [i, { pre, parent, diagram, heading }] of found.entries()) {
			const [light, dark] = diagramsOff ? [PLACEHOLDER, PLACEHOLDER] : [await svgFor(diagram, 'light', file, pre), await svgFor(diagram, 'dark', file, pre)];
			const label = heading ?? title ?? (lang === 'de' ? `Diagramm ${i + 1}` : `Diagram ${i + 1}`);
			const figure = toHast(diagramFigure({ light, dark, label, kind: 'content', lang }), mdx);
			parent.children[parent.children.indexOf(pre)] = figure;
		}
	};
}

/** Whether diagrams are left out (`DIAGRAMS=off`, to measure a diagram-free build). */
const diagramsOff = process.env.DIAGRAMS === 'off';
const PLACEHOLDER = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"></svg>';

/** A figure as hast: the SVGs as `set:html` strings for MDX, raw HTML for Markdown. */
function toHast(fig: DiagramFigure, mdx: boolean): Element {
	const part = (className: string, svg: string): Element =>
		mdx
			? { type: 'element', tagName: 'span', properties: { className: [className], 'set:html': svg }, children: [] }
			: { type: 'element', tagName: 'span', properties: { className: [className] }, children: [{ type: 'raw', value: svg } as unknown as ElementContent] };
	return {
		type: 'element', tagName: 'figure', properties: fig.figure,
		children: [{
			type: 'element', tagName: 'button', properties: fig.button,
			children: [part('mermaid-light', fig.light), part('mermaid-dark', fig.dark), { type: 'element', tagName: 'span', properties: { className: ['diagram-hint'], ariaHidden: 'true' }, children: [{ type: 'text', value: fig.hint }] }],
		}],
	};
}

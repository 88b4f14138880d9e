/**
 * Finishes a book printed by Chromium in one pass (untagged, no outline, no header
 * or footer template: the fast path): the chapters' pages come from the PDF's named
 * destinations (one per chapter id, written for the TOC's links), the TOC's page
 * numbers are written at the right end of each TOC link, the bookmarks (outline)
 * list the chapters, and the running header and footer are written on every page.
 */
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRef, StandardFonts, rgb, type PDFPage } from 'pdf-lib';

/** A chapter of the book as printed. */
export interface BookChapter {
	/** Element id (named destination), e.g. `ch-3` or `appendix`. */
	id: string;
	/** Chapter title (the bookmark text). */
	title: string;
}

/** Layout of the TOC lines (must match the print CSS of PrintBook.astro). */
export const TOC_TEXT = {
	/** Font size of a TOC line in pt (before Chromium's shrink-to-fit). */
	size: 10.5,
	/** Line height as a multiple of the font size. */
	lineHeight: 1.5,
} as const;

/**
 * Page number (1-based) of each named destination.
 * @param doc
 *   The printed book.
 */
export function destinationPages(doc: PDFDocument): Map<string, number> {
	const pageOf = new Map(doc.getPages().map((p, i) => [p.ref.toString(), i + 1]));
	const out = new Map<string, number>();
	const dests = doc.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict);
	if (!dests) return out;
	for (const key of dests.keys()) {
		const value = dests.lookup(key);
		const arr = value instanceof PDFArray ? value : value instanceof PDFDict ? value.lookupMaybe(PDFName.of('D'), PDFArray) : undefined;
		const ref = arr?.get(0);
		const page = ref instanceof PDFRef ? pageOf.get(ref.toString()) : undefined;
		if (page) out.set(key.decodeText(), page);
	}
	return out;
}

/** Internal links on a page: their rectangle and destination name. */
function linksOn(page: PDFPage): { rect: [number, number, number, number]; dest: string }[] {
	const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
	const out: { rect: [number, number, number, number]; dest: string }[] = [];
	for (let i = 0; i < (annots?.size() ?? 0); i++) {
		const a = annots!.lookup(i);
		if (!(a instanceof PDFDict)) continue;
		const dest = a.get(PDFName.of('Dest'));
		const rect = a.lookupMaybe(PDFName.of('Rect'), PDFArray);
		if (!(dest instanceof PDFName) || !rect) continue;
		const n = rect.asArray().map((x) => (x instanceof PDFNumber ? x.asNumber() : 0));
		out.push({ rect: [n[0]!, n[1]!, n[2]!, n[3]!], dest: dest.decodeText() });
	}
	return out;
}

/**
 * Writes each chapter's page number at the right end of its TOC link.
 * @param doc
 *   The printed book.
 * @param tocPages
 *   0-based indexes of the pages that hold the TOC.
 * @param pages
 *   Page of each destination (see `destinationPages`).
 * @returns
 *   How many numbers were written.
 */
export async function writeTocNumbers(doc: PDFDocument, tocPages: number[], pages: Map<string, number>): Promise<number> {
	const font = await doc.embedFont(StandardFonts.Helvetica);
	let written = 0;
	for (const index of tocPages) {
		const page = doc.getPage(index);
		const links = linksOn(page);
		// Chromium may shrink the page to fit: take the line height from the shortest link (one line)
		const lh = Math.min(...links.map((l) => l.rect[3] - l.rect[1]).filter((h) => h > 2), TOC_TEXT.size * TOC_TEXT.lineHeight);
		const size = lh / TOC_TEXT.lineHeight;
		const cap = size * 0.72;
		for (const { rect, dest } of links) {
			const n = pages.get(dest);
			if (!n) continue;
			const text = String(n);
			// first line of the link: baseline where the cap height is centred in the line box
			const baseline = rect[3] - (lh - cap) / 2 - cap;
			page.drawText(text, { x: rect[2] - font.widthOfTextAtSize(text, size), y: baseline, size, font, color: rgb(0.1, 0.1, 0.1) });
			written++;
		}
	}
	return written;
}

/**
 * Replaces the outline (bookmarks) with one entry per chapter.
 * @param doc
 *   The printed book.
 * @param chapters
 *   Chapters in order.
 * @param pages
 *   Page of each destination.
 */
export function writeOutline(doc: PDFDocument, chapters: readonly BookChapter[], pages: Map<string, number>): void {
	const ctx = doc.context;
	const all = doc.getPages();
	const items = chapters.filter((c) => pages.has(c.id));
	if (!items.length) return;
	const root = ctx.nextRef();
	const refs = items.map(() => ctx.nextRef());
	items.forEach((c, i) => {
		const page = all[pages.get(c.id)! - 1]!;
		ctx.assign(refs[i]!, ctx.obj({
			Title: PDFHexString.fromText(c.title),
			Parent: root,
			...(i > 0 ? { Prev: refs[i - 1]! } : {}),
			...(i < refs.length - 1 ? { Next: refs[i + 1]! } : {}),
			Dest: ctx.obj([page.ref, PDFName.of('XYZ'), null, null, null]),
		}));
	});
	ctx.assign(root, ctx.obj({ Type: 'Outlines', First: refs[0]!, Last: refs.at(-1)!, Count: refs.length }));
	doc.catalog.set(PDFName.of('Outlines'), root);
	doc.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
}

/** The running header and footer of a book (left and right text of each line). */
export interface RunningHeads {
	/** Header, left: the book's title. */
	headerLeft: string;
	/** Header, right: the book's scope and language. */
	headerRight: string;
	/** Footer, left: the date. */
	footerLeft: string;
	/** Footer, right: the page number, e.g. `Seite 3 / 217`. */
	footerRight: (page: number, total: number) => string;
}

/**
 * Where and how the running header and footer are written, in pt: what Chromium's
 * header/footer templates printed before (Arial 8 px, #555, 15 mm from the sides),
 * measured with `pdftotext -bbox`. Drawing them costs milliseconds; Chromium's
 * templates cost ~15 ms per page (a small document is parsed, styled, laid out and
 * painted for every page), seconds per book.
 */
export const RUNNING_TEXT = {
	/** Font size (8 CSS px). */
	size: 6,
	/** Distance of both lines from the left and right page edges (15 mm). */
	inset: (15 / 25.4) * 72,
	/** Baseline of the header below the top edge. */
	headerBaseline: 20.25,
	/** Baseline of the footer above the bottom edge. */
	footerBaseline: 16.17,
	/** Grey #555. */
	grey: 0x55 / 0xff,
} as const;

/**
 * Writes the running header and footer on every page.
 * @param doc
 *   The printed book.
 * @param heads
 *   Texts (WinAnsi characters: the PDF's standard Helvetica has no others).
 */
export async function writeRunningHeads(doc: PDFDocument, heads: RunningHeads): Promise<void> {
	const font = await doc.embedFont(StandardFonts.Helvetica);
	const { size, inset, headerBaseline, footerBaseline, grey } = RUNNING_TEXT;
	const color = rgb(grey, grey, grey);
	const pages = doc.getPages();
	pages.forEach((page, i) => {
		const { width, height } = page.getSize();
		const line = (left: string, right: string, y: number) => {
			page.drawText(left, { x: inset, y, size, font, color });
			page.drawText(right, { x: width - inset - font.widthOfTextAtSize(right, size), y, size, font, color });
		};
		line(heads.headerLeft, heads.headerRight, height - headerBaseline);
		line(heads.footerLeft, heads.footerRight(i + 1, pages.length), footerBaseline);
	});
}

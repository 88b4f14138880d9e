/**
 * Reads the top-level bookmarks (outline) of a PDF with the page each points to.
 * Chromium writes one bookmark per heading when printing with `outline: true`,
 * so the top level lists the book's chapters (h1).
 */
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef, PDFString } from 'pdf-lib';

/** A bookmark. */
export interface OutlineEntry {
	/** Bookmark text. */
	title: string;
	/** 1-based page number it points to (0 when unknown). */
	page: number;
}

/**
 * The top-level outline entries of a PDF.
 * @param bytes
 *   The PDF.
 */
export async function readOutline(bytes: Uint8Array): Promise<OutlineEntry[]> {
	const doc = await PDFDocument.load(bytes, { updateMetadata: false });
	const pageOf = new Map(doc.getPages().map((p, i) => [p.ref.toString(), i + 1]));
	const outlines = doc.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict);
	const out: OutlineEntry[] = [];
	let ref = outlines?.get(PDFName.of('First'));
	const seen = new Set<string>();
	while (ref instanceof PDFRef && !seen.has(ref.toString())) {
		seen.add(ref.toString());
		const item = doc.context.lookup(ref, PDFDict);
		const rawTitle = item.get(PDFName.of('Title'));
		const title = rawTitle instanceof PDFHexString || rawTitle instanceof PDFString ? rawTitle.decodeText() : '';
		let dest = item.lookup(PDFName.of('Dest'));
		if (!dest) {
			const action = item.lookupMaybe(PDFName.of('A'), PDFDict);
			dest = action?.lookup(PDFName.of('D'));
		}
		const target = dest instanceof PDFArray ? dest.get(0) : undefined;
		out.push({ title: title.trim(), page: target instanceof PDFRef ? (pageOf.get(target.toString()) ?? 0) : 0 });
		ref = item.get(PDFName.of('Next'));
	}
	return out;
}

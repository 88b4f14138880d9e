/**
 * How a diagram is laid out in print: on a portrait page in the text column, or on
 * its own landscape page when that prints it larger. Decided at build time from the
 * SVG's viewBox, so the print stylesheet needs no script.
 */

/** Printable area of an A4 page with the PDF's margins (15 mm left/right, 18/16 mm top/bottom), in mm. */
export const PRINT_AREA = {
	/** Portrait, less room for the heading and caption above the diagram (max-height in mermaid.css). */
	portrait: { width: 180, height: 225 },
	/** The diagram turned by 90°, a heading and a note above it (--print-length in mermaid.css; the column is 180 mm wide). */
	landscape: { width: 232, height: 180 },
} as const;

/** Where a diagram goes in print. */
export type PrintOrientation = 'portrait' | 'landscape';

/**
 * The viewBox size of an SVG document.
 * @param svg
 *   SVG source text.
 * @returns
 *   Width and height in user units, or undefined when the SVG has no usable viewBox.
 */
export function viewBoxOf(svg: string): { width: number; height: number } | undefined {
	const m = /<svg\b[^>]*?\sviewBox="\s*[-\d.e]+[\s,]+[-\d.e]+[\s,]+([\d.e]+)[\s,]+([\d.e]+)\s*"/i.exec(svg);
	if (!m) return undefined;
	const width = Number(m[1]);
	const height = Number(m[2]);
	return width > 0 && height > 0 ? { width, height } : undefined;
}

/**
 * Portrait or landscape: landscape when it prints the diagram at least 10 % larger.
 * @param size
 *   The diagram's viewBox size.
 */
export function printOrientation(size: { width: number; height: number } | undefined): PrintOrientation {
	if (!size) return 'portrait';
	const { portrait: p, landscape: l } = PRINT_AREA;
	const portrait = Math.min(p.width / size.width, p.height / size.height);
	const landscape = Math.min(l.width / size.width, l.height / size.height);
	return landscape > portrait * 1.1 ? 'landscape' : 'portrait';
}

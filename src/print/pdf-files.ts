/**
 * The PDFs `npm run pdf` writes to dist/pdf/, one home for their names and URLs
 * (the export and the links on the site use these).
 */
import { ESTATES } from '../sidebar.ts';

/** The books printed per language: the whole documentation, then one per estate. */
export const BOOKS = ['all', ...ESTATES.map((e) => e.id)] as const;

/** A book: `all` or an estate id. */
export type Book = (typeof BOOKS)[number];

/**
 * File name of a book.
 * @param lang
 *   Language.
 * @param book
 *   `all` or an estate id.
 * @returns
 *   e.g. `runbooks-de.pdf`, `runbooks-de-norda.pdf`.
 */
export function pdfFileName(lang: string, book: string): string {
	return book === 'all' ? `runbooks-${lang}.pdf` : `runbooks-${lang}-${book}.pdf`;
}

/**
 * The site URLs of all PDFs of a language, with a label in that language.
 * @param lang
 *   Language of the labels (and of the books).
 */
export function pdfLinks(lang: 'de' | 'en'): { book: Book; href: string; label: string }[] {
	const de = lang === 'de';
	return BOOKS.map((book) => ({
		book,
		href: `/pdf/${pdfFileName(lang, book)}`,
		label: book === 'all'
			? de ? 'Gesamte Dokumentation (PDF)' : 'Complete documentation (PDF)'
			: `${ESTATES.find((e) => e.id === book)![lang]} (PDF)`,
	}));
}

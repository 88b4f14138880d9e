/**
 * Free text a fact carries (notes, provider, role): one string, written in the language of
 * the declaring page, or one text per language, so a fact declared in German shows English
 * text on the English page (`note: { de: 'Nur intern', en: 'Internal only' }`).
 */
import { z } from 'astro/zod';

/** The site's languages. */
export const LANGS = ['de', 'en'] as const;
export type Lang = (typeof LANGS)[number];

/**
 * A text in one or both languages.
 * @param max
 *   Maximum length of each text.
 */
export const localizedText = (max: number) =>
	z.union([
		z.string().max(max),
		z.strictObject({
			/** German text. */
			de: z.string().max(max),
			/** English text. */
			en: z.string().max(max),
		}),
	], { error: `must be a text (at most ${max} characters) or { de: '…', en: '…' }` });

/** A text in one or both languages (output type). */
export type LocalizedText = string | { de: string; en: string };

/**
 * The text for one language: the translation when there is one, else the single text.
 * @param text
 *   The field's value.
 * @param lang
 *   Page language.
 */
export function textIn(text: LocalizedText | undefined, lang: Lang): string | undefined {
	if (text === undefined) return undefined;
	return typeof text === 'string' ? text : text[lang];
}

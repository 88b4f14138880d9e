/**
 * What the site says about one finding, in the page's language: the message (from the
 * finding's `messageId` + `data`, see i18n/verifier-messages.ts), a technical detail the
 * verifier could only give in English (a server's error text; marked `lang="en"` by the
 * views), and "what to do" in plain words with a link to the guide section that explains
 * it. Pure.
 */
import type { Finding } from '../../model/report/schema.ts';
import type { Lang } from './labels.ts';
import { MESSAGES_DE, SITE_EN } from './i18n/verifier-messages.ts';
import { printable } from './report.ts';
import type { FactMark } from './status.ts';

/** The text of a finding. */
export interface FindingText {
	/** The message in the page's language. */
	text: string;
	/** Technical cause as the verifier gave it (English, from a server or the transport), when the message is generic. */
	detail?: string;
}

/** Advice for a finding: plain words and the guide section that explains them. */
export interface FindingTodo {
	/** What to do, in the page's language. */
	text: string;
	/** Guide section, e.g. `/de/verification/guide/#undocumented`. */
	href: string;
}

/**
 * Fills a template's `{{name}}` placeholders (missing values become empty).
 * @param template
 *   Template text.
 * @param data
 *   Values.
 */
export function fill(template: string, data: Readonly<Record<string, string>>): string {
	return template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => data[k] ?? '');
}

/**
 * The message of a finding in `lang`.
 * @param f
 *   The finding.
 * @param lang
 *   Page language.
 */
export function findingText(f: Finding, lang: Lang): FindingText {
	const data: Record<string, string> = { host: f.host ?? '', expected: f.expected ?? '', observed: f.observed ?? '', ...(f.data ?? {}) };
	const template = f.messageId ? (lang === 'de' ? MESSAGES_DE[f.messageId] : SITE_EN[f.messageId]) : undefined;
	if (template) return { text: printable(fill(template, data)), ...(f.messageId === 'undocumented/unverified' && data.cause ? { detail: printable(data.cause) } : {}) };
	if (lang === 'en') return { text: printable(f.message) };
	// German without a template: a German sentence from the outcome; the verifier's own text (a cause from the server) as detail
	const host = f.host ? printable(f.host) : '';
	switch (f.outcome) {
		case 'verified':
			return { text: 'Seite und Server stimmen überein.' };
		case 'planned':
			return { text: 'Geplant: für die Zukunft beschrieben, wird noch nicht geprüft.' };
		case 'unverified':
			return f.kind === 'host'
				? { text: `Host ${host} war nicht erreichbar; seine Fakten wurden nicht geprüft.`, detail: printable(f.message) }
				: { text: 'Dieser Fakt konnte nicht geprüft werden.', detail: printable(f.message) };
		case 'undocumented':
			return { text: `Auf ${host} gefunden, aber auf keiner Seite als Fakt deklariert: ${printable(f.observed ?? '')}` };
		default:
			return { text: `Dokumentiert: ${printable(f.expected ?? '–')}; beobachtet: ${printable(f.observed ?? '–')}.` };
	}
}

const TODO: Record<Lang, Record<'drift' | 'unverified' | 'undocumented' | 'planned' | 'waived', string>> = {
	de: {
		drift: 'Klären Sie, was stimmt: Ist der Server richtig, korrigieren Sie den Wert auf der Seite; ist die Seite richtig, bringen Sie den Server in Ordnung. Danach neu prüfen.',
		unverified: 'Kein Fehler in der Dokumentation: Der Wert konnte nicht gelesen werden (Host nicht erreichbar, Zugang verweigert, fehlende Rechte). Ursache beheben und neu prüfen.',
		undocumented: 'Gehört es dorthin, beschreiben Sie es als Fakt auf der Seite des Dienstes; soll es nicht laufen, entfernen Sie es vom Server; ist es bewusst unwichtig, nehmen Sie es in die Ausnahmeliste des Hosts auf.',
		planned: 'Nichts zu tun: Es ist für später beschrieben und wird geprüft, sobald es nicht mehr als geplant markiert ist.',
		waived: 'Die Abweichung ist bis zum genannten Datum akzeptiert; vorher beheben oder die Ausnahme verlängern.',
	},
	en: {
		drift: 'Find out which is right: if the server is, correct the value on the page; if the page is, fix the server. Then verify again.',
		unverified: 'Not an error in the docs: the value could not be read (host unreachable, access refused, missing permission). Fix the cause and verify again.',
		undocumented: 'If it belongs there, describe it as a fact on the page of its service; if it should not run, remove it from the server; if it is deliberately unimportant, add it to the host’s exception list.',
		planned: 'Nothing to do: it is described for later and will be checked once it is no longer marked as planned.',
		waived: 'The drift is accepted until the date given; fix it before then or extend the exception.',
	},
};

/**
 * What to do about a finding, or `undefined` for verified ones.
 * @param f
 *   The finding.
 * @param lang
 *   Page language.
 */
export function findingTodo(f: Finding, lang: Lang): FindingTodo | undefined {
	if (f.outcome === 'verified') return undefined;
	return { text: TODO[lang][f.outcome], href: `/${lang}/verification/guide/#${f.outcome}` };
}

/**
 * The explanation of a fact's mark (tooltip of an inline fact, status cell of a fact
 * table) in `lang`, or `undefined` when there is nothing to explain.
 * @param mark
 *   The fact's mark (see `factMark`).
 * @param lang
 *   Page language.
 */
export function markText(mark: FactMark, lang: Lang): string | undefined {
	const f = mark.findings.find((x) => x.outcome === mark.state) ?? mark.findings.find((x) => x.outcome !== 'verified');
	if (f && mark.state !== 'verified' && mark.state !== 'stale') return findingText(f, lang).text;
	if (!mark.message) return undefined;
	if (lang === 'en') return printable(mark.message);
	if (mark.state === 'stale') return 'Die Beobachtung ist älter als erlaubt (VERIFY_MAX_AGE); neu prüfen.';
	if (mark.state === 'unverified') return 'Kein Ergebnis für diesen Fakt im Bericht: Host nicht erreichbar oder nicht geprüft.';
	return undefined;
}

/**
 * How a fact's provenance reads on the page: one line per language for the tooltip
 * ("Quelle: Handbuch 000 §6.1 Firewall-Regeln · Entscheidung Nr. 2 …") and whether the
 * fact is an assumption, which the page marks visibly. Pure.
 */
import { provenanceOf, type Provenance } from '../../model/schemas/provenance.ts';
import { normaliseSection, SOURCE_DOCUMENTS, sectionTitle } from '../../model/sources.ts';
import { textIn, type Lang } from '../../model/schemas/text.ts';

/** Wording per language. */
export const PROVENANCE_LABELS = {
	de: {
		source: 'Quelle', decision: 'Entscheidung Nr.', decisionPage: 'Bekannte Widersprüche',
		project: 'Ergänzung dieses Projekts', assumption: 'Annahme – am echten Server zu bestätigen',
		mark: 'Annahme', none: 'keine Herkunft angegeben',
	},
	en: {
		source: 'Source', decision: 'decision no.', decisionPage: 'Known discrepancies',
		project: 'Added by this project', assumption: 'Assumption – to be confirmed on the real server',
		mark: 'assumption', none: 'no provenance given',
	},
} as const satisfies Record<Lang, Record<string, string>>;

/** The provenance of one fact as the page shows it. */
export interface ProvenanceLabel {
	/** One line for a tooltip, in the page's language. */
	text: string;
	/** `true` when an entry is an assumption (shown visibly, not as plainly verified). */
	assumption: boolean;
	/** Short visible mark for assumptions (`Annahme` / `assumption`). */
	mark: string;
}

function entryText(p: Provenance, lang: Lang): string {
	const t = PROVENANCE_LABELS[lang];
	if ('doc' in p) {
		const doc = SOURCE_DOCUMENTS[p.doc];
		const section = normaliseSection(p.section);
		const title = sectionTitle(p.doc, section);
		const where = p.doc === '000' ? `§${section}${title ? ` ${title}` : ''}` : `“${section}”`;
		return `${t.source}: ${doc.title[lang]} (${p.doc}) ${where}`;
	}
	if ('decision' in p) return `${t.decision} ${p.decision} (${t.decisionPage})`;
	if ('project' in p) return `${t.project}: ${textIn(p.project, lang) ?? ''}`;
	return `${t.assumption}: ${textIn(p.assumption, lang) ?? ''}`;
}

/**
 * The provenance line of a fact value.
 * @param value
 *   The fact entry.
 * @param lang
 *   Page language.
 */
export function provenanceLabel(value: { source?: unknown }, lang: Lang): ProvenanceLabel {
	const entries = provenanceOf(value);
	const t = PROVENANCE_LABELS[lang];
	return {
		text: entries.length ? entries.map((p) => entryText(p, lang)).join(' · ') : t.none,
		assumption: entries.some((p) => 'assumption' in p),
		mark: t.mark,
	};
}

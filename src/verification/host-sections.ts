/**
 * The sections of a generated host page, in order, with their anchors: one list for the
 * page's "On this page" and for `HostOverview`, so the two cannot disagree. Pure.
 */
import type { FactStore } from '../../model/facts/store.ts';
import { labels, type Lang } from './labels.ts';

/** One section of a host page. */
export interface HostSection {
	/** Anchor id (without the print prefix). */
	id: 'findings' | 'host-facts' | 'addresses' | 'ports' | 'firewall' | 'containers' | 'networks' | 'certificates' | 'topology' | 'declared-on';
	/** Heading text. */
	title: string;
}

/**
 * The sections a host's page has.
 * @param store
 *   The fact store.
 * @param host
 *   Host id.
 * @param lang
 *   Language.
 */
export function hostSections(store: FactStore, host: string, lang: Lang): HostSection[] {
	const t = labels(lang);
	const mine = [...store.facts.values()].filter((f) => f.host === host);
	const has = (kind: string) => mine.some((f) => f.kind === kind);
	const all: (HostSection | false)[] = [
		{ id: 'findings', title: t.hostFindings },
		{ id: 'host-facts', title: t.hostFacts },
		has('addresses') && { id: 'addresses', title: t.addresses },
		has('sockets') && { id: 'ports', title: t.ports },
		has('firewalls') && { id: 'firewall', title: 'Firewall' },
		has('containers') && { id: 'containers', title: t.containers },
		has('networks') && { id: 'networks', title: lang === 'de' ? 'Docker-Netze' : 'Docker networks' },
		has('certificates') && { id: 'certificates', title: t.certificates },
		{ id: 'topology', title: t.topology },
		mine.length > 0 && { id: 'declared-on', title: t.declaredOn },
	];
	return all.filter((s): s is HostSection => s !== false);
}

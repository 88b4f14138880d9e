/**
 * The sidebar, shared by the site config and the print route (so the PDF follows
 * the same order). Grouped by estate, then by the reader's task; the estates and the
 * verification group start collapsed, so only the current page's estate is open.
 */
import { loadFactStore } from '../model/facts/store.ts';

const ESTATE_IDS = ['grocerymate', 'norda'];

/**
 * Hosts declared in the facts (read at config time), in estate order: each gets a
 * generated overview page under `/<lang>/verification/hosts/<id>/`.
 */
export const HOSTS: { id: string; estate: string | undefined }[] = (() => {
	const store = loadFactStore(process.cwd());
	const order = (e: string | undefined) => ESTATE_IDS.indexOf(e ?? '');
	return [...store.facts.values()]
		.filter((f) => f.kind === 'hosts')
		.map((f) => ({ id: String(f.value.id), estate: f.estate }))
		.sort((a, b) => order(a.estate) - order(b.estate) || a.id.localeCompare(b.id));
})();

/** Task groups inside each estate, in reading order: directory → labels. */
export const TASK_GROUPS = [
	{ dir: 'overview', de: 'Überblick & Architektur', en: 'Overview & architecture' },
	{ dir: 'servers', de: 'Server & Netzwerk', en: 'Servers & network' },
	{ dir: 'services', de: 'Dienste', en: 'Services' },
	{ dir: 'security', de: 'Sicherheit', en: 'Security' },
	{ dir: 'runbooks', de: 'Runbooks (Betrieb)', en: 'Runbooks (operations)' },
	{ dir: 'troubleshooting', de: 'Fehlerbehebung', en: 'Troubleshooting' },
	{ dir: 'reference', de: 'Referenz & Anhänge', en: 'Reference & appendices' },
] as const;

/** Estates with their labels. */
export const ESTATES = [
	{ id: 'grocerymate', de: 'GroceryMate (Hetzner)', en: 'GroceryMate (Hetzner)' },
	{ id: 'norda', de: 'Norda Biznes (OVH)', en: 'Norda Biznes (OVH)' },
] as const;

/** Starlight sidebar configuration. */
export const sidebar = [
	{ label: 'Start', translations: { en: 'Start' }, slug: 'index' },
	...ESTATES.map((estate) => ({
		label: estate.de,
		translations: { en: estate.en },
		// collapsed unless the current page is in it (Starlight opens the group of the current page)
		collapsed: true,
		items: TASK_GROUPS.map((g) => ({
			label: g.de,
			translations: { en: g.en },
			collapsed: false,
			items: [{ autogenerate: { directory: `${estate.id}/${g.dir}` } }],
		})),
	})),
	{
		label: 'Verifikation',
		translations: { en: 'Verification' },
		collapsed: true,
		items: [
			{ label: 'Prüfbericht', translations: { en: 'Verification report' }, link: '/verification/report/' },
			...HOSTS.map((h) => ({ label: `Host ${h.id}`, translations: { en: `Host ${h.id}` }, link: `/verification/hosts/${h.id}/` })),
			{ autogenerate: { directory: 'verification' } },
		],
	},
];

/**
 * The sidebar, shared by the site config and the print route (so the PDF follows
 * the same order). Grouped by estate, then by the reader's task.
 */

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
		items: TASK_GROUPS.map((g) => ({
			label: g.de,
			translations: { en: g.en },
			collapsed: false,
			items: [{ autogenerate: { directory: `${estate.id}/${g.dir}` } }],
		})),
	})),
	{ label: 'Verifikation', translations: { en: 'Verification' }, items: [{ autogenerate: { directory: 'verification' } }] },
];

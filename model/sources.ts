/**
 * The source documents the docs are written from, and their sections: what a fact's
 * `source: { doc, section }` may name. Section ids of `000` are the handbook's section
 * numbers (`6.1`, appendices `10.A`–`10.E`); `002` has no numbers, so its sections are
 * its heading paths, written `Heading → Subheading` as on the Norda source map.
 */

/** A source document. */
export interface SourceDocument {
	/** Short title per language. */
	title: { de: string; en: string };
	/** Estate the document describes. */
	estate: 'grocerymate' | 'norda';
	/** Section id → section title (in the document's language). */
	sections: Readonly<Record<string, string>>;
}

/** The source documents, by their number in `/work/shared/seeds` (`000_…`, `002_…`). */
export const SOURCE_DOCUMENTS = {
	'000': {
		title: { de: 'GroceryMate-Betriebshandbuch', en: 'GroceryMate operations handbook' },
		estate: 'grocerymate',
		sections: {
			'1.1': 'Zweck der Dokumentation', '1.2': 'Übersicht der Infrastruktur', '1.3': 'Zielgruppe / Verantwortlichkeiten',
			'2.1': 'Server-Spezifikationen', '2.2': 'Betriebssystem', '2.3': 'Netzwerk (IP, DNS, Firewall, Ports)', '2.4': 'Zugriffsrechte & SSH-Konfiguration',
			'3.1': 'Installierte Software', '3.2': 'Verzeichnisstruktur', '3.3': 'Nutzer & Berechtigungen', '3.4': 'Backup- und Update-Konzept',
			'4.1': 'Übersicht aller Services/Container', '4.2': 'Netzwerk-Topologie', '4.3': 'Volumes & persistente Daten', '4.4': 'Logging',
			'5.1': 'PostgreSQL', '5.2': 'pgAdmin', '5.3': 'Backend', '5.4': 'Frontend', '5.5': 'Nginx Proxy Manager', '5.6': 'Mailcow-Stack',
			'6.1': 'Firewall-Regeln', '6.2': 'Secrets Management', '6.3': 'Zertifikate & TLS', '6.4': 'Benutzer- und API-Authentifizierung', '6.5': 'Monitoring & Alerts',
			'7.1': 'Genutzter Reverse Proxy', '7.2': 'Domain- und DNS-Konfiguration', '7.3': 'SSL/TLS-Zertifikate', '7.4': 'Routing-Regeln / Proxy-Hosts',
			'8.1': 'Starten / Stoppen', '8.2': 'Logs prüfen', '8.3': 'Updates einspielen', '8.4': 'Backup & Restore', '8.5': 'Fehlerbehebung',
			'9.1': 'System-Metriken', '9.2': 'Container-Healthchecks', '9.3': 'Prometheus / Grafana',
			'10.A': 'docker-compose.yml', '10.B': '.env-Dateien', '10.C': 'Systemd-Service-Dateien', '10.D': 'Backup-Skripte', '10.E': 'Netzwerkdiagramm',
		},
	},
	'002': {
		title: { de: 'Norda Biznes – Deployment Architecture', en: 'Norda Biznes deployment architecture' },
		estate: 'norda',
		sections: Object.fromEntries([
			'Header', 'NOTE (2026-04-04)', 'Overview', 'Deployment Architecture Diagram',
			'Infrastructure Inventory → Production Server', 'Infrastructure Inventory → Staging',
			'Server Details → Infrastructure', 'Server Details → Services Running', 'Server Details → Application Paths',
			'Server Details → Service Configuration', 'Server Details → SSH Access', 'Server Details → Gunicorn Configuration',
			'Server Details → Nginx Configuration', 'Server Details → SSL Certificate Management',
			'Network Topology → Network Segments', 'Network Topology → DNS Configuration',
			'Port Mappings → OVH VPS Port Matrix', 'Port Mappings → Port Matrix (historical on-prem, now staging only)',
			'Port Mappings → r11-git-inpi Port Matrix', 'Port Mappings → Fortigate Firewall NAT Rules',
			'Network Flow Diagrams → Successful Production Request Flow', 'Network Flow Diagrams → Historical: Failed Request Flow',
			'SSL/TLS Configuration → Let\'s Encrypt Certificate', 'External API Connectivity', 'Deployment Workflow',
			'Monitoring and Health Checks → Health Check Endpoint', 'Monitoring and Health Checks → Service Status Checks',
			'Monitoring and Health Checks → Planned Monitoring',
			'Backup and Disaster Recovery → PostgreSQL Database Backups', 'Backup and Disaster Recovery → OVH VPS Backups',
			'Security Configuration → OVH VPS Firewall', 'Security Configuration → SSH Access Control', 'Security Configuration → Database Security',
			'Troubleshooting Guide → Issue 1', 'Troubleshooting Guide → Issue 2', 'Troubleshooting Guide → Issue 3', 'Troubleshooting Guide → Issue 4',
			'Related Documentation', 'Maintenance Notes', 'Glossary', 'Document Status',
		].map((s) => [s, s])),
	},
} as const satisfies Record<string, SourceDocument>;

/** Number of a source document: `000` or `002`. */
export type SourceDocId = keyof typeof SOURCE_DOCUMENTS;

/** The document numbers, for enums and messages. */
export const SOURCE_DOC_IDS = Object.keys(SOURCE_DOCUMENTS) as [SourceDocId, ...SourceDocId[]];

/** Writes `->` as `→`, so authors may type either in a section path. */
export const normaliseSection = (section: string): string => section.replace(/\s*->\s*/g, ' → ').trim();

/**
 * The title of a section, or `undefined` when the document has no such section.
 * @param doc
 *   Document number.
 * @param section
 *   Section id (`6.1`, `Port Mappings → OVH VPS Port Matrix`).
 */
export function sectionTitle(doc: SourceDocId, section: string): string | undefined {
	const sections: Readonly<Record<string, string>> = SOURCE_DOCUMENTS[doc].sections;
	return sections[normaliseSection(section)];
}

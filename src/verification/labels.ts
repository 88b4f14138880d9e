/** UI text of the verification views (badges, report, host pages, PDF), per language. */

/** Site language. */
export type Lang = 'de' | 'en';

/** Normalises a locale (`de`, `en`, `en-US`, undefined) to a site language. */
export function langOf(locale: string | undefined): Lang {
	return locale?.startsWith('en') ? 'en' : 'de';
}

const de = {
	verifiedAt: (time: string, target: string) => `verifiziert ${time} gegen ${target}`,
	drift: (n: number) => `${n} Abweichung${n === 1 ? '' : 'en'}`,
	unverified: (n: number) => `${n} Fakt${n === 1 ? '' : 'en'} nicht geprüft`,
	unchecked: 'in diesem Build nicht geprüft',
	waived: (n: number) => `${n} mit Ausnahmegenehmigung`,
	factState: { verified: 'verifiziert', drift: 'Abweichung', unverified: 'nicht geprüft', waived: 'Ausnahme', planned: 'geplant', unchecked: 'nicht geprüft (kein Bericht)', stale: 'veraltet' },
	stale: (time: string, target: string) => `veraltet: zuletzt verifiziert ${time} gegen ${target}`,
	observed: 'beobachtet',
	reportTitle: 'Prüfbericht',
	reportNone: 'Dieser Build enthält keinen Prüfbericht. Erzeugen Sie ihn mit „npm run verify“ und bauen Sie die Seite neu.',
	target: 'Ziel', started: 'Beginn', finished: 'Ende', commit: 'Commit', source: 'Quelle', complete: 'vollständig', incomplete: 'UNVOLLSTÄNDIG (abgebrochen): fehlende Befunde bedeuten nichts',
	summary: 'Zusammenfassung', perEstate: 'Nach Umgebung', perHost: 'Nach Host', findings: 'Befunde', noFindings: 'Keine Abweichungen und keine ungeprüften Fakten.',
	hostKeys: 'Host-Key-Fingerprints', host: 'Host', state: 'Zustand', address: 'Adresse', duration: 'Dauer', type: 'Typ', fingerprint: 'Fingerprint',
	estate: 'Umgebung', outcome: 'Ergebnis', rule: 'Regel', expected: 'dokumentiert', message: 'Meldung', page: 'Seite', fact: 'Fakt',
	hostState: { reached: 'erreicht', unreachable: 'nicht erreichbar', skipped: 'übersprungen' },
	outcomes: { verified: 'verifiziert', drift: 'Abweichung', unverified: 'nicht geprüft', undocumented: 'undokumentiert', waived: 'Ausnahme', planned: 'geplant' },
	hostPage: (id: string) => `Host ${id}`,
	hostPages: 'Hosts',
	hostFacts: 'Stammdaten', addresses: 'Adressen', ports: 'Ports', containers: 'Container', certificates: 'Zertifikate', topology: 'Topologie',
	daysLeft: 'Resttage', notDeclared: 'Keine Angaben in den Fakten.', declaredOn: 'Deklariert auf',
	topologyNote: 'Automatisch aus den Fakten erzeugt: Internet-Zugänge, Domains, veröffentlichte Ports, Docker-Netze und SSH-Sprungpfade.',
	otherFindings: 'Befunde ohne Seite (Host-Ebene, undokumentiert)',
};

const en: typeof de = {
	verifiedAt: (time, target) => `verified ${time} against ${target}`,
	drift: (n) => `${n} drift${n === 1 ? '' : 's'}`,
	unverified: (n) => `${n} fact${n === 1 ? '' : 's'} unverified`,
	unchecked: 'not checked in this build',
	waived: (n) => `${n} waived`,
	factState: { verified: 'verified', drift: 'drift', unverified: 'unverified', waived: 'waived', planned: 'planned', unchecked: 'not checked (no report)', stale: 'stale' },
	stale: (time, target) => `stale: last verified ${time} against ${target}`,
	observed: 'observed',
	reportTitle: 'Verification report',
	reportNone: 'This build has no verification report. Create one with "npm run verify" and rebuild the site.',
	target: 'Target', started: 'Started', finished: 'Finished', commit: 'Commit', source: 'Source', complete: 'complete', incomplete: 'INCOMPLETE (interrupted): missing findings mean nothing',
	summary: 'Summary', perEstate: 'By estate', perHost: 'By host', findings: 'Findings', noFindings: 'No drift and no unverified facts.',
	hostKeys: 'Host-key fingerprints', host: 'Host', state: 'State', address: 'Address', duration: 'Duration', type: 'Type', fingerprint: 'Fingerprint',
	estate: 'Estate', outcome: 'Outcome', rule: 'Rule', expected: 'documented', message: 'Message', page: 'Page', fact: 'Fact',
	hostState: { reached: 'reached', unreachable: 'unreachable', skipped: 'skipped' },
	outcomes: { verified: 'verified', drift: 'drift', unverified: 'unverified', undocumented: 'undocumented', waived: 'waived', planned: 'planned' },
	hostPage: (id) => `Host ${id}`,
	hostPages: 'Hosts',
	hostFacts: 'Host facts', addresses: 'Addresses', ports: 'Ports', containers: 'Containers', certificates: 'Certificates', topology: 'Topology',
	daysLeft: 'Days left', notDeclared: 'Nothing declared in the facts.', declaredOn: 'Declared on',
	topologyNote: 'Generated from the facts: entry points from the Internet, domains, published ports, Docker networks and SSH jump paths.',
	otherFindings: 'Findings without a page (host level, undocumented)',
};

/** The text of one language. */
export function labels(lang: Lang): typeof de {
	return lang === 'en' ? en : de;
}

/**
 * How each fact kind is shown in a table: column labels per language and a
 * formatter per column. Pure, shared by fact tables, host pages and the PDF.
 */
import type { DeclaredFact } from '../../model/facts/store.ts';
import type { FactKind, FactValue } from '../../model/schemas/facts.ts';
import { textIn, type Lang } from '../../model/schemas/text.ts';

/** One table column of the facts of kind `K`. */
export interface Column<K extends FactKind = FactKind> {
	/** Header per language. */
	label: { de: string; en: string };
	/** Text of the cell for one fact value, in the page's language (free text such as `note` may be `{ de, en }`). */
	cell: (v: FactValue<K>, lang: Lang) => string;
}

const list = (xs: readonly unknown[] | undefined) => (xs && xs.length ? xs.join(', ') : '–');
const col = <K extends FactKind>(de: string, en: string, cell: Column<K>['cell']): Column<K> => ({ label: { de, en }, cell });
const port = (p: NonNullable<FactValue<'containers'>['ports']>[number]) => `${p.hostIp}:${p.hostPort} → ${p.containerPort}/${p.protocol}`;

/** The main value of each kind: what `<Fact id=…/>` prints without `field`. */
const MAIN: { readonly [K in FactKind]: (v: FactValue<K>) => string } = {
	hosts: (v) => v.hostname ?? v.id,
	addresses: (v) => v.address,
	sockets: (v) => `${v.bind}:${v.port}/${v.protocol}`,
	firewalls: (v) => (v.defaults ? `${v.defaults.incoming} (incoming)` : v.backend),
	containers: (v) => v.image ?? v.name,
	networks: (v) => v.subnet ?? v.name,
	volumes: (v) => v.name,
	certificates: (v) => v.domain,
	http: (v) => String(v.statusCode),
	dns: (v) => v.values.join(', '),
	units: (v) => v.active,
	users: (v) => v.name,
	groups: (v) => v.name,
	paths: (v) => v.path,
	sshd: (v) => `PasswordAuthentication ${v.passwordAuthentication ? 'yes' : 'no'}`,
};

/**
 * The main value of a fact: what `<Fact id=…/>` prints without `field`.
 * @param fact
 *   A declared fact of any kind.
 */
export function mainValue<K extends FactKind>(fact: DeclaredFact<K>): string {
	return MAIN[fact.kind](fact.value);
}

/**
 * The cells of one fact's table row, in the order of `COLUMNS[fact.kind]`.
 * @param fact
 *   A declared fact of any kind.
 * @param lang
 *   Language of free text.
 */
export function rowCells<K extends FactKind>(fact: DeclaredFact<K>, lang: Lang): string[] {
	const columns: readonly Column<K>[] = COLUMNS[fact.kind];
	return columns.map((c) => c.cell(fact.value, lang));
}

/** Columns of each kind. */
export const COLUMNS: { readonly [K in FactKind]: readonly Column<K>[] } = {
	hosts: [
		col('Host', 'Host', (v) => v.id), col('Hostname', 'Hostname', (v) => v.hostname ?? '–'),
		col('Betriebssystem', 'Operating system', (v) => (v.os ? v.os.pretty ?? `${v.os.id} ${v.os.version}` : '–')),
		col('Kernel', 'Kernel', (v) => v.kernel ?? '–'), col('CPUs', 'CPUs', (v) => (v.cpus === undefined ? '–' : String(v.cpus))),
		col('RAM (GiB)', 'RAM (GiB)', (v) => (v.memory ? `${v.memory.value}` : '–')),
	],
	addresses: [col('Adresse', 'Address', (v) => v.address), col('Interface', 'Interface', (v) => v.interface ?? '–')],
	sockets: [
		col('Port', 'Port', (v) => `${v.port}/${v.protocol}`), col('Bind-Adresse', 'Bind address', (v) => v.bind),
		col('Prozess', 'Process', (v) => v.process ?? '–'), col('Hinweis', 'Note', (v, lang) => textIn(v.note, lang) ?? ''),
	],
	firewalls: [
		col('Backend', 'Backend', (v) => v.backend),
		col('Standard (ein/aus)', 'Default (in/out)', (v) => (v.defaults ? `${v.defaults.incoming} / ${v.defaults.outgoing}` : '–')),
		col('Regeln', 'Rules', (v) => v.rules.map((r) => `${r.action} ${r.port}${r.protocol ? '/' + r.protocol : ''}${r.from !== 'any' ? ' from ' + r.from : ''}`).join('; ')),
	],
	containers: [
		col('Container', 'Container', (v) => v.name), col('Image', 'Image', (v) => v.image ?? '–'),
		col('Ports', 'Ports', (v) => (v.ports ? (v.ports.length ? v.ports.map(port).join(', ') : 'nicht veröffentlicht / not published') : '–')),
		col('Netzwerke', 'Networks', (v) => list(v.networks)), col('Restart', 'Restart', (v) => v.restart ?? '–'),
	],
	networks: [col('Netzwerk', 'Network', (v) => v.name), col('Treiber', 'Driver', (v) => v.driver), col('Subnetz', 'Subnet', (v) => v.subnet ?? '–'), col('Interface', 'Interface', (v) => v.interface ?? '–')],
	volumes: [col('Volume', 'Volume', (v) => v.name), col('Treiber', 'Driver', (v) => v.driver)],
	certificates: [
		col('Domain', 'Domain', (v) => v.domain), col('Port', 'Port', (v) => String(v.port)),
		col('Aussteller', 'Issuer', (v) => v.issuer ?? '–'), col('Min. Resttage', 'Min. days left', (v) => String(v.minDaysLeft)),
	],
	http: [
		col('URL', 'URL', (v) => v.url), col('Status', 'Status', (v) => String(v.statusCode)),
		col('Weiterleitung', 'Redirect', (v) => v.redirect ?? '–'), col('Header', 'Headers', (v) => Object.keys(v.headers).join(', ') || '–'),
	],
	dns: [col('Name', 'Name', (v) => v.name), col('Typ', 'Type', (v) => v.type), col('Wert', 'Value', (v) => v.values.join(', ')), col('TTL', 'TTL', (v) => (v.ttl ? String(v.ttl) : '–'))],
	units: [col('Unit', 'Unit', (v) => v.name), col('Zustand', 'State', (v) => v.active), col('Aktiviert', 'Enabled', (v) => (v.enabled === undefined ? '–' : v.enabled ? 'ja / yes' : 'nein / no')), col('Benutzer', 'User', (v) => v.user ?? '–')],
	users: [col('Benutzer', 'User', (v) => v.name), col('Gruppen', 'Groups', (v) => list(v.groups)), col('Shell', 'Shell', (v) => v.shell ?? '–')],
	groups: [col('Gruppe', 'Group', (v) => v.name), col('Mitglieder', 'Members', (v) => list(v.members))],
	paths: [col('Pfad', 'Path', (v) => v.path), col('Typ', 'Type', (v) => v.type), col('Eigentümer', 'Owner', (v) => [v.owner, v.group].filter(Boolean).join(':') || '–'), col('Modus', 'Mode', (v) => v.mode ?? '–')],
	sshd: [
		col('Passwort-Login', 'Password login', (v) => (v.passwordAuthentication === undefined ? '–' : v.passwordAuthentication ? 'yes' : 'no')),
		col('Root-Login', 'Root login', (v) => v.permitRootLogin ?? '–'), col('AllowUsers', 'AllowUsers', (v) => list(v.allowUsers)),
	],
};

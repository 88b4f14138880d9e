/**
 * The verifier's finding messages for the site, in both languages. A finding carries
 * `messageId` (`<kind>/<id>`: the key of its kind's `meta.messages`, or
 * `undocumented/<id>` for `UNDOCUMENTED_MESSAGES`) and the template `data`; the site
 * fills the template of the page's language. English falls back to the verifier's own
 * template (what the terminal prints); `SITE_EN` only replaces templates whose advice is
 * configuration jargon (the "what to do" is shown separately, in plain words).
 * Every German template uses only placeholders of its English counterpart
 * (test/verification/messages.test.ts).
 */

/** German templates by message id. */
export const MESSAGES_DE: Readonly<Record<string, string>> = {
	'hosts/hostname': 'Der Hostname von {{host}} ist „{{observed}}“, dokumentiert ist „{{expected}}“.',
	'hosts/osId': 'Das Betriebssystem von {{host}} ist {{observed}}, dokumentiert ist {{expected}} (ID in /etc/os-release).',
	'hosts/osVersion': 'Die Betriebssystemversion von {{host}} ist {{observed}}, dokumentiert ist {{expected}} (VERSION_ID in /etc/os-release); wurde der Host aktualisiert?',
	'hosts/kernel': 'Der Kernel von {{host}} ist {{observed}}, dokumentiert ist {{expected}}; Kernel ändern sich mit Updates.',
	'hosts/cpus': '{{host}} hat {{observed}} CPUs, dokumentiert sind {{expected}}.',
	'hosts/memory': '{{host}} hat {{observed}} GiB Arbeitsspeicher, dokumentiert sind {{expected}} GiB ± {{tolerance}} %.',
	'hosts/diskMissing': 'Unter {{mount}} ist auf {{host}} nichts eingehängt (df).',
	'hosts/diskSize': 'Das Dateisystem {{mount}} auf {{host}} hat {{observed}} GB, dokumentiert sind {{expected}} GB ± {{tolerance}} %.',
	'addresses/missing': 'Die Adresse {{expected}} ist auf keiner Schnittstelle von {{host}} konfiguriert (ip addr).',
	'addresses/prefix': 'Die Adresse {{ip}} auf {{host}} hat das Präfix {{observed}}, dokumentiert ist {{expected}}.',
	'addresses/interface': 'Die Adresse {{ip}} auf {{host}} liegt auf der Schnittstelle {{observed}}, dokumentiert ist {{expected}}.',
	'sockets/notListening': 'Auf {{host}} lauscht nichts auf {{proto}}/{{port}} (ss); ist der Dienst gestoppt oder hat sich der Port geändert?',
	'sockets/bind': '{{proto}}/{{port}} auf {{host}} ist an {{observed}} gebunden, dokumentiert ist {{expected}}.',
	'sockets/process': '{{proto}}/{{port}} auf {{host}} gehört zu {{observed}}, dokumentiert ist {{expected}}.',
	'sockets/internalReachable': '{{proto}}/{{port}} auf {{host}} ist als intern dokumentiert, aber die Build-Maschine hat {{address}}:{{port}} erreicht.',
	'sockets/publicUnreachable': '{{proto}}/{{port}} auf {{host}} ist als öffentlich dokumentiert, aber die Build-Maschine hat {{address}}:{{port}} nicht erreicht ({{observed}}); prüfen Sie die Firewall.',
	'firewalls/backend': 'Die Firewall von {{host}} wird von {{observed}} verwaltet, dokumentiert ist {{expected}}.',
	'firewalls/active': 'Die Firewall von {{host}} ist {{observed}}, dokumentiert ist {{expected}}.',
	'firewalls/defaults': 'Die Standardrichtlinie ({{direction}}) von {{host}} ist {{observed}}, dokumentiert ist {{expected}}.',
	'firewalls/ruleMissing': 'Die Regel „{{expected}}“ ist für {{host}} dokumentiert, fehlt aber in der Firewall.',
	'containers/missing': 'Der Container {{name}} existiert auf {{host}} nicht (docker ps -a).',
	'containers/image': 'Der Container {{name}} auf {{host}} läuft mit dem Image {{observed}}, dokumentiert ist {{expected}}.',
	'containers/state': 'Der Container {{name}} auf {{host}} ist {{observed}}, dokumentiert ist {{expected}}.',
	'containers/health': 'Der Container {{name}} auf {{host}} meldet {{observed}}, dokumentiert ist {{expected}} (Health-Status).',
	'containers/ports': 'Der Container {{name}} auf {{host}} veröffentlicht {{observed}}, dokumentiert ist {{expected}}.',
	'containers/networks': 'Der Container {{name}} auf {{host}} hängt an {{observed}}, dokumentiert ist {{expected}}.',
	'containers/mounts': 'Der Container {{name}} auf {{host}} bindet {{observed}} ein, dokumentiert ist {{expected}}.',
	'containers/restart': 'Der Container {{name}} auf {{host}} hat die Neustart-Richtlinie {{observed}}, dokumentiert ist {{expected}}.',
	'containers/env': 'Dem Container {{name}} auf {{host}} fehlen die Umgebungsvariablen {{observed}} (Werte werden nie gelesen).',
	'containers/internalReachable': 'Port {{port}} des Containers {{name}} auf {{host}} ist als intern dokumentiert, aber die Build-Maschine hat {{address}}:{{port}} erreicht.',
	'containers/publicUnreachable': 'Port {{port}} des Containers {{name}} auf {{host}} ist als öffentlich dokumentiert, aber die Build-Maschine hat {{address}}:{{port}} nicht erreicht ({{observed}}).',
	'networks/missing': 'Das Docker-Netz {{name}} existiert auf {{host}} nicht (docker network ls).',
	'networks/driver': 'Das Docker-Netz {{name}} auf {{host}} nutzt den Treiber {{observed}}, dokumentiert ist {{expected}}.',
	'networks/subnet': 'Das Docker-Netz {{name}} auf {{host}} hat das Subnetz {{observed}}, dokumentiert ist {{expected}}.',
	'networks/gateway': 'Das Docker-Netz {{name}} auf {{host}} hat das Gateway {{observed}}, dokumentiert ist {{expected}}.',
	'networks/interface': 'Das Docker-Netz {{name}} auf {{host}} nutzt die Bridge {{observed}}, dokumentiert ist {{expected}}.',
	'volumes/missing': 'Das Docker-Volume {{name}} existiert auf {{host}} nicht (docker volume ls).',
	'volumes/driver': 'Das Docker-Volume {{name}} auf {{host}} nutzt den Treiber {{observed}}, dokumentiert ist {{expected}}.',
	'certificates/notServed': 'Für {{domain}}:{{port}} konnte von {{address}} kein TLS-Zertifikat abgerufen werden ({{observed}}).',
	'certificates/san': 'Das für {{domain}}:{{port}} ausgelieferte Zertifikat deckt {{missing}} nicht ab; es nennt {{observed}}.',
	'certificates/chain': 'Dem für {{domain}}:{{port}} ausgelieferten Zertifikat wird nicht vertraut: {{observed}}.',
	'certificates/issuer': 'Das Zertifikat für {{domain}}:{{port}} wurde von {{observed}} ausgestellt, dokumentiert ist {{expected}}.',
	'certificates/expiry': 'Das Zertifikat für {{domain}}:{{port}} läuft am {{validTo}} ab (noch {{observed}} Tage), dokumentiert sind mindestens {{expected}} Tage; erneuern Sie es.',
	'certificates/protocol': '{{domain}}:{{port}} hat {{observed}} ausgehandelt; erwartet ist TLS 1.2 oder neuer.',
	'http/failed': 'Keine HTTP-Antwort von {{url}} über {{address}} ({{observed}}).',
	'http/status': '{{url}} antwortete mit {{observed}}, dokumentiert ist {{expected}}.',
	'http/redirect': '{{url}} leitet auf {{observed}} um, dokumentiert ist {{expected}}.',
	'http/header': '{{url}}: Der Header {{name}} ist {{observed}}, dokumentiert ist {{expected}}.',
	'dns/missing': '{{type}} {{name}} löst nicht auf ({{observed}}).',
	'dns/values': '{{type}} {{name}} löst auf {{observed}} auf, dokumentiert ist {{expected}}.',
	'units/missing': 'Die Unit {{name}} ist systemd auf {{host}} nicht bekannt (LoadState={{observed}}).',
	'units/active': 'Die Unit {{name}} auf {{host}} ist {{observed}}, dokumentiert ist {{expected}} (ActiveState).',
	'units/enabled': 'Die Unit {{name}} auf {{host}} ist beim Start {{observed}}, dokumentiert ist {{expected}} (UnitFileState).',
	'units/user': 'Die Unit {{name}} auf {{host}} läuft als {{observed}}, dokumentiert ist {{expected}} (User=).',
	'users/missing': 'Der Benutzer {{name}} existiert auf {{host}} nicht (getent passwd).',
	'users/present': 'Der Benutzer {{name}} existiert auf {{host}}, ist aber als entfernt dokumentiert.',
	'users/groups': 'Der Benutzer {{name}} auf {{host}} ist nicht in der Gruppe bzw. den Gruppen {{missing}}; Mitglied von {{observed}}.',
	'users/shell': 'Der Benutzer {{name}} auf {{host}} hat die Shell {{observed}}, dokumentiert ist {{expected}}.',
	'groups/missing': 'Die Gruppe {{name}} existiert auf {{host}} nicht (getent group).',
	'groups/members': 'Der Gruppe {{name}} auf {{host}} fehlen die Mitglieder {{missing}}; Mitglieder sind {{observed}}.',
	'paths/missing': '{{path}} existiert auf {{host}} nicht.',
	'paths/type': '{{path}} auf {{host}} ist ein(e) {{observed}}, dokumentiert ist {{expected}}.',
	'paths/owner': '{{path}} auf {{host}} gehört {{observed}}, dokumentiert ist {{expected}}.',
	'paths/group': '{{path}} auf {{host}} hat die Gruppe {{observed}}, dokumentiert ist {{expected}}.',
	'paths/mode': '{{path}} auf {{host}} hat die Rechte {{observed}}, dokumentiert ist {{expected}}.',
	'sshd/setting': 'sshd auf {{host}} hat {{setting}} {{observed}}, dokumentiert ist {{expected}} (sshd -T).',
	'undocumented/socket': '{{host}} lauscht auf {{proto}}/{{port}} an {{bind}}{{procs}}; keine Seite deklariert das als Fakt.',
	'undocumented/container': 'Der Container {{name}} ({{image}}, {{state}}) läuft auf {{host}}; keine Seite deklariert ihn als Fakt.',
	'undocumented/rule': 'Die Firewall-Regel „{{rule}}“ auf {{host}} ist in keinem Firewall-Fakt deklariert.',
	'undocumented/network': 'Das Docker-Netz {{name}} existiert auf {{host}}; keine Seite deklariert es als Fakt.',
	'undocumented/volume': 'Das Docker-Volume {{name}} existiert auf {{host}}; keine Seite deklariert es als Fakt.',
	'undocumented/unverified': 'Auf {{host}} konnte nicht nach undokumentierten Objekten ({{what}}) gesucht werden.',
};

/**
 * English site templates that differ from the verifier's terminal text: the advice in
 * configuration jargon ("ignore.containers") is left out here, because the site shows
 * "what to do" in plain words beside each finding.
 */
export const SITE_EN: Readonly<Record<string, string>> = {
	'undocumented/socket': '{{host}} listens on {{proto}}/{{port}} at {{bind}}{{procs}}; no page declares it as a fact.',
	'undocumented/container': 'Container {{name}} ({{image}}, {{state}}) runs on {{host}}; no page declares it as a fact.',
	'undocumented/rule': 'Firewall rule "{{rule}}" on {{host}} is not declared in any firewall fact.',
	'undocumented/network': 'Docker network {{name}} exists on {{host}}; no page declares it as a fact.',
	'undocumented/volume': 'Docker volume {{name}} exists on {{host}}; no page declares it as a fact.',
	'undocumented/unverified': 'Could not look for undocumented {{what}} on {{host}}.',
	'hosts/hostname': 'Hostname of {{host}} is "{{observed}}", documented "{{expected}}".',
};

/** `{{name}}` placeholders of a template, sorted and unique. */
export function placeholders(template: string): string[] {
	return [...new Set([...template.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!))].sort();
}

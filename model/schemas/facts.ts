/**
 * The `facts` block of a page's frontmatter: everything a page states about the
 * estate that the verifier can check. Entries without `host` belong to the page's
 * `facts.host`. A fact is identified by its kind and key (see `model/facts/keys.ts`),
 * so the same fact declared on two pages must agree.
 */
import { z } from 'astro/zod';
import { HostIdSchema } from './primitives.ts';
import { HostSchema } from './host.ts';
import { AddressSchema } from './address.ts';
import { SocketSchema } from './socket.ts';
import { FirewallSchema } from './firewall.ts';
import { ContainerSchema, NetworkSchema, VolumeSchema } from './container.ts';
import { CertificateSchema, DnsRecordSchema, HttpEndpointSchema } from './web.ts';
import { GroupSchema, PathSchema, SshdSchema, UnitSchema, UserSchema } from './system.ts';

const list = <T extends z.ZodType>(item: T) => z.array(item).max(1000, { error: 'at most 1000 entries per list' }).default([]);

/** The facts a page declares. */
export const FactsSchema = z.strictObject({
	/** Default host for the entries on this page that do not name one. */
	host: HostIdSchema.optional(),
	/** Host definitions (declare each host once in the whole site). */
	hosts: list(HostSchema),
	/** Interface addresses. */
	addresses: list(AddressSchema),
	/** Listening sockets with bind address and process. */
	sockets: list(SocketSchema),
	/** Host firewalls (one per host). */
	firewalls: list(FirewallSchema),
	/** Docker containers. */
	containers: list(ContainerSchema),
	/** Docker networks. */
	networks: list(NetworkSchema),
	/** Docker volumes. */
	volumes: list(VolumeSchema),
	/** TLS certificates served for domains. */
	certificates: list(CertificateSchema),
	/** HTTP(S) endpoints: status, redirects, headers. */
	http: list(HttpEndpointSchema),
	/** DNS records. */
	dns: list(DnsRecordSchema),
	/** systemd units. */
	units: list(UnitSchema),
	/** User accounts and their groups. */
	users: list(UserSchema),
	/** Groups and their members. */
	groups: list(GroupSchema),
	/** Important paths. */
	paths: list(PathSchema),
	/** Effective sshd settings (one per host). */
	sshd: list(SshdSchema),
});
export type Facts = z.output<typeof FactsSchema>;

/** Names of the fact lists, in display order. */
export const FACT_KINDS = [
	'hosts', 'addresses', 'sockets', 'firewalls', 'containers', 'networks', 'volumes',
	'certificates', 'http', 'dns', 'units', 'users', 'groups', 'paths', 'sshd',
] as const satisfies readonly (keyof Facts)[];
export type FactKind = (typeof FACT_KINDS)[number];

/** The validated entry of one fact kind, e.g. `FactValue<'sockets'>` (the schema's output). */
export type FactValue<K extends FactKind = FactKind> = Facts[K][number];

/** Estates (one per source document) a page can belong to. */
export const EstateSchema = z.enum(['grocerymate', 'norda'], { error: 'must be one of: grocerymate, norda' });

/** The frontmatter fields this project adds to Starlight's `docsSchema`. */
export const PageFactsSchema = z.object({
	/** Which estate the page documents; facts are resolved within it. */
	estate: EstateSchema.optional(),
	/** Verifiable facts declared by this page. */
	facts: FactsSchema.optional(),
	/** Literals the fact lint must accept on this page although no fact matches them. */
	lintAllow: z.array(z.string().max(200)).max(200).optional(),
});
/**
 * The validated `PageFactsSchema` entry (the schema's output).
 * @public (part of the shared model's types)
 */
export type PageFacts = z.output<typeof PageFactsSchema>;

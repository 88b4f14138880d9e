/**
 * Shared building blocks of the fact model: addresses, ports, names and the
 * per-fact metadata (waivers, planned state). Pure zod, no Astro imports, so the
 * content collection, the verifier and plain unit tests share one definition.
 */
import { z } from 'astro/zod';
import { SourceFieldSchema } from './provenance.ts';
import { localizedText } from './text.ts';

/** A host id: lower-case kebab-case, e.g. `gm-vserver`. Referenced by every host-bound fact. */
export const HostIdSchema = z
	.string()
	.regex(/^[a-z0-9][a-z0-9-]{0,62}$/, {
		error: 'must be a host id: lower-case letters, digits and dashes, e.g. "gm-vserver"',
	});

/** An IPv4 address such as `10.0.0.1` (each octet 0–255). */
export const Ipv4Schema = z.ipv4({ error: 'must be an IPv4 address such as 10.0.0.1 (octets 0–255)' });

/** An IPv6 address such as `2001:db8::1`. */
export const Ipv6Schema = z.ipv6({ error: 'must be an IPv6 address such as 2001:db8::1' });

/** An IPv4 or IPv6 address without prefix length. */
export const IpAddressSchema = z.union([Ipv4Schema, Ipv6Schema], {
	error: 'must be an IPv4 (10.0.0.1) or IPv6 (2001:db8::1) address',
});

/** An address with prefix length: `91.99.21.21/32`, `2a01:4f8::1/64`. */
export const CidrSchema = z.union([z.cidrv4(), z.cidrv6()], {
	error: 'must be an address with prefix length, e.g. 10.0.0.1/24 or 2001:db8::1/64',
});

/** A TCP/UDP port number, 1–65535. */
export const PortSchema = z
	.number({ error: 'must be a port number (1–65535)' })
	.int({ error: 'must be a whole port number (1–65535)' })
	.min(1, { error: 'must be a port number between 1 and 65535' })
	.max(65535, { error: 'must be a port number between 1 and 65535' });

/** Transport protocol of a socket, rule or published port. */
export const ProtocolSchema = z.enum(['tcp', 'udp'], { error: 'must be "tcp" or "udp"' });

/**
 * A bind address of a listening socket: an IP address, or `*` for "all addresses"
 * (written `0.0.0.0` / `::` in most tools; both are accepted as they are).
 */
export const BindAddressSchema = z.union([IpAddressSchema, z.literal('*')], {
	error: 'must be an IP address (127.0.0.1, 0.0.0.0, ::) or "*"',
});

/** A DNS name such as `api.gro-mate.tech` (no scheme, no port). */
export const DomainSchema = z
	.string()
	.regex(/^(?=.{1,253}$)(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i, {
		error: 'must be a DNS name such as api.example.org (no scheme, no port)',
	});

/** A safe simple name (container, network, volume, user, group, unit): no spaces, quotes or shell metacharacters. */
export const NameSchema = z
	.string()
	.regex(/^[A-Za-z0-9_][A-Za-z0-9_.@:+-]{0,127}$/, {
		error: 'must be a plain name: letters, digits and _ . @ : + - (no spaces, quotes or shell characters)',
	});

/** An absolute path without `..` segments or control characters. */
export const AbsolutePathSchema = z
	.string()
	.regex(/^\/[^\0\n\r]*$/, { error: 'must be an absolute path starting with /' })
	// eslint-disable-next-line no-control-regex -- finding control characters is what this check is for
	.refine((p) => !/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/.test(p), { error: 'must not contain control characters' })
	.refine((p) => !p.split('/').includes('..'), { error: 'must not contain ".." segments' })
	.refine((p) => p.length <= 4096, { error: 'must be at most 4096 characters long' });

/** An ISO date `YYYY-MM-DD`. */
export const IsoDateSchema = z.iso.date({ error: 'must be a date in the form YYYY-MM-DD' });

/**
 * An accepted drift: the fact is known to differ from reality, accepted until
 * `expires`. A waived finding is reported as `waived` and fails again after expiry.
 */
export const WaiverSchema = z.strictObject({
	/** Why the drift is accepted (shown in reports and on the page). */
	reason: z.string().min(3, { error: 'must say why the drift is accepted' }),
	/** Who accepted it and must resolve it. */
	owner: z.string().min(1),
	/** Last day (UTC) the waiver applies; afterwards the finding fails again. */
	expires: IsoDateSchema,
});

/** Metadata every fact entry may carry. */
export const FactMetaShape = {
	/** Host the fact is about; defaults to the page's `facts.host`. */
	host: HostIdSchema.optional(),
	/** `planned`: described for the future, not verified against the running system. */
	status: z.enum(['current', 'planned'], { error: 'must be "current" or "planned"' }).default('current'),
	/** Accepted drift with reason, owner and expiry. */
	waiver: WaiverSchema.optional(),
	/** Short human note shown beside the fact (not verified): one text, or `{ de, en }` so both languages read it in their own. */
	note: localizedText(500).optional(),
	/**
	 * Where the fact comes from (provenance): a source section, a decision on the Known
	 * discrepancies page, a project addition or an assumption to confirm on the real server.
	 * Required by the fact lint (`fact-provenance`); see `provenance.ts`.
	 */
	source: SourceFieldSchema.optional(),
};

/** A tolerance in percent for measured quantities (memory, disk). */
export const TolerancePercentSchema = z.number().min(0).max(100).default(10);

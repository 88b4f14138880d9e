/** Facts checked from the build machine: TLS certificates, HTTP endpoints, DNS records. */
import { z } from 'astro/zod';
import { DomainSchema, FactMetaShape, IpAddressSchema, PortSchema } from './primitives.ts';

/** A certificate served for a domain. Keyed by domain + port. `host` is the server that serves it. */
export const CertificateSchema = z.strictObject({
	...FactMetaShape,
	/** Domain sent as SNI and expected in the certificate's SAN. */
	domain: DomainSchema,
	/** Port the certificate is served on. @default 443 */
	port: PortSchema.default(443),
	/** Expected issuer organisation or common name (substring match), e.g. `Let's Encrypt`. */
	issuer: z.string().max(200).optional(),
	/** Minimum remaining validity in days. @default 14 */
	minDaysLeft: z.number().int().min(0).max(3650).default(14),
	/** Further names the certificate must cover. */
	altNames: z.array(DomainSchema).max(100).default([]),
});

/** An HTTP(S) endpoint. Keyed by URL. `host` is the server that answers it. */
export const HttpEndpointSchema = z.strictObject({
	...FactMetaShape,
	/** Absolute http(s) URL. */
	url: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }),
	/** Expected HTTP status code (named apart from the fact's `status`: current/planned). @default 200 */
	statusCode: z.number().int().min(100).max(599).default(200),
	/** Expected `Location` of a redirect (3xx). */
	redirect: z.string().max(2000).optional(),
	/** Headers that must be present; a string value must match exactly (case-insensitive name). */
	headers: z.record(z.string().regex(/^[A-Za-z0-9-]+$/), z.union([z.string().max(2000), z.literal(true)])).default({}),
});

/** A DNS record. Keyed by name + type. */
export const DnsRecordSchema = z.strictObject({
	...FactMetaShape,
	/** Record name. */
	name: DomainSchema,
	/** Record type. */
	type: z.enum(['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'NS']),
	/** Expected value(s); for A/AAAA the addresses. */
	values: z.array(z.union([IpAddressSchema, z.string().max(500)])).min(1).max(20),
	/** TTL in seconds (informational unless the resolver reports it). */
	ttl: z.number().int().positive().optional(),
});
/**
 * The validated `CertificateSchema` entry (the schema's output).
 * @public (part of the shared model's types)
 */
export type Certificate = z.output<typeof CertificateSchema>;
/**
 * The validated `HttpEndpointSchema` entry (the schema's output).
 * @public (part of the shared model's types)
 */
export type HttpEndpoint = z.output<typeof HttpEndpointSchema>;
/**
 * The validated `DnsRecordSchema` entry (the schema's output).
 * @public (part of the shared model's types)
 */
export type DnsRecord = z.output<typeof DnsRecordSchema>;

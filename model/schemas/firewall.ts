/** Host firewall (ufw; nftables where ufw is absent). */
import { z } from 'astro/zod';
import { FactMetaShape, PortSchema, ProtocolSchema, CidrSchema, IpAddressSchema } from './primitives.ts';

const PolicySchema = z.enum(['allow', 'deny', 'reject', 'disabled'], { error: 'must be allow, deny, reject or disabled' });

/** One firewall rule. Keyed by host + port + protocol + action + source. */
export const FirewallRuleSchema = z.strictObject({
	/** Destination port, or `from:to` range as a string such as `"60000:61000"`. */
	port: z.union([PortSchema, z.string().regex(/^\d{1,5}:\d{1,5}$/, { error: 'must be a port or a range like 60000:61000' })]),
	/** Protocol; omit for both. */
	protocol: ProtocolSchema.optional(),
	/** `allow`, `deny`, `reject` or `limit`. @default allow */
	action: z.enum(['allow', 'deny', 'reject', 'limit']).default('allow'),
	/** Source: `any` or an address / network. @default any */
	from: z.union([z.literal('any'), IpAddressSchema, CidrSchema]).default('any'),
	/** Rule comment (informational). */
	comment: z.string().max(200).optional(),
});

/** The firewall of one host. */
export const FirewallSchema = z.strictObject({
	...FactMetaShape,
	/** Which firewall front end manages the rules. @default ufw */
	backend: z.enum(['ufw', 'nftables']).default('ufw'),
	/** Whether the firewall is active. @default true */
	active: z.boolean().default(true),
	/** Default policies. */
	defaults: z
		.strictObject({
			/** Policy for incoming traffic. */
			incoming: PolicySchema,
			/** Policy for outgoing traffic. */
			outgoing: PolicySchema,
			/** Policy for routed / forwarded traffic. */
			routed: PolicySchema.optional(),
		})
		.optional(),
	/** Incoming rules. Rules observed but not listed here are reported as undocumented. */
	rules: z.array(FirewallRuleSchema).max(500).default([]),
});
export type Firewall = z.output<typeof FirewallSchema>;
/**
 * The validated `FirewallRuleSchema` entry (the schema's output).
 * @public (part of the shared model's types)
 */
export type FirewallRule = z.output<typeof FirewallRuleSchema>;

/** IP addresses configured on a host's interfaces (`ip addr`). */
import { z } from 'astro/zod';
import { CidrSchema, FactMetaShape, NameSchema } from './primitives.ts';

/** One address on one interface. Keyed by host + address. */
export const AddressSchema = z.strictObject({
	...FactMetaShape,
	/** Address with prefix length, e.g. `91.99.21.21/32`, `2a01:4f8:1c1a:ca2e::1/64`. */
	address: CidrSchema,
	/** Interface name, e.g. `eth0`. */
	interface: NameSchema.optional(),
});
/**
 * The validated `AddressSchema` entry (the schema's output).
 * @public (part of the shared model's types)
 */
export type Address = z.output<typeof AddressSchema>;

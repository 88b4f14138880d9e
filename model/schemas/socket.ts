/** Listening sockets (`ss -tulpn`). */
import { z } from 'astro/zod';
import { BindAddressSchema, FactMetaShape, NameSchema, PortSchema, ProtocolSchema } from './primitives.ts';

/** A listening socket. Keyed by host + protocol + port; the bind address and process are compared. */
export const SocketSchema = z.strictObject({
	...FactMetaShape,
	/** Port number. */
	port: PortSchema,
	/** `tcp` or `udp`. @default tcp */
	protocol: ProtocolSchema.default('tcp'),
	/** Address the socket is bound to: `127.0.0.1` (local only), `0.0.0.0`/`::` (all), or one address. */
	bind: BindAddressSchema,
	/** Name of the owning process as `ss -p` shows it, e.g. `nginx`, `sshd`, `docker-proxy`. */
	process: NameSchema.optional(),
	/** Who may reach it: `public` (must be reachable from outside) or `internal`. Derived from `bind` when omitted. */
	exposure: z.enum(['public', 'internal']).optional(),
});
export type Socket = z.output<typeof SocketSchema>;

/** Host definition: identity, OS and resources of one server. */
import { z } from 'astro/zod';
import { HostIdSchema, NameSchema, AbsolutePathSchema, TolerancePercentSchema, WaiverSchema } from './primitives.ts';
import { SourceFieldSchema } from './provenance.ts';
import { localizedText } from './text.ts';

/** A measured size with an accepted deviation. */
export const SizeSchema = z.strictObject({
	/** Documented size in GiB (memory) or GB (disks), as the source states it. */
	value: z.number().positive(),
	/** Accepted deviation in percent between documented and observed size. @default 10 */
	tolerance: TolerancePercentSchema,
});

/** One mounted disk / filesystem. */
export const DiskSchema = z.strictObject({
	/** Mount point, e.g. `/`. */
	mount: AbsolutePathSchema,
	/** Block device, e.g. `/dev/sda1` (informational). */
	device: AbsolutePathSchema.optional(),
	/** Filesystem size in GB with tolerance. */
	size: SizeSchema.optional(),
});

/** A server the docs describe. Declared once; every other fact references it by `id`. */
export const HostSchema = z.strictObject({
	/** Stable id used by facts and by the verifier's inventory, e.g. `gm-vserver`. */
	id: HostIdSchema,
	/** Human label, e.g. "Hetzner vServer". */
	label: z.string().max(120).optional(),
	/** Hostname as printed by `hostname`. */
	hostname: NameSchema.optional(),
	/** Operating system from `/etc/os-release`. */
	os: z
		.strictObject({
			/** `ID`, e.g. `ubuntu`. */
			id: NameSchema,
			/** `VERSION_ID`, e.g. `24.04`. */
			version: z.string().regex(/^[0-9A-Za-z._-]+$/, { error: 'must be a VERSION_ID such as 24.04' }),
			/** `PRETTY_NAME` (informational, not compared). */
			pretty: z.string().optional(),
		})
		.optional(),
	/** Kernel release (`uname -r`), e.g. `6.8.0-87-generic`. */
	kernel: z.string().regex(/^[0-9A-Za-z._+-]+$/, { error: 'must be a kernel release such as 6.8.0-87-generic' }).optional(),
	/** Number of CPUs the host has (`nproc`). */
	cpus: z.number().int().positive().optional(),
	/** Memory in GiB with tolerance. */
	memory: SizeSchema.optional(),
	/** Filesystems. */
	disks: z.array(DiskSchema).max(64).default([]),
	/** Provider / location (informational; one text or `{ de, en }`). */
	provider: localizedText(120).optional(),
	/** Role in the estate, shown in overviews (informational; one text or `{ de, en }`). */
	role: localizedText(200).optional(),
	/** Whether the host is `current` or only `planned`. */
	status: z.enum(['current', 'planned', 'retired']).default('current'),
	/** Accepted drift for the host's identity facts. */
	waiver: WaiverSchema.optional(),
	/** Where the host's facts come from (see `provenance.ts`); required by the fact lint. */
	source: SourceFieldSchema.optional(),
	/**
	 * Observed things that are noise and must not be reported as undocumented:
	 * ports (numbers or `from:to` ranges), container names, process names.
	 */
	ignore: z
		.strictObject({
			/** Listening ports or ranges (`"32768:60999"`) to ignore. */
			ports: z.array(z.union([z.number().int().min(1).max(65535), z.string().regex(/^\d{1,5}:\d{1,5}$/)])).max(100).default([]),
			/** Container names to ignore. */
			containers: z.array(NameSchema).max(100).default([]),
			/** Process names whose sockets are ignored. */
			processes: z.array(NameSchema).max(100).default([]),
		})
		.optional(),
});
/**
 * The validated `HostSchema` entry (the schema's output).
 * @public (part of the shared model's types)
 */
export type Host = z.output<typeof HostSchema>;

/** OS-level facts: systemd units, users, groups, paths, sshd settings. */
import { z } from 'astro/zod';
import { AbsolutePathSchema, FactMetaShape, NameSchema } from './primitives.ts';

/** A systemd unit. Keyed by host + name. */
export const UnitSchema = z.strictObject({
	...FactMetaShape,
	/** Unit name including its type, e.g. `nordabiznes.service`. */
	name: z.string().regex(/^[A-Za-z0-9@_.:-]+\.(service|socket|timer|target|mount|path)$/, {
		error: 'must be a unit name with its type, e.g. nginx.service',
	}),
	/** Expected `ActiveState`. @default active */
	active: z.enum(['active', 'inactive', 'failed']).default('active'),
	/** Expected to be enabled at boot. */
	enabled: z.boolean().optional(),
	/** User the service runs as (`User=`). */
	user: NameSchema.optional(),
});

/** A user account. Keyed by host + name. */
export const UserSchema = z.strictObject({
	...FactMetaShape,
	/** Login name. */
	name: NameSchema,
	/** Supplementary groups the user must be a member of. */
	groups: z.array(NameSchema).max(64).default([]),
	/** Login shell. */
	shell: AbsolutePathSchema.optional(),
	/** Whether the account exists. @default true */
	present: z.boolean().default(true),
});

/** A group. Keyed by host + name. */
export const GroupSchema = z.strictObject({
	...FactMetaShape,
	/** Group name. */
	name: NameSchema,
	/** Members that must be in the group. */
	members: z.array(NameSchema).max(256).default([]),
});

/** A filesystem path. Keyed by host + path. */
export const PathSchema = z.strictObject({
	...FactMetaShape,
	/** Absolute path. */
	path: AbsolutePathSchema,
	/** Expected type. @default directory */
	type: z.enum(['file', 'directory', 'symlink']).default('directory'),
	/** Owner user name. */
	owner: NameSchema.optional(),
	/** Owner group name. */
	group: NameSchema.optional(),
	/** Octal mode such as `0755`. */
	mode: z.string().regex(/^0?[0-7]{3,4}$/, { error: 'must be an octal mode such as 0755' }).optional(),
});

/** Effective sshd settings (`sshd -T`). One per host. */
export const SshdSchema = z.strictObject({
	...FactMetaShape,
	/** Port sshd listens on. */
	port: z.number().int().min(1).max(65535).optional(),
	/** `PasswordAuthentication`. */
	passwordAuthentication: z.boolean().optional(),
	/** `PermitRootLogin`. */
	permitRootLogin: z.enum(['yes', 'no', 'prohibit-password', 'without-password', 'forced-commands-only']).optional(),
	/** `PubkeyAuthentication`. */
	pubkeyAuthentication: z.boolean().optional(),
	/** `AllowUsers` (empty = not restricted). */
	allowUsers: z.array(NameSchema).max(64).optional(),
});
/**
 * The validated `UnitSchema` entry (the schema's output).
 * @public (part of the shared model's types)
 */
export type Unit = z.output<typeof UnitSchema>;
/**
 * The validated `UserSchema` entry (the schema's output).
 * @public (part of the shared model's types)
 */
export type User = z.output<typeof UserSchema>;
/**
 * The validated `GroupSchema` entry (the schema's output).
 * @public (part of the shared model's types)
 */
export type Group = z.output<typeof GroupSchema>;
/**
 * The validated `PathSchema` entry (the schema's output).
 * @public (part of the shared model's types)
 */
export type PathFact = z.output<typeof PathSchema>;
/**
 * The validated `SshdSchema` entry (the schema's output).
 * @public (part of the shared model's types)
 */
export type Sshd = z.output<typeof SshdSchema>;

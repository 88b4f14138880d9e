/** Docker containers, networks and volumes (`docker inspect`, `docker network ls`, `docker volume ls`). */
import { z } from 'astro/zod';
import { AbsolutePathSchema, CidrSchema, FactMetaShape, IpAddressSchema, NameSchema, PortSchema, ProtocolSchema } from './primitives.ts';

/**
 * An image reference that names its tag (or digest): `postgres:16`,
 * `ghcr.io/mailcow/acme:1.92`, `dpage/pgadmin4:latest`. An image without a tag is rejected,
 * because "whatever was pulled last" cannot be verified.
 */
export const ImageRefSchema = z
	.string()
	.regex(/^[a-z0-9][a-z0-9._/-]*(:[0-9]{1,5})?(\/[a-z0-9._-]+)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[a-f0-9]{64})$/, {
		error: 'must be an image with a tag, e.g. postgres:16 or dpage/pgadmin4:latest (add ":<tag>")',
	});

/** A port published on the host: `hostIp:hostPort -> containerPort/protocol`. */
export const PublishedPortSchema = z.strictObject({
	/** Host address the port is published on. @default 0.0.0.0 */
	hostIp: IpAddressSchema.default('0.0.0.0'),
	/** Port on the host. */
	hostPort: PortSchema,
	/** Port inside the container. */
	containerPort: PortSchema,
	/** Protocol. @default tcp */
	protocol: ProtocolSchema.default('tcp'),
});

/** A volume or bind mount of a container: `source:destination`. */
export const MountSchema = z.strictObject({
	/** Named volume (`pgdata`) or absolute host path (`/srv/data`). */
	source: z.union([NameSchema, AbsolutePathSchema]),
	/** Path inside the container. */
	target: AbsolutePathSchema,
});

/** A container. Keyed by host + name. */
export const ContainerSchema = z.strictObject({
	...FactMetaShape,
	/** Container name as `docker ps` shows it. */
	name: NameSchema,
	/** Image with tag. Omit it only when the source names no image or no tag (then the image is not compared). */
	image: ImageRefSchema.optional(),
	/** Expected state. @default running */
	state: z.enum(['running', 'exited', 'paused', 'created', 'restarting']).default('running'),
	/** Expected health status when the image defines a health check. */
	health: z.enum(['healthy', 'unhealthy', 'starting', 'none']).optional(),
	/** Ports published on the host. An empty list means "not published". */
	ports: z.array(PublishedPortSchema).max(64).optional(),
	/** Docker networks the container is attached to. */
	networks: z.array(NameSchema).max(32).optional(),
	/** Volumes and bind mounts. */
	mounts: z.array(MountSchema).max(64).optional(),
	/** Restart policy. */
	restart: z.enum(['no', 'always', 'unless-stopped', 'on-failure']).optional(),
	/** Names of environment variables that must be set (values are secrets and never compared or shown). */
	env: z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/)).max(100).optional(),
});

/** A Docker network. Keyed by host + name. */
export const NetworkSchema = z.strictObject({
	...FactMetaShape,
	/** Network name, e.g. `grocery-mate_devnet`. */
	name: NameSchema,
	/** Driver. @default bridge */
	driver: z.enum(['bridge', 'host', 'overlay', 'macvlan', 'null']).default('bridge'),
	/** Subnet, e.g. `172.18.0.0/16`. */
	subnet: CidrSchema.optional(),
	/** Gateway address. */
	gateway: IpAddressSchema.optional(),
	/** Bridge interface on the host, e.g. `br-6d7f2bca4e18`. */
	interface: NameSchema.optional(),
});

/** A Docker volume. Keyed by host + name. */
export const VolumeSchema = z.strictObject({
	...FactMetaShape,
	/** Volume name. */
	name: NameSchema,
	/** Driver. @default local */
	driver: NameSchema.default('local'),
});
/**
 * The validated `ContainerSchema` entry (the schema's output).
 * @public (part of the shared model's types)
 */
export type Container = z.output<typeof ContainerSchema>;
/**
 * The validated `NetworkSchema` entry (the schema's output).
 * @public (part of the shared model's types)
 */
export type DockerNetwork = z.output<typeof NetworkSchema>;
/**
 * The validated `VolumeSchema` entry (the schema's output).
 * @public (part of the shared model's types)
 */
export type DockerVolume = z.output<typeof VolumeSchema>;
/** A published port of a container fact (the schema's output). */
export type PublishedPort = z.output<typeof PublishedPortSchema>;

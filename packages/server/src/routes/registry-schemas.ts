import type { RegistryRole } from '@bellwether/core';
import type { Database, Registry, RegistryCollection, RegistryLink } from '@bellwether/storage';
import { z } from '@hono/zod-openapi';
import type { Kysely } from 'kysely';
import { usernamesOf } from './artifact-schemas.js';

/** The registry roles on the wire. */
export const RegistryRoleSchema = z.enum(['admin', 'member', 'viewer', 'restricted_viewer']);

/** A registry on the wire, with the caller's role in it. */
export const RegistrySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    role: RegistryRoleSchema,
    created_at: z.number(),
  })
  .openapi('Registry');

/** A registry collection on the wire. */
export const RegistryCollectionSchema = z
  .object({
    id: z.string(),
    registry: z.string(),
    name: z.string(),
    type: z.string(),
    description: z.string(),
    tags: z.array(z.string()),
    version_count: z.number().int(),
    created_at: z.number(),
  })
  .openapi('RegistryCollection');

/** A registry collection version (a link) on the wire. */
export const RegistryVersionSchema = z
  .object({
    id: z.string(),
    registry: z.string(),
    collection: z.string(),
    type: z.string(),
    version: z.string(),
    index: z.number().int(),
    artifact: z
      .string()
      .openapi({ description: 'The linked artifact version, `team/project/collection:vN`.' }),
    artifact_version_id: z.string(),
    aliases: z.array(z.string()),
    tags: z.array(z.string()),
    created_by: z.string().nullable(),
    created_at: z.number(),
  })
  .openapi('RegistryVersion');

/** Serializes a registry for the API. */
export function registryBody(r: Registry, role: RegistryRole) {
  return { id: r.id, name: r.name, description: r.description, role, created_at: r.createdAt };
}

/** Serializes a registry collection for the API. */
export function registryCollectionBody(registry: string, c: RegistryCollection) {
  return {
    id: c.id,
    registry,
    name: c.name,
    type: c.type,
    description: c.description,
    tags: c.tags,
    version_count: c.nextIndex,
    created_at: c.createdAt,
  };
}

/** Serializes links of one registry collection for the API, resolving usernames. */
export async function linkBodies(
  db: Kysely<Database>,
  where: { registry: string; collection: RegistryCollection },
  links: readonly RegistryLink[],
) {
  const users = await usernamesOf(
    db,
    links.map((l) => l.createdBy),
  );
  return links.map((l) => ({
    id: l.id,
    registry: where.registry,
    collection: where.collection.name,
    type: where.collection.type,
    version: `v${l.index}`,
    index: l.index,
    artifact: l.artifact.path,
    artifact_version_id: l.artifactVersionId,
    aliases: l.aliases,
    tags: l.tags,
    created_by: l.createdBy === null ? null : (users.get(l.createdBy) ?? null),
    created_at: l.createdAt,
  }));
}

/** Serializes one link. */
export async function linkBody(
  db: Kysely<Database>,
  where: { registry: string; collection: RegistryCollection },
  link: RegistryLink,
) {
  const [body] = await linkBodies(db, where, [link]);
  if (!body) throw new Error('unreachable: one link serializes to one body');
  return body;
}

import {
  type ArtifactCollection,
  type ArtifactVersion,
  type Database,
  findRunIdsByPks,
  findUsernamesByIds,
  formatArtifactPath,
  isVersionIndexRef,
} from '@bellwether/storage';
import { z } from '@hono/zod-openapi';
import type { Kysely } from 'kysely';
import { JsonObjectSchema, LabelSchema } from '../http/common-schemas.js';

/** Collection types: a lowercase word such as `model` or `dataset`. */
export const CollectionTypeSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters')
  .regex(/^[a-z][a-z0-9_-]*$/, "must be a lowercase word: a letter, then letters, digits, '_' or '-'");

/** Alias names: labels that cannot be mistaken for a version index such as `v3`. */
export const AliasNameSchema = LabelSchema.refine((s) => !isVersionIndexRef(s), {
  message: "must not look like a version index such as 'v3'",
});

/** One file reference of a version's manifest. */
export const ManifestEntrySchema = z.strictObject({
  path: z.string().min(1).max(4096),
  digest: z.string().max(256),
  size: z.number().int().min(0),
  uri: z.string().max(4096),
});

/** A project artifact collection on the wire. */
export const ArtifactCollectionSchema = z
  .object({
    id: z.string(),
    team: z.string(),
    project: z.string(),
    name: z.string(),
    type: z.string(),
    description: z.string(),
    tags: z.array(z.string()),
    version_count: z.number().int(),
    created_at: z.number(),
  })
  .openapi('ArtifactCollection');

/** A project artifact version on the wire. */
export const ArtifactVersionSchema = z
  .object({
    id: z.string(),
    collection: z.string(),
    type: z.string(),
    version: z.string(),
    index: z.number().int(),
    digest: z.string(),
    metadata: JsonObjectSchema,
    description: z.string(),
    run_id: z.string().nullable(),
    created_by: z.string().nullable(),
    aliases: z.array(z.string()),
    tags: z.array(z.string()),
    manifest: z.array(ManifestEntrySchema),
    created_at: z.number(),
    path: z.string(),
  })
  .openapi('ArtifactVersion');

/** Serializes a collection for the API. */
export function collectionBody(team: string, project: string, c: ArtifactCollection) {
  return {
    id: c.id,
    team,
    project,
    name: c.name,
    type: c.type,
    description: c.description,
    tags: c.tags,
    version_count: c.nextIndex,
    created_at: c.createdAt,
  };
}

/** Usernames of the given user ids (nulls skipped), in one query. */
export function usernamesOf(
  db: Kysely<Database>,
  ids: readonly (string | null)[],
): Promise<Map<string, string>> {
  return findUsernamesByIds(
    db,
    [...new Set(ids)].filter((id): id is string => id !== null),
  );
}

/** Client run ids of the given run primary keys (nulls skipped), in one query. */
function runIdsOf(db: Kysely<Database>, pks: readonly (string | null)[]): Promise<Map<string, string>> {
  return findRunIdsByPks(
    db,
    [...new Set(pks)].filter((pk): pk is string => pk !== null),
  );
}

/** Serializes versions of one collection for the API, resolving run ids and usernames. */
export async function versionBodies(
  db: Kysely<Database>,
  where: { team: string; project: string; collection: ArtifactCollection },
  versions: readonly ArtifactVersion[],
) {
  const users = await usernamesOf(
    db,
    versions.map((v) => v.createdBy),
  );
  const runs = await runIdsOf(
    db,
    versions.map((v) => v.runPk),
  );
  return versions.map((v) => ({
    id: v.id,
    collection: where.collection.name,
    type: where.collection.type,
    version: `v${v.index}`,
    index: v.index,
    digest: v.digest,
    metadata: v.metadata,
    description: v.description,
    run_id: v.runPk === null ? null : (runs.get(v.runPk) ?? null),
    created_by: v.createdBy === null ? null : (users.get(v.createdBy) ?? null),
    aliases: v.aliases,
    tags: v.tags,
    manifest: v.manifest,
    created_at: v.createdAt,
    path: formatArtifactPath(where.team, where.project, where.collection.name, v.index),
  }));
}

/** Serializes one version. */
export async function versionBody(
  db: Kysely<Database>,
  where: { team: string; project: string; collection: ArtifactCollection },
  version: ArtifactVersion,
) {
  const [body] = await versionBodies(db, where, [version]);
  if (!body) throw new Error('unreachable: one version serializes to one body');
  return body;
}

import { notFound } from '@bellwether/core';
import type { Kysely } from 'kysely';
import type { ArtifactVersionTable, Database } from '../database-schema.js';
import { type AliasPutOutcome, listArtifactAliases, putArtifactAlias } from './artifact-alias-repository.js';
import { takeArtifactVersionIndex } from './artifact-collection-repository.js';
import { addToTagList, removeFromTagList, type TagChange } from './tag-list.js';
import { parseVersionRef } from './version-ref.js';

/** One file of a version: where it lives and what it holds. */
export interface ManifestEntry {
  path: string;
  digest: string;
  size: number;
  uri: string;
}

/** A version of an artifact collection, with the aliases that name it. */
export interface ArtifactVersion {
  id: string;
  teamId: string;
  collectionId: string;
  /** v0 → 0. */
  index: number;
  digest: string;
  metadata: Record<string, unknown>;
  description: string;
  /** The producing run's primary key (`run_…`), when a run logged it. */
  runPk: string | null;
  /** The creating user's id. */
  createdBy: string | null;
  manifest: ManifestEntry[];
  tags: string[];
  aliases: string[];
  createdAt: number;
}

/** The fields a caller chooses when creating a version; the index and aliases are assigned. */
export type NewArtifactVersion = Omit<ArtifactVersion, 'index' | 'aliases'>;

/** The alias every new version takes from its predecessor. */
export const LATEST_ALIAS = 'latest';

function toArtifactVersion(row: ArtifactVersionTable, aliases: string[]): ArtifactVersion {
  return {
    id: row.id,
    teamId: row.team_id,
    collectionId: row.collection_id,
    index: row.idx,
    digest: row.digest,
    metadata: JSON.parse(row.metadata) as Record<string, unknown>,
    description: row.description,
    runPk: row.run_pk,
    createdBy: row.created_by,
    manifest: JSON.parse(row.manifest) as ManifestEntry[],
    tags: JSON.parse(row.tags) as string[],
    aliases,
    createdAt: row.created_at,
  };
}

async function withAliases(db: Kysely<Database>, rows: ArtifactVersionTable[]): Promise<ArtifactVersion[]> {
  const aliases = await listArtifactAliases(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toArtifactVersion(r, aliases.get(r.id) ?? []));
}

/**
 * Creates the next version of a collection (v0, v1, …) and moves `latest` to it. Call inside a
 * transaction: the index is taken under the collection's row lock, which also serialises the
 * alias move. `latest` says where the alias came from, for the alias event.
 */
export async function createArtifactVersion(
  db: Kysely<Database>,
  v: NewArtifactVersion,
): Promise<{ version: ArtifactVersion; latest: AliasPutOutcome }> {
  const index = await takeArtifactVersionIndex(db, v.collectionId);
  if (index === undefined) throw notFound(`Artifact collection ${v.collectionId}`);
  await db
    .insertInto('artifact_versions')
    .values({
      id: v.id,
      team_id: v.teamId,
      collection_id: v.collectionId,
      idx: index,
      digest: v.digest,
      metadata: JSON.stringify(v.metadata),
      description: v.description,
      run_pk: v.runPk,
      created_by: v.createdBy,
      manifest: JSON.stringify(v.manifest),
      tags: JSON.stringify(v.tags),
      created_at: v.createdAt,
    })
    .execute();
  const latest = await putArtifactAlias(db, {
    teamId: v.teamId,
    collectionId: v.collectionId,
    alias: LATEST_ALIAS,
    versionId: v.id,
    now: v.createdAt,
  });
  return { version: { ...v, index, aliases: [LATEST_ALIAS] }, latest };
}

/** Finds a version of a collection by `v3` or by an alias name. */
export async function findArtifactVersion(
  db: Kysely<Database>,
  collectionId: string,
  ref: string,
): Promise<ArtifactVersion | undefined> {
  const parsed = parseVersionRef(ref);
  const row =
    parsed.kind === 'index'
      ? await db
          .selectFrom('artifact_versions')
          .selectAll()
          .where('collection_id', '=', collectionId)
          .where('idx', '=', parsed.index)
          .executeTakeFirst()
      : await db
          .selectFrom('artifact_aliases')
          .innerJoin('artifact_versions', 'artifact_versions.id', 'artifact_aliases.version_id')
          .selectAll('artifact_versions')
          .where('artifact_aliases.collection_id', '=', collectionId)
          .where('artifact_aliases.alias', '=', parsed.alias)
          .executeTakeFirst();
  if (!row) return undefined;
  const [version] = await withAliases(db, [row]);
  return version;
}

/** Finds a version by id. */
export async function findArtifactVersionById(
  db: Kysely<Database>,
  id: string,
): Promise<ArtifactVersion | undefined> {
  const row = await db.selectFrom('artifact_versions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const [version] = await withAliases(db, [row]);
  return version;
}

/** Lists a collection's versions with their aliases, newest first, `limit` at a time before an index. */
export async function listArtifactVersions(
  db: Kysely<Database>,
  collectionId: string,
  page: { limit?: number | undefined; beforeIndex?: number | undefined } = {},
): Promise<ArtifactVersion[]> {
  let query = db.selectFrom('artifact_versions').selectAll().where('collection_id', '=', collectionId);
  if (page.beforeIndex !== undefined) query = query.where('idx', '<', page.beforeIndex);
  if (page.limit !== undefined) query = query.limit(page.limit);
  const rows = await query.orderBy('idx', 'desc').execute();
  return withAliases(db, rows);
}

/** Lists the versions a run produced, oldest first (run pages show what a run logged). */
export async function listArtifactVersionsOfRun(
  db: Kysely<Database>,
  runPk: string,
): Promise<ArtifactVersion[]> {
  const rows = await db
    .selectFrom('artifact_versions')
    .selectAll()
    .where('run_pk', '=', runPk)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return withAliases(db, rows);
}

async function changeVersionTags(
  db: Kysely<Database>,
  versionId: string,
  change: (stored: string) => TagChange,
): Promise<TagChange> {
  // Updating the row to itself first takes its lock, so two writers adding different tags at
  // once both keep theirs instead of one overwriting the other's read.
  const locked = await db
    .updateTable('artifact_versions')
    .set((eb) => ({ tags: eb.ref('tags') }))
    .where('id', '=', versionId)
    .returning('tags')
    .executeTakeFirst();
  if (!locked) throw notFound(`Artifact version ${versionId}`);
  const result = change(locked.tags);
  if (result.changed) {
    await db
      .updateTable('artifact_versions')
      .set({ tags: JSON.stringify(result.tags) })
      .where('id', '=', versionId)
      .execute();
  }
  return result;
}

/** Adds a tag to a version; `changed` is false when it already had it (no event fires). */
export async function addArtifactVersionTag(
  db: Kysely<Database>,
  versionId: string,
  tag: string,
): Promise<TagChange> {
  return changeVersionTags(db, versionId, (stored) => addToTagList(stored, tag));
}

/** Removes a tag from a version; `changed` is false when it did not have it. */
export async function removeArtifactVersionTag(
  db: Kysely<Database>,
  versionId: string,
  tag: string,
): Promise<TagChange> {
  return changeVersionTags(db, versionId, (stored) => removeFromTagList(stored, tag));
}

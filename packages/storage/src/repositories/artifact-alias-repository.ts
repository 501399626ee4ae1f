import type { Kysely } from 'kysely';
import type { Database } from '../database-schema.js';
import { lockArtifactCollection } from './artifact-collection-repository.js';

/**
 * What putting an alias did: `added` (no version held it), `moved` (taken from another
 * version, named by `fromId`/`fromIndex`), or `unchanged` (the version already had it: no event).
 */
export type AliasPutOutcome =
  | { status: 'added' }
  | { status: 'moved'; fromId: string; fromIndex: number }
  | { status: 'unchanged' };

/** Puts an alias on a version of a collection, moving it from any other version. Call in a transaction. */
export async function putArtifactAlias(
  db: Kysely<Database>,
  put: { teamId: string; collectionId: string; alias: string; versionId: string; now: number },
): Promise<AliasPutOutcome> {
  await lockArtifactCollection(db, put.collectionId);
  const holder = await db
    .selectFrom('artifact_aliases')
    .innerJoin('artifact_versions', 'artifact_versions.id', 'artifact_aliases.version_id')
    .select(['artifact_aliases.version_id', 'artifact_versions.idx'])
    .where('artifact_aliases.collection_id', '=', put.collectionId)
    .where('artifact_aliases.alias', '=', put.alias)
    .executeTakeFirst();
  if (holder?.version_id === put.versionId) return { status: 'unchanged' };
  if (holder) {
    await db
      .updateTable('artifact_aliases')
      .set({ version_id: put.versionId, created_at: put.now })
      .where('collection_id', '=', put.collectionId)
      .where('alias', '=', put.alias)
      .execute();
    return { status: 'moved', fromId: holder.version_id, fromIndex: holder.idx };
  }
  await db
    .insertInto('artifact_aliases')
    .values({
      team_id: put.teamId,
      collection_id: put.collectionId,
      alias: put.alias,
      version_id: put.versionId,
      created_at: put.now,
    })
    .execute();
  return { status: 'added' };
}

/** Removes an alias from a version; false when that version did not hold it. */
export async function deleteArtifactAlias(
  db: Kysely<Database>,
  del: { collectionId: string; alias: string; versionId: string },
): Promise<boolean> {
  const result = await db
    .deleteFrom('artifact_aliases')
    .where('collection_id', '=', del.collectionId)
    .where('alias', '=', del.alias)
    .where('version_id', '=', del.versionId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** The version an alias names in a collection, or undefined. */
export async function findArtifactAliasHolder(
  db: Kysely<Database>,
  collectionId: string,
  alias: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('artifact_aliases')
    .select('version_id')
    .where('collection_id', '=', collectionId)
    .where('alias', '=', alias)
    .executeTakeFirst();
  return row?.version_id;
}

/** The aliases of each given version, sorted by name; versions without aliases map to []. */
export async function listArtifactAliases(
  db: Kysely<Database>,
  versionIds: readonly string[],
): Promise<Map<string, string[]>> {
  const byVersion = new Map<string, string[]>(versionIds.map((id) => [id, []]));
  if (versionIds.length === 0) return byVersion;
  const rows = await db
    .selectFrom('artifact_aliases')
    .select(['version_id', 'alias'])
    .where('version_id', 'in', versionIds)
    .execute();
  for (const row of rows) byVersion.get(row.version_id)?.push(row.alias);
  // Sorted here, not in SQL: Postgres collations order text differently from SQLite's bytes.
  for (const aliases of byVersion.values()) aliases.sort();
  return byVersion;
}

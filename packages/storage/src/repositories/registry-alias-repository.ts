import type { Kysely } from 'kysely';
import type { Database } from '../database-schema.js';
import type { AliasPutOutcome } from './artifact-alias-repository.js';
import { lockRegistryCollection } from './registry-collection-repository.js';

/**
 * Puts an alias on a link of a registry collection, moving it from any other link (`fromId` is
 * then the link it left). Call in a transaction.
 */
export async function putRegistryAlias(
  db: Kysely<Database>,
  put: { orgId: string; collectionId: string; alias: string; linkId: string; now: number },
): Promise<AliasPutOutcome> {
  await lockRegistryCollection(db, put.collectionId);
  const holder = await db
    .selectFrom('registry_aliases')
    .innerJoin('registry_links', 'registry_links.id', 'registry_aliases.link_id')
    .select(['registry_aliases.link_id', 'registry_links.idx'])
    .where('registry_aliases.collection_id', '=', put.collectionId)
    .where('registry_aliases.alias', '=', put.alias)
    .executeTakeFirst();
  if (holder?.link_id === put.linkId) return { status: 'unchanged' };
  if (holder) {
    await db
      .updateTable('registry_aliases')
      .set({ link_id: put.linkId, created_at: put.now })
      .where('collection_id', '=', put.collectionId)
      .where('alias', '=', put.alias)
      .execute();
    return { status: 'moved', fromId: holder.link_id, fromIndex: holder.idx };
  }
  await db
    .insertInto('registry_aliases')
    .values({
      org_id: put.orgId,
      collection_id: put.collectionId,
      alias: put.alias,
      link_id: put.linkId,
      created_at: put.now,
    })
    .execute();
  return { status: 'added' };
}

/** Removes an alias from a link; false when that link did not hold it. */
export async function deleteRegistryAlias(
  db: Kysely<Database>,
  del: { collectionId: string; alias: string; linkId: string },
): Promise<boolean> {
  const result = await db
    .deleteFrom('registry_aliases')
    .where('collection_id', '=', del.collectionId)
    .where('alias', '=', del.alias)
    .where('link_id', '=', del.linkId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** The aliases of each given link, sorted by name; links without aliases map to []. */
export async function listRegistryAliases(
  db: Kysely<Database>,
  linkIds: readonly string[],
): Promise<Map<string, string[]>> {
  const byLink = new Map<string, string[]>(linkIds.map((id) => [id, []]));
  if (linkIds.length === 0) return byLink;
  const rows = await db
    .selectFrom('registry_aliases')
    .select(['link_id', 'alias'])
    .where('link_id', 'in', linkIds)
    .execute();
  for (const row of rows) byLink.get(row.link_id)?.push(row.alias);
  // Sorted here, not in SQL: Postgres collations order text differently from SQLite's bytes.
  for (const aliases of byLink.values()) aliases.sort();
  return byLink;
}

import type { Kysely } from 'kysely';
import type { Database } from '../database-schema.js';

/** The tables whose rows number their versions with a `next_index` counter. */
export type IndexedCollectionTable = 'artifact_collections' | 'registry_collections';

/**
 * Locks a collection row until the transaction ends. An update that changes nothing takes the
 * row lock on Postgres (and the write lock on SQLite) without dialect-specific SQL, so alias
 * writers in one collection take turns and never both see "no holder yet".
 */
export async function lockCollectionRow(
  db: Kysely<Database>,
  table: IndexedCollectionTable,
  id: string,
): Promise<boolean> {
  const result = await db
    .updateTable(table)
    .set((eb) => ({ next_index: eb.ref('next_index') }))
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Takes the next index of a collection in one atomic statement: concurrent creators queue on the
 * row lock it holds until commit, so no two ever get the same index.
 */
export async function takeCollectionIndex(
  db: Kysely<Database>,
  table: IndexedCollectionTable,
  id: string,
): Promise<number | undefined> {
  const row = await db
    .updateTable(table)
    .set((eb) => ({ next_index: eb('next_index', '+', 1) }))
    .where('id', '=', id)
    .returning('next_index')
    .executeTakeFirst();
  return row && row.next_index - 1;
}

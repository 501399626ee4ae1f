import type { Kysely } from 'kysely';
import type { Database, RegistryCollectionTable } from '../database-schema.js';
import { lockCollectionRow, takeCollectionIndex } from './collection-index.js';

/** A named, typed collection in a registry, whose versions are links to artifact versions. */
export interface RegistryCollection {
  id: string;
  orgId: string;
  registryId: string;
  name: string;
  type: string;
  description: string;
  tags: string[];
  /** The index the next link gets. */
  nextIndex: number;
  createdAt: number;
}

/** The fields a caller chooses when creating a registry collection. */
export type NewRegistryCollection = Omit<RegistryCollection, 'nextIndex'>;

function toRegistryCollection(row: RegistryCollectionTable): RegistryCollection {
  return {
    id: row.id,
    orgId: row.org_id,
    registryId: row.registry_id,
    name: row.name,
    type: row.type,
    description: row.description,
    tags: JSON.parse(row.tags) as string[],
    nextIndex: row.next_index,
    createdAt: row.created_at,
  };
}

/** Inserts a registry collection; undefined when the registry already has one of that name. */
export async function insertRegistryCollection(
  db: Kysely<Database>,
  c: NewRegistryCollection,
): Promise<RegistryCollection | undefined> {
  const result = await db
    .insertInto('registry_collections')
    .values({
      id: c.id,
      org_id: c.orgId,
      registry_id: c.registryId,
      name: c.name,
      type: c.type,
      description: c.description,
      tags: JSON.stringify(c.tags),
      next_index: 0,
      created_at: c.createdAt,
    })
    .onConflict((oc) => oc.columns(['registry_id', 'name']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0 ? { ...c, nextIndex: 0 } : undefined;
}

/** Finds a registry collection by registry and name. */
export async function findRegistryCollection(
  db: Kysely<Database>,
  registryId: string,
  name: string,
): Promise<RegistryCollection | undefined> {
  const row = await db
    .selectFrom('registry_collections')
    .selectAll()
    .where('registry_id', '=', registryId)
    .where('name', '=', name)
    .executeTakeFirst();
  return row && toRegistryCollection(row);
}

/** Finds a registry collection by id. */
export async function findRegistryCollectionById(
  db: Kysely<Database>,
  id: string,
): Promise<RegistryCollection | undefined> {
  const row = await db.selectFrom('registry_collections').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toRegistryCollection(row);
}

/** Lists a registry's collections by name, optionally of one type. */
export async function listRegistryCollections(
  db: Kysely<Database>,
  registryId: string,
  filter: { type?: string | undefined } = {},
): Promise<RegistryCollection[]> {
  let query = db.selectFrom('registry_collections').selectAll().where('registry_id', '=', registryId);
  if (filter.type !== undefined) query = query.where('type', '=', filter.type);
  const rows = await query.orderBy('name').execute();
  return rows.map(toRegistryCollection);
}

/**
 * Locks a registry collection row until the transaction ends (an update that changes nothing
 * takes the lock on both dialects), so linkers and alias writers in it take turns.
 */
export function lockRegistryCollection(db: Kysely<Database>, id: string): Promise<boolean> {
  return lockCollectionRow(db, 'registry_collections', id);
}

/** Takes the next link index of a registry collection in one atomic statement. */
export function takeRegistryLinkIndex(
  db: Kysely<Database>,
  collectionId: string,
): Promise<number | undefined> {
  return takeCollectionIndex(db, 'registry_collections', collectionId);
}

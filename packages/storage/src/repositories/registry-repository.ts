import type { Kysely } from 'kysely';
import type { Database, RegistryTable } from '../database-schema.js';

/** An organization-wide catalogue (`model`, `dataset`) of registry collections. */
export interface Registry {
  id: string;
  orgId: string;
  name: string;
  description: string;
  createdAt: number;
}

function toRegistry(row: RegistryTable): Registry {
  return {
    id: row.id,
    orgId: row.org_id,
    name: row.name,
    description: row.description,
    createdAt: row.created_at,
  };
}

/** Inserts a registry; undefined when the organization already has one of that name. */
export async function insertRegistry(db: Kysely<Database>, r: Registry): Promise<Registry | undefined> {
  const result = await db
    .insertInto('registries')
    .values({ id: r.id, org_id: r.orgId, name: r.name, description: r.description, created_at: r.createdAt })
    .onConflict((oc) => oc.columns(['org_id', 'name']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0 ? r : undefined;
}

/** Finds a registry by organization and name. */
export async function findRegistry(
  db: Kysely<Database>,
  orgId: string,
  name: string,
): Promise<Registry | undefined> {
  const row = await db
    .selectFrom('registries')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('name', '=', name)
    .executeTakeFirst();
  return row && toRegistry(row);
}

/** Finds a registry by id. */
export async function findRegistryById(db: Kysely<Database>, id: string): Promise<Registry | undefined> {
  const row = await db.selectFrom('registries').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toRegistry(row);
}

/** Lists an organization's registries by name. */
export async function listRegistries(db: Kysely<Database>, orgId: string): Promise<Registry[]> {
  const rows = await db
    .selectFrom('registries')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('name')
    .execute();
  return rows.map(toRegistry);
}

/** Updates a registry's description. */
export async function updateRegistry(
  db: Kysely<Database>,
  id: string,
  patch: { description: string },
): Promise<void> {
  await db.updateTable('registries').set({ description: patch.description }).where('id', '=', id).execute();
}

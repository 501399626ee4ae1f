import { randomUUID } from 'node:crypto';
import type { AutomationInput } from '@bellwether/core';
import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import type { AutomationTable, Database } from '../database-schema.js';
import { runCachedStatement } from './cached-statement.js';

/** An automation as stored: the validated wire definition plus where it applies, by id. */
export interface Automation {
  id: string;
  teamId: string;
  name: string;
  description: string;
  enabled: boolean;
  scopeType: string;
  /** `team:…`, `project:…`, `artifact_collection:…`, `registry:…` or `registry_collection:…`. */
  scopeKey: string;
  eventType: string;
  definition: AutomationInput;
  createdBy: string | null;
  createdAt: number;
  updatedAt: number;
  lastExecutionAt: number | null;
}

/** The identity and version of an automation a write may fire: enough to check a compile cache. */
export interface AutomationVersion {
  id: string;
  updatedAt: number;
}

function toAutomation(row: AutomationTable): Automation {
  return {
    id: row.id,
    teamId: row.team_id,
    name: row.name,
    description: row.description,
    enabled: row.enabled === 1,
    scopeType: row.scope_type,
    scopeKey: row.scope_key,
    eventType: row.event_type,
    definition: JSON.parse(row.definition) as AutomationInput,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastExecutionAt: row.last_execution_at,
  };
}

function toRow(a: Automation): AutomationTable {
  return {
    id: a.id,
    team_id: a.teamId,
    name: a.name,
    description: a.description,
    enabled: a.enabled ? 1 : 0,
    scope_type: a.scopeType,
    scope_key: a.scopeKey,
    event_type: a.eventType,
    definition: JSON.stringify(a.definition),
    created_by: a.createdBy,
    created_at: a.createdAt,
    updated_at: a.updatedAt,
    last_execution_at: a.lastExecutionAt,
  };
}

/** The `meta` key whose value changes with every automation insert, update and delete. */
export const AUTOMATIONS_VERSION_KEY = 'automations_version';

/**
 * Marks the set of automations as changed, in the caller's transaction: a fresh random token, so
 * every process's cached candidate lists (keyed by this token) miss on their next write.
 */
export async function bumpAutomationsVersion(db: Kysely<Database>): Promise<void> {
  const value = randomUUID();
  await db
    .insertInto('meta')
    .values({ key: AUTOMATIONS_VERSION_KEY, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

/**
 * The current automations version token (one primary-key read), or undefined when no automation
 * was ever written through this repository (then nothing may be cached by it).
 */
export async function readAutomationsVersion(db: Kysely<Database>): Promise<string | undefined> {
  const rows = await runCachedStatement<{ value: string }>(
    db,
    'automations-version',
    [AUTOMATIONS_VERSION_KEY],
    () => db.selectFrom('meta').select('value').where('key', '=', AUTOMATIONS_VERSION_KEY),
  );
  return rows[0]?.value;
}

/** Runs `fn` in a transaction: `db` itself when it already is one. */
function atomically<T>(db: Kysely<Database>, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}

/** Inserts an automation; false when the team already has one of that name. */
export function insertAutomation(db: Kysely<Database>, a: Automation): Promise<boolean> {
  return atomically(db, (trx) => insertAutomationIn(trx, a));
}

async function insertAutomationIn(db: Kysely<Database>, a: Automation): Promise<boolean> {
  const result = await db
    .insertInto('automations')
    .values(toRow(a))
    .onConflict((oc) => oc.columns(['team_id', 'name']).doNothing())
    .executeTakeFirst();
  const inserted = Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  if (inserted) await bumpAutomationsVersion(db);
  return inserted;
}

/** Writes an automation's editable fields; false when another automation of the team has its name. */
export function updateAutomation(db: Kysely<Database>, a: Automation): Promise<boolean> {
  return atomically(db, (trx) => updateAutomationIn(trx, a));
}

async function updateAutomationIn(db: Kysely<Database>, a: Automation): Promise<boolean> {
  const clash = await db
    .selectFrom('automations')
    .select('id')
    .where('team_id', '=', a.teamId)
    .where('name', '=', a.name)
    .where('id', '!=', a.id)
    .executeTakeFirst();
  if (clash) return false;
  const row = toRow(a);
  await db
    .updateTable('automations')
    .set({
      name: row.name,
      description: row.description,
      enabled: row.enabled,
      scope_type: row.scope_type,
      scope_key: row.scope_key,
      event_type: row.event_type,
      definition: row.definition,
      updated_at: row.updated_at,
    })
    .where('id', '=', a.id)
    .execute();
  await bumpAutomationsVersion(db);
  return true;
}

/** Deletes an automation and its condition state (its history stays); false when there was none. */
export async function deleteAutomation(
  db: Kysely<Database>,
  id: string,
  now: number = Date.now(),
): Promise<boolean> {
  // Its history stays; its name is kept beside it, so that history still says whose it was.
  const gone = await db
    .selectFrom('automations')
    .select(['team_id', 'name'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (gone) {
    await db
      .insertInto('deleted_automations')
      .values({ id, team_id: gone.team_id, name: gone.name, deleted_at: now })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }
  await db.deleteFrom('automation_run_states').where('automation_id', '=', id).execute();
  await db.deleteFrom('automation_rate_states').where('automation_id', '=', id).execute();
  const result = await db.deleteFrom('automations').where('id', '=', id).executeTakeFirst();
  const deleted = Number(result.numDeletedRows) > 0;
  if (deleted) await bumpAutomationsVersion(db);
  return deleted;
}

/** Finds an automation by id. */
export async function findAutomation(db: Kysely<Database>, id: string): Promise<Automation | undefined> {
  const row = await db.selectFrom('automations').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toAutomation(row);
}

/** How automation lists may be narrowed and ordered: by name substring, by name or latest firing. */
export interface AutomationListOrder {
  search?: string | undefined;
  sort?: 'name' | 'last_execution' | undefined;
}

type AutomationQuery = SelectQueryBuilder<Database, 'automations', AutomationTable>;

/** Runs an automation query with the name search and sort of `order` applied. */
async function searchAndSort(query: AutomationQuery, order: AutomationListOrder): Promise<Automation[]> {
  if (order.search) {
    // An explicit ESCAPE: SQLite's LIKE has no default escape character, Postgres's is `\`.
    const pattern = `%${order.search.replace(/[%_\\]/g, '\\$&')}%`;
    query = query.where(sql<boolean>`name like ${pattern} escape '\\'`);
  }
  const rows =
    order.sort === 'last_execution'
      ? await query.orderBy('last_execution_at', 'desc').orderBy('name').execute()
      : await query.orderBy('name').execute();
  const list = rows.map(toAutomation);
  // NULLs sort differently per dialect: never-fired automations go last on both.
  if (order.sort === 'last_execution') {
    list.sort((a, b) => (b.lastExecutionAt ?? -1) - (a.lastExecutionAt ?? -1));
  }
  return list;
}

/** Lists a team's automations, optionally of some scope keys or name substring, by name or latest firing. */
export async function listAutomations(
  db: Kysely<Database>,
  teamId: string,
  filter: AutomationListOrder & {
    scopeType?: string | undefined;
    scopeKeys?: readonly string[] | undefined;
  } = {},
): Promise<Automation[]> {
  let query = db.selectFrom('automations').selectAll().where('team_id', '=', teamId);
  if (filter.scopeType) query = query.where('scope_type', '=', filter.scopeType);
  if (filter.scopeKeys) {
    if (filter.scopeKeys.length === 0) return [];
    query = query.where('scope_key', 'in', filter.scopeKeys);
  }
  return searchAndSort(query, filter);
}

/**
 * Lists the automations scoped to a registry or one of its collections, whatever team owns them,
 * optionally of one scope type or name substring, by name or latest firing.
 */
export function listRegistryAutomations(
  db: Kysely<Database>,
  registryId: string,
  filter: AutomationListOrder & { scopeType?: 'registry' | 'registry_collection' | undefined } = {},
): Promise<Automation[]> {
  const registryKey = `registry:${registryId}`;
  const collectionKeys = db
    .selectFrom('registry_collections')
    .select(sql<string>`'registry_collection:' || id`.as('key'))
    .where('registry_id', '=', registryId);
  let query = db
    .selectFrom('automations')
    .selectAll()
    .where((eb) => eb.or([eb('scope_key', '=', registryKey), eb('scope_key', 'in', collectionKeys)]));
  if (filter.scopeType) query = query.where('scope_type', '=', filter.scopeType);
  return searchAndSort(query, filter);
}

/**
 * The enabled automations of these scope keys and event types, by id and version only: the
 * write path's lookup (index `automations_scope`), so definitions are read only on a cache miss.
 */
export async function listCandidateAutomations(
  db: Kysely<Database>,
  scopeKeys: readonly string[],
  eventTypes: readonly string[],
): Promise<AutomationVersion[]> {
  if (scopeKeys.length === 0 || eventTypes.length === 0) return [];
  const rows = await db
    .selectFrom('automations')
    .select(['id', 'updated_at'])
    .where('scope_key', 'in', scopeKeys)
    .where('event_type', 'in', eventTypes)
    .where('enabled', '=', 1)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, updatedAt: Number(r.updated_at) }));
}

/** Loads automations by id (a compile cache's misses). */
export async function findAutomationsByIds(
  db: Kysely<Database>,
  ids: readonly string[],
): Promise<Automation[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('automations').selectAll().where('id', 'in', ids).execute();
  return rows.map(toAutomation);
}

/** Records when automations last fired. */
export async function setLastExecutionAt(
  db: Kysely<Database>,
  ids: readonly string[],
  at: number,
): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('automations')
    .set({ last_execution_at: at })
    .where('id', 'in', [...ids].sort())
    .execute();
}

import { type Kysely, sql } from 'kysely';
import type { Database } from '../database-schema.js';
import { runCachedStatement } from './cached-statement.js';
import { isPostgres } from './id-list.js';
import { chunks } from './insert-rows.js';

/**
 * Condition state of automations: per (automation, run) edge-trigger and window state as JSON,
 * and per-automation rate-limit counters. Each load is one query and each save one multi-row
 * upsert, whatever the number of automations, so a write's cost grows by rows, not round trips.
 */

/** A per-automation rate-limit counter: firings in the current minute. */
export interface RateCounter {
  minute: number;
  count: number;
}

// Postgres takes at most 65,535 bind parameters per statement; SQLite 32,766.
const ROWS_PER_STATEMENT = 2000;

/** The stored states of these automations for one run, by automation id (missing ones absent). */
export async function loadRunStates(
  db: Kysely<Database>,
  automationIds: readonly string[],
  runPk: string,
): Promise<Map<string, unknown>> {
  const states = new Map<string, unknown>();
  for (const ids of chunks(automationIds, ROWS_PER_STATEMENT)) {
    const rows = await db
      .selectFrom('automation_run_states')
      .select(['automation_id', 'state'])
      .where('run_pk', '=', runPk)
      .where('automation_id', 'in', ids)
      .execute();
    for (const row of rows) states.set(row.automation_id, JSON.parse(row.state));
  }
  return states;
}

/** Upserts the states of automations for one run in one statement (per 2,000 rows). */
export async function saveRunStates(
  db: Kysely<Database>,
  teamId: string,
  runPk: string,
  states: ReadonlyMap<string, unknown>,
  now: number,
): Promise<void> {
  const rows = [...states]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([automationId, state]) => ({
      team_id: teamId,
      automation_id: automationId,
      run_pk: runPk,
      state: JSON.stringify(state),
      updated_at: now,
    }));
  for (const batch of chunks(rows, ROWS_PER_STATEMENT)) {
    await db
      .insertInto('automation_run_states')
      .values(batch)
      .onConflict((oc) =>
        oc.columns(['automation_id', 'run_pk']).doUpdateSet((eb) => ({
          state: eb.ref('excluded.state'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
}

/**
 * The rate counters of these automations (missing ones absent), read in the transaction that will
 * save them. On Postgres it first locks the automations' rows, in id order, until that
 * transaction ends: concurrent writes firing one automation then take turns from the read to the
 * commit, and each counts the firings of the one before it (read unlocked, two writes counted
 * from the same stale count and let more through than the limit). SQLite's single writer already
 * runs such transactions one at a time.
 */
export async function loadRateStates(
  db: Kysely<Database>,
  automationIds: readonly string[],
): Promise<Map<string, RateCounter>> {
  const states = new Map<string, RateCounter>();
  if (automationIds.length === 0) return states;
  if (isPostgres(db)) {
    // The lock the firing's own `last_execution_at` update takes later, so nothing is upgraded.
    const ids = [...automationIds].sort();
    await sql`select id from automations where id = any(${sql.val(ids)}::text[]) order by id for no key update`.execute(
      db,
    );
  }
  for (const ids of chunks(automationIds, ROWS_PER_STATEMENT)) {
    const rows = await db
      .selectFrom('automation_rate_states')
      .select(['automation_id', 'minute', 'count'])
      .where('automation_id', 'in', ids)
      .execute();
    for (const row of rows) {
      states.set(row.automation_id, { minute: Number(row.minute), count: Number(row.count) });
    }
  }
  return states;
}

/** Upserts rate counters, each with its automation's team, in one statement. */
export async function saveRateStates(
  db: Kysely<Database>,
  states: ReadonlyMap<string, RateCounter & { teamId: string }>,
): Promise<void> {
  const rows = [...states]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([automationId, s]) => ({
      team_id: s.teamId,
      automation_id: automationId,
      minute: s.minute,
      count: s.count,
    }));
  for (const batch of chunks(rows, ROWS_PER_STATEMENT)) {
    await db
      .insertInto('automation_rate_states')
      .values(batch)
      .onConflict((oc) =>
        oc.columns(['automation_id']).doUpdateSet((eb) => ({
          minute: eb.ref('excluded.minute'),
          count: eb.ref('excluded.count'),
        })),
      )
      .execute();
  }
}

/**
 * The reserved automation id under which one row per run packs the condition states of all its
 * metric automations (never an automation's id: those start with `aut_`). A batch then writes one
 * row, not one per automation, which is what keeps many automations cheap on the ingest path.
 */
export const RUN_STATE_PACK_ID = '~pack';

/** The packed metric states of a run, as saved (undefined when none were saved yet). */
export async function loadRunStatePack(db: Kysely<Database>, runPk: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('automation_run_states')
    .select('state')
    .where('automation_id', '=', RUN_STATE_PACK_ID)
    .where('run_pk', '=', runPk)
    .executeTakeFirst();
  return row?.state;
}

/**
 * The first `length` characters of a run's pack: enough to compare the version token it starts
 * with against an in-process cache without reading (or parsing) the whole pack.
 */
export async function readRunStatePackHead(
  db: Kysely<Database>,
  runPk: string,
  length: number,
): Promise<string | undefined> {
  const rows = await runCachedStatement<{ head: string }>(
    db,
    `head${length}`,
    [RUN_STATE_PACK_ID, runPk],
    () =>
      db
        .selectFrom('automation_run_states')
        .select(sql<string>`substr(state, 1, ${sql.lit(length)})`.as('head'))
        .where('automation_id', '=', RUN_STATE_PACK_ID)
        .where('run_pk', '=', runPk),
  );
  return rows[0]?.head;
}

/** Upserts a run's packed metric states (one row, inside the caller's transaction). */
export async function saveRunStatePack(
  db: Kysely<Database>,
  teamId: string,
  runPk: string,
  pack: string,
  now: number,
): Promise<void> {
  await runCachedStatement(db, 'save', [teamId, RUN_STATE_PACK_ID, runPk, pack, now], () =>
    db
      .insertInto('automation_run_states')
      .values({
        team_id: teamId,
        automation_id: RUN_STATE_PACK_ID,
        run_pk: runPk,
        state: pack,
        updated_at: now,
      })
      .onConflict((oc) =>
        oc.columns(['automation_id', 'run_pk']).doUpdateSet((eb) => ({
          state: eb.ref('excluded.state'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      ),
  );
}

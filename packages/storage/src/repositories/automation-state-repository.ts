import type { Kysely } from 'kysely';
import type { Database } from '../database-schema.js';

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

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

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

/** The rate counters of these automations (missing ones absent). */
export async function loadRateStates(
  db: Kysely<Database>,
  automationIds: readonly string[],
): Promise<Map<string, RateCounter>> {
  const states = new Map<string, RateCounter>();
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

import type { RunState } from '@bellwether/core';
import { type Kysely, sql } from 'kysely';
import type { Database, RunTable } from '../database-schema.js';
import type { DialectName } from '../migrations/migration.js';

/** A run as stored, with JSON columns parsed. */
export interface Run {
  id: string;
  teamId: string;
  projectId: string;
  runId: string;
  displayName: string;
  userId: string | null;
  username: string | null;
  state: RunState;
  config: Record<string, unknown>;
  tags: string[];
  summary: Record<string, unknown>;
  lastStep: number;
  historySeq: number;
  heartbeatAt: number | null;
  createdAt: number;
  updatedAt: number;
}

type RunRow = RunTable & { username: string | null };

/** Maps a runs row (joined with its user's name) to a Run. */
export function toRun(row: RunRow): Run {
  return {
    id: row.id,
    teamId: row.team_id,
    projectId: row.project_id,
    runId: row.run_id,
    displayName: row.display_name,
    userId: row.user_id,
    username: row.username,
    state: row.state as RunState,
    config: JSON.parse(row.config) as Record<string, unknown>,
    tags: JSON.parse(row.tags) as string[],
    summary: JSON.parse(row.summary) as Record<string, unknown>,
    lastStep: row.last_step,
    historySeq: row.history_seq,
    heartbeatAt: row.heartbeat_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function selectRuns(db: Kysely<Database>) {
  return db
    .selectFrom('runs')
    .leftJoin('users', 'users.id', 'runs.user_id')
    .selectAll('runs')
    .select('users.username');
}

/**
 * Finds a run by project and client run id. With `lock` on Postgres the row stays locked until
 * the transaction ends, so concurrent writers to one run take turns (SQLite writers always do).
 */
export async function findRun(
  db: Kysely<Database>,
  projectId: string,
  runId: string,
  lock?: DialectName,
): Promise<Run | undefined> {
  let query = selectRuns(db).where('runs.project_id', '=', projectId).where('runs.run_id', '=', runId);
  if (lock === 'postgres') query = query.forUpdate('runs');
  const row = await query.executeTakeFirst();
  return row && toRun(row);
}

/** Lists a project's runs, newest first, optionally filtered by state and display-name substring. */
export async function listRuns(
  db: Kysely<Database>,
  projectId: string,
  filter: {
    state?: RunState | undefined;
    search?: string | undefined;
    limit: number;
    before?: string | undefined;
  },
): Promise<Run[]> {
  let query = selectRuns(db).where('runs.project_id', '=', projectId);
  if (filter.state) query = query.where('runs.state', '=', filter.state);
  if (filter.search) {
    const pattern = `%${filter.search.replace(/[%_\\]/g, '\\$&')}%`;
    // SQLite's LIKE has no default escape character; name it so both dialects agree.
    query = query.where(sql<boolean>`runs.display_name like ${pattern} escape '\\'`);
  }
  if (filter.before) query = query.where('runs.id', '<', filter.before);
  const rows = await query.orderBy('runs.id', 'desc').limit(filter.limit).execute();
  return rows.map(toRun);
}

/** Inserts a new run. */
export async function insertRun(db: Kysely<Database>, run: Run): Promise<void> {
  await db
    .insertInto('runs')
    .values({
      id: run.id,
      team_id: run.teamId,
      project_id: run.projectId,
      run_id: run.runId,
      display_name: run.displayName,
      user_id: run.userId,
      state: run.state,
      config: JSON.stringify(run.config),
      tags: JSON.stringify(run.tags),
      summary: JSON.stringify(run.summary),
      last_step: run.lastStep,
      history_seq: run.historySeq,
      heartbeat_at: run.heartbeatAt,
      created_at: run.createdAt,
      updated_at: run.updatedAt,
    })
    .execute();
}

/** Writes the mutable fields of a run. */
export async function updateRun(db: Kysely<Database>, run: Run): Promise<void> {
  await db
    .updateTable('runs')
    .set({
      display_name: run.displayName,
      state: run.state,
      config: JSON.stringify(run.config),
      tags: JSON.stringify(run.tags),
      summary: JSON.stringify(run.summary),
      last_step: run.lastStep,
      history_seq: run.historySeq,
      heartbeat_at: run.heartbeatAt,
      updated_at: run.updatedAt,
    })
    .where('id', '=', run.id)
    .execute();
}

/** The client run ids of runs by primary key (for responses that mention producing runs). */
export async function findRunIdsByPks(
  db: Kysely<Database>,
  pks: readonly string[],
): Promise<Map<string, string>> {
  if (pks.length === 0) return new Map();
  const rows = await db
    .selectFrom('runs')
    .select(['id', 'run_id'])
    .where('id', 'in', [...pks])
    .execute();
  return new Map(rows.map((r) => [r.id, r.run_id]));
}

import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from '../database-schema.js';

/** One delivery attempt as stored: headers and bodies already redacted by the caller. */
export interface DeliveryAttemptRecord {
  id: string;
  teamId: string;
  deliveryId: string;
  attemptNo: number;
  startedAt: number;
  durationMs: number;
  outcome: string;
  statusCode: number | null;
  requestUrl: string;
  requestHeaders: Record<string, string>;
  requestBody: string;
  responseHeaders: Record<string, string> | null;
  responseBody: string | null;
  error: string | null;
}

/** Stores one attempt of a delivery. */
export async function recordAttempt(db: Kysely<Database>, a: DeliveryAttemptRecord): Promise<void> {
  await recordAttempts(db, [a]);
}

/** Rows per INSERT: 14 parameters each stays far below SQLite's and Postgres's parameter limits. */
const ATTEMPTS_PER_INSERT = 500;

// The INSERT's SQL text per dialect and row count, compiled by Kysely once: a worker settles rounds
// of the same size again and again, and building the query (a node per value) cost more than
// SQLite took to run it.
const insertSql = new Map<unknown, Map<number, string>>();

/** Stores many attempts with one INSERT per 500 (a worker settles a whole round at once). */
export async function recordAttempts(
  db: Kysely<Database>,
  attempts: readonly DeliveryAttemptRecord[],
): Promise<void> {
  const dialect = db.getExecutor().adapter.constructor;
  let byCount = insertSql.get(dialect);
  if (byCount === undefined) {
    byCount = new Map();
    insertSql.set(dialect, byCount);
  }
  for (let i = 0; i < attempts.length; i += ATTEMPTS_PER_INSERT) {
    const rows = attempts.slice(i, i + ATTEMPTS_PER_INSERT).map(attemptRow);
    const sql = byCount.get(rows.length);
    if (sql === undefined) {
      const compiled = db.insertInto('delivery_attempts').values(rows).compile();
      byCount.set(rows.length, compiled.sql);
      await db.executeQuery(compiled);
    } else {
      // The parameters in the compiled order: row by row, each row's columns as attemptRow lists them.
      await db.executeQuery(CompiledQuery.raw(sql, rows.flatMap(Object.values)));
    }
  }
}

function attemptRow(a: DeliveryAttemptRecord) {
  return {
    id: a.id,
    team_id: a.teamId,
    delivery_id: a.deliveryId,
    attempt_no: a.attemptNo,
    started_at: a.startedAt,
    duration_ms: a.durationMs,
    outcome: a.outcome,
    status_code: a.statusCode,
    request_url: a.requestUrl,
    request_headers: JSON.stringify(a.requestHeaders),
    request_body: a.requestBody,
    response_headers: a.responseHeaders === null ? null : JSON.stringify(a.responseHeaders),
    response_body: a.responseBody,
    error: a.error,
  };
}

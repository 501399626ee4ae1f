import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from '../database-schema.js';
import { isPostgres } from '../repositories/id-list.js';
import { insertJsonRows } from '../repositories/json-rows.js';

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

/** Rows per INSERT on SQLite: 14 parameters each stays far below its parameter limit. */
const ATTEMPTS_PER_INSERT = 500;

// Postgres takes a round as one JSON parameter (insertJsonRows): planning a VALUES list of 1,400
// parameters cost it more than inserting the rows, and JSON.stringify encodes natively.
const POSTGRES_COLUMNS = {
  id: 'text',
  team_id: 'text',
  delivery_id: 'text',
  attempt_no: 'integer',
  started_at: 'bigint',
  duration_ms: 'double precision',
  outcome: 'text',
  status_code: 'integer',
  request_url: 'text',
  request_headers: 'text',
  request_body: 'text',
  response_headers: 'text',
  response_body: 'text',
  error: 'text',
} as const;

// SQLite's INSERT text per row count, compiled by Kysely once: a worker settles rounds of the
// same size again and again, and building the query (a node per value) cost more than SQLite
// took to run it.
const insertSql = new Map<number, string>();

/** Stores many attempts at once (a worker settles a whole round together). */
export async function recordAttempts(
  db: Kysely<Database>,
  attempts: readonly DeliveryAttemptRecord[],
): Promise<void> {
  if (attempts.length === 0) return;
  if (isPostgres(db)) {
    await insertJsonRows(db, 'delivery_attempts', POSTGRES_COLUMNS, attempts.map(attemptRow));
    return;
  }
  for (let i = 0; i < attempts.length; i += ATTEMPTS_PER_INSERT) {
    const rows = attempts.slice(i, i + ATTEMPTS_PER_INSERT).map(attemptRow);
    const sql = insertSql.get(rows.length);
    if (sql === undefined) {
      const compiled = db.insertInto('delivery_attempts').values(rows).compile();
      insertSql.set(rows.length, compiled.sql);
      await db.executeQuery(compiled);
    } else {
      // The parameters in the compiled order: row by row, each row's columns as attemptRow lists them.
      await db.executeQuery(CompiledQuery.raw(sql, rows.flatMap(Object.values)));
    }
  }
}

/**
 * Text as both databases can store it: Postgres refuses the NUL character in text (a receiver's
 * binary answer may hold one, and refusing it would fail the whole round's settlement again and
 * again), so it becomes U+FFFD, as an undecodable byte does.
 */
function storable(text: string): string;
function storable(text: string | null): string | null;
function storable(text: string | null): string | null {
  return text?.includes('\0') ? text.replaceAll('\0', '\uFFFD') : text;
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
    request_url: storable(a.requestUrl),
    request_headers: storable(JSON.stringify(a.requestHeaders)),
    request_body: storable(a.requestBody),
    response_headers: a.responseHeaders === null ? null : storable(JSON.stringify(a.responseHeaders)),
    response_body: storable(a.responseBody),
    error: storable(a.error),
  };
}

import type { Kysely } from 'kysely';
import type { Database } from '../database-schema.js';
import { insertRows } from '../repositories/insert-rows.js';

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

// Postgres takes a round as one JSON parameter: planning a VALUES list of 1,400 parameters cost it
// more than inserting the rows. SQLite reuses the INSERT's text per row count: a worker settles
// rounds of the same size again and again, and building the query (a node per value) cost more
// than SQLite took to run it.
const ATTEMPT_COLUMNS = {
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

/** Stores many attempts at once (a worker settles a whole round together). */
export async function recordAttempts(
  db: Kysely<Database>,
  attempts: readonly DeliveryAttemptRecord[],
): Promise<void> {
  await insertRows(db, 'delivery_attempts', ATTEMPT_COLUMNS, attempts.map(attemptRow), {
    reuseSqliteText: true,
  });
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

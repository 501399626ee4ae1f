import type { Kysely } from 'kysely';
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

/** Stores many attempts with one INSERT per 500 (a worker settles a whole round at once). */
export async function recordAttempts(
  db: Kysely<Database>,
  attempts: readonly DeliveryAttemptRecord[],
): Promise<void> {
  for (let i = 0; i < attempts.length; i += ATTEMPTS_PER_INSERT) {
    await db
      .insertInto('delivery_attempts')
      .values(attempts.slice(i, i + ATTEMPTS_PER_INSERT).map(attemptRow))
      .execute();
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

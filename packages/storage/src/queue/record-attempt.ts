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
  await db
    .insertInto('delivery_attempts')
    .values({
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
    })
    .execute();
}

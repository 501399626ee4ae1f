import type { Kysely } from 'kysely';
import type { Database } from '../database-schema.js';
import { finishExecutionIfDone } from './finish-execution.js';

/** Which delivery failed, under whose lease, why, and what comes next. */
export interface FailDeliveryInput {
  id: string;
  workerId: string;
  now: number;
  error: string;
  /** `retry` after `delayMs`; `failed` (permanent error) or `dead` (retries used up) end it. */
  next: { kind: 'retry'; delayMs: number } | { kind: 'failed' } | { kind: 'dead' };
}

/**
 * Records a failed attempt's outcome: back to pending with `next_attempt_at = now + delay`, or
 * finished as failed/dead with its execution settled. The lease is released either way. False
 * when the worker no longer holds the lease.
 */
export async function failDelivery(db: Kysely<Database>, input: FailDeliveryInput): Promise<boolean> {
  const retry = input.next.kind === 'retry';
  const result = await db
    .updateTable('deliveries')
    .set({
      status: retry ? 'pending' : input.next.kind,
      next_attempt_at: input.next.kind === 'retry' ? input.now + Math.max(0, input.next.delayMs) : input.now,
      locked_by: null,
      locked_until: null,
      last_error: input.error,
      updated_at: input.now,
      finished_at: retry ? null : input.now,
    })
    .where('id', '=', input.id)
    .where('locked_by', '=', input.workerId)
    .where('status', '=', 'pending')
    .returning('execution_id')
    .executeTakeFirst();
  if (!result) return false;
  if (!retry) await finishExecutionIfDone(db, result.execution_id, input.now);
  return true;
}

import type { Kysely } from 'kysely';
import type { Database } from '../database-schema.js';
import { finishExecutionIfDone } from './finish-execution.js';

/** Which delivery succeeded, under whose lease, and when. */
export interface CompleteDeliveryInput {
  id: string;
  workerId: string;
  now: number;
}

/**
 * Marks a claimed delivery succeeded and settles its execution. False when the worker no
 * longer holds the lease (it ran out and another worker took the delivery over).
 */
export async function completeDelivery(db: Kysely<Database>, input: CompleteDeliveryInput): Promise<boolean> {
  const result = await db
    .updateTable('deliveries')
    .set({
      status: 'succeeded',
      locked_by: null,
      locked_until: null,
      last_error: null,
      updated_at: input.now,
      finished_at: input.now,
    })
    .where('id', '=', input.id)
    .where('locked_by', '=', input.workerId)
    .where('status', '=', 'pending')
    .returning('execution_id')
    .executeTakeFirst();
  if (!result) return false;
  await finishExecutionIfDone(db, result.execution_id, input.now);
  return true;
}

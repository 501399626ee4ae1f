import type { Kysely } from 'kysely';
import type { Database, DeliveryTable } from '../database-schema.js';

/** Finds a delivery by id (routes check its team). */
export async function findDelivery(db: Kysely<Database>, id: string): Promise<DeliveryTable | undefined> {
  return db.selectFrom('deliveries').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Queues a dead or failed delivery again (due now, attempt count kept so the history reads
 * on) and puts its execution back to pending. False when the delivery is not dead or failed.
 * Since the count is kept, a redelivery past the schedule gets one attempt, not a new series.
 */
export async function redeliverDelivery(db: Kysely<Database>, id: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable('deliveries')
    .set({
      status: 'pending',
      next_attempt_at: now,
      locked_by: null,
      locked_until: null,
      finished_at: null,
      updated_at: now,
    })
    .where('id', '=', id)
    .where('status', 'in', ['dead', 'failed'])
    .returning('execution_id')
    .executeTakeFirst();
  if (!result) return false;
  await db
    .updateTable('executions')
    .set({ status: 'pending', finished_at: null })
    .where('id', '=', result.execution_id)
    .execute();
  return true;
}

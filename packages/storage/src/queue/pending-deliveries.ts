import type { Kysely } from 'kysely';
import type { Database } from '../database-schema.js';

/** How many deliveries wait to be sent, and when the oldest of them was created. */
export async function pendingDeliveries(
  db: Kysely<Database>,
): Promise<{ count: number; oldestCreatedAt: number | null }> {
  const row = await db
    .selectFrom('deliveries')
    .select((eb) => [
      eb.fn.countAll<number>().as('count'),
      eb.fn.min<number | null>('created_at').as('oldest'),
    ])
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), oldestCreatedAt: row.oldest === null ? null : Number(row.oldest) };
}

import type { Kysely } from 'kysely';
import type { Database } from '../database-schema.js';

/**
 * Gives back the leases a worker still holds (it is shutting down with attempts unanswered): the
 * deliveries are due again at `now` for any worker, instead of after their lease runs out. The
 * attempt counted by the claim stays counted. Returns how many were released.
 */
export async function releaseDeliveries(
  db: Kysely<Database>,
  workerId: string,
  now: number,
): Promise<number> {
  const rows = await db
    .updateTable('deliveries')
    .set({ locked_by: null, locked_until: null, next_attempt_at: now, updated_at: now })
    // Pending first: the status index finds the few pending rows without scanning the history.
    .where('status', '=', 'pending')
    .where('locked_by', '=', workerId)
    .returning('id')
    .execute();
  return rows.length;
}

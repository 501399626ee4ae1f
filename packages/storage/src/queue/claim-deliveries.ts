import type { Kysely } from 'kysely';
import type { Database, DeliveryTable } from '../database-schema.js';
import type { DialectName } from '../migrations/migration.js';

/** A delivery row a worker holds a lease on. */
export type ClaimedDelivery = DeliveryTable;

/** Who claims, when, for how long, and how many at most. */
export interface ClaimDeliveriesInput {
  workerId: string;
  now: number;
  /** The lease: unfinished claims become claimable again this long after the claim. */
  leaseMs: number;
  limit: number;
}

/**
 * Claims due pending deliveries in one statement: those whose `next_attempt_at` has come and
 * that no live lease holds (a crashed worker's lease runs out, so nothing is lost). Each claim
 * counts as an attempt, so a delivery that kills its worker every time still ends up dead.
 * A claim also moves `next_attempt_at` to the end of its lease, the time the delivery is due
 * again should its worker never settle it: claimed deliveries leave the due range of the index,
 * so the next claim does not step over every delivery in flight (with 400 in flight that walk
 * was most of a claim's time).
 * Postgres skips rows other workers are claiming (`FOR UPDATE SKIP LOCKED`); SQLite has one
 * writer, so a plain `UPDATE … RETURNING` is already exclusive.
 */
export async function claimDeliveries(
  db: Kysely<Database>,
  dialect: DialectName,
  input: ClaimDeliveriesInput,
): Promise<ClaimedDelivery[]> {
  let due = db
    .selectFrom('deliveries')
    .select('id')
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', input.now)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', input.now)]))
    .orderBy('next_attempt_at')
    .limit(input.limit);
  if (dialect === 'postgres') due = due.forUpdate().skipLocked();
  const rows = await db
    .updateTable('deliveries')
    .set((eb) => ({
      locked_by: input.workerId,
      locked_until: input.now + input.leaseMs,
      next_attempt_at: input.now + input.leaseMs,
      attempts: eb('attempts', '+', 1),
      updated_at: input.now,
    }))
    .where('id', 'in', due)
    .returningAll()
    .execute();
  return rows.sort((a, b) => a.created_at - b.created_at);
}

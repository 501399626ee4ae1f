import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database, DeliveryTable } from '../database-schema.js';
import type { DialectName } from '../migrations/migration.js';
import { planQueueStatementsAsIndexWalks } from './queue-plans.js';

/** What sending a claimed delivery reads of its row (the lease columns stay in the database). */
export type ClaimedDelivery = Pick<
  DeliveryTable,
  'id' | 'team_id' | 'execution_id' | 'automation_id' | 'action_type' | 'action' | 'attempts' | 'created_at'
>;

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
 * Postgres skips rows other workers are claiming (`FOR UPDATE SKIP LOCKED`), in a transaction
 * that plans the claim as a walk of the due index whatever its statistics say
 * ({@link planQueueStatementsAsIndexWalks}); SQLite has one writer, so a plain `UPDATE …
 * RETURNING` is already exclusive.
 */
export async function claimDeliveries(
  db: Kysely<Database>,
  dialect: DialectName,
  input: ClaimDeliveriesInput,
): Promise<ClaimedDelivery[]> {
  if (dialect === 'sqlite') return claimDeliveriesWithin(db, dialect, input);
  return db.transaction().execute(async (trx) => {
    await planQueueStatementsAsIndexWalks(trx, dialect);
    return claimDeliveriesWithin(trx, dialect, input);
  });
}

/**
 * {@link claimDeliveries} as part of the caller's transaction (a worker claims its next round in
 * the transaction settling the last one: one commit instead of two). On Postgres the caller has
 * run {@link planQueueStatementsAsIndexWalks} in it first.
 */
export async function claimDeliveriesWithin(
  trx: Kysely<Database>,
  dialect: DialectName,
  input: ClaimDeliveriesInput,
): Promise<ClaimedDelivery[]> {
  const { rows } = await claimStatement(dialect, input).execute(trx);
  return rows.sort((a, b) => a.created_at - b.created_at);
}

/** The claim's statement, for {@link claimDeliveries} and for tests of its plan. */
export function claimStatement(
  dialect: DialectName,
  input: ClaimDeliveriesInput,
): RawBuilder<ClaimedDelivery> {
  const { workerId, now, limit } = input;
  const until = now + input.leaseMs;
  return sql<ClaimedDelivery>`
    update deliveries
    set locked_by = ${workerId}, locked_until = ${until}, next_attempt_at = ${until},
        attempts = attempts + 1, updated_at = ${now}
    where id in (
      select id from deliveries
      where status = 'pending' and next_attempt_at <= ${now}
        and (locked_until is null or locked_until <= ${now})
      order by next_attempt_at
      limit ${limit}${dialect === 'postgres' ? sql` for update skip locked` : sql``}
    )
    returning id, team_id, execution_id, automation_id, action_type, action, attempts, created_at`;
}

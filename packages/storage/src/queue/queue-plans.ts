import { type Kysely, sql } from 'kysely';
import type { Database } from '../database-schema.js';
import type { DialectName } from '../migrations/migration.js';

/**
 * Makes the rest of the current Postgres transaction plan the queue's statements as index walks:
 * no sequential or bitmap scans, no sorts. Every statement of the claim and of settling a round
 * reads a handful of rows by an index (the due range in order, ids, execution ids), but
 * Postgres chooses from its statistics, and a queue's are nearly always wrong: taken while it
 * was empty (or never, before autovacuum's first pass) they make a burst of 20,000 deliveries
 * look like a few rows, and the claim then read every due row through a bitmap and sorted them
 * to keep 50 (17 ms a claim, against 0.2 ms walking the index). `set_config(…, true)` lasts
 * until the transaction ends. SQLite's planner needs no help here; it does nothing there.
 */
export async function planQueueStatementsAsIndexWalks(
  trx: Kysely<Database>,
  dialect: DialectName,
): Promise<void> {
  if (dialect !== 'postgres') return;
  await sql`select set_config('enable_seqscan', 'off', true), set_config('enable_bitmapscan', 'off', true),
    set_config('enable_sort', 'off', true)`.execute(trx);
}

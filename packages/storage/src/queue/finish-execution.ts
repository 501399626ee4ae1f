import { type Kysely, sql } from 'kysely';
import type { Database } from '../database-schema.js';
import { columnInIds } from '../repositories/id-list.js';

/**
 * Settles an execution once none of its deliveries is pending: `finished` when all succeeded,
 * `failed` when any failed or died. Does nothing while one is still pending.
 */
export async function finishExecutionIfDone(
  db: Kysely<Database>,
  executionId: string,
  now: number,
): Promise<void> {
  await finishExecutionsIfDone(db, [executionId], now);
}

/**
 * {@link finishExecutionIfDone} for many executions at once, in one UPDATE: the worst status of
 * each execution's deliveries (read through their execution index) settles it, so settling a
 * round of deliveries costs one statement however many executions it touches.
 */
export async function finishExecutionsIfDone(
  db: Kysely<Database>,
  executionIds: readonly string[],
  now: number,
): Promise<void> {
  const ids = [...new Set(executionIds)];
  if (ids.length === 0) return;
  // worst: 0 all succeeded, 1 one failed or died, 2 one still pending (left alone).
  await sql`
    update executions
    set status = case o.worst when 0 then 'finished' else 'failed' end, finished_at = ${now}
    from (
      select execution_id,
             max(case status when 'succeeded' then 0 when 'pending' then 2 else 1 end) as worst
      from deliveries
      where ${columnInIds(db, 'execution_id', ids)}
      group by execution_id
    ) o
    where executions.id = o.execution_id and o.worst < 2`.execute(db);
}

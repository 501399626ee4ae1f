import type { Kysely } from 'kysely';
import type { Database } from '../database-schema.js';

/**
 * Settles an execution once none of its deliveries is pending: `finished` when all succeeded,
 * `failed` when any failed or died. Does nothing while one is still pending.
 */
export async function finishExecutionIfDone(
  db: Kysely<Database>,
  executionId: string,
  now: number,
): Promise<void> {
  const rows = await db
    .selectFrom('deliveries')
    .select('status')
    .where('execution_id', '=', executionId)
    .execute();
  if (rows.some((r) => r.status === 'pending')) return;
  const status = rows.every((r) => r.status === 'succeeded') ? 'finished' : 'failed';
  await db
    .updateTable('executions')
    .set({ status, finished_at: now })
    .where('id', '=', executionId)
    .execute();
}

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

/**
 * {@link finishExecutionIfDone} for many executions at once: one read of their deliveries and at
 * most two updates, so settling a round of deliveries costs a few statements, not a few per delivery.
 */
export async function finishExecutionsIfDone(
  db: Kysely<Database>,
  executionIds: readonly string[],
  now: number,
): Promise<void> {
  const ids = [...new Set(executionIds)];
  if (ids.length === 0) return;
  const rows = await db
    .selectFrom('deliveries')
    .select(['execution_id', 'status'])
    .where('execution_id', 'in', ids)
    .execute();
  const outcome = new Map<string, 'finished' | 'failed' | 'pending'>();
  for (const r of rows) {
    const seen = outcome.get(r.execution_id) ?? 'finished';
    if (seen === 'pending' || r.status === 'pending') outcome.set(r.execution_id, 'pending');
    else outcome.set(r.execution_id, seen === 'failed' || r.status !== 'succeeded' ? 'failed' : 'finished');
  }
  for (const status of ['finished', 'failed'] as const) {
    const settled = ids.filter((id) => outcome.get(id) === status);
    if (settled.length === 0) continue;
    await db.updateTable('executions').set({ status, finished_at: now }).where('id', 'in', settled).execute();
  }
}

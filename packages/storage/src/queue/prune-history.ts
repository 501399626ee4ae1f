import type { Kysely } from 'kysely';
import type { Database } from '../database-schema.js';

/** What one pruning pass removed. */
export interface PruneResult {
  attemptBodiesCleared: number;
  executionsDeleted: number;
}

/**
 * Retention: clears the request and response bodies of attempts older than `bodiesBefore`, and
 * deletes executions older than `historyBefore` with their deliveries and attempts — but never an
 * execution that still has a pending delivery, whatever its age.
 */
export async function pruneHistory(
  db: Kysely<Database>,
  cutoffs: { bodiesBefore: number; historyBefore: number },
): Promise<PruneResult> {
  return db.transaction().execute(async (trx) => {
    const cleared = await trx
      .updateTable('delivery_attempts')
      .set({ request_body: '', response_body: null, response_headers: null })
      .where('started_at', '<', cutoffs.bodiesBefore)
      .where((eb) => eb.or([eb('request_body', '!=', ''), eb('response_body', 'is not', null)]))
      .executeTakeFirst();
    const old = await trx
      .selectFrom('executions')
      .select('id')
      .where('created_at', '<', cutoffs.historyBefore)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('deliveries')
              .select('deliveries.id')
              .whereRef('deliveries.execution_id', '=', 'executions.id')
              .where('deliveries.status', '=', 'pending'),
          ),
        ),
      )
      .limit(10_000)
      .execute();
    const ids = old.map((r) => r.id);
    if (ids.length > 0) {
      const deliveries = trx.selectFrom('deliveries').select('id').where('execution_id', 'in', ids);
      await trx.deleteFrom('delivery_attempts').where('delivery_id', 'in', deliveries).execute();
      await trx.deleteFrom('deliveries').where('execution_id', 'in', ids).execute();
      await trx.deleteFrom('executions').where('id', 'in', ids).execute();
    }
    return { attemptBodiesCleared: Number(cleared.numUpdatedRows), executionsDeleted: ids.length };
  });
}

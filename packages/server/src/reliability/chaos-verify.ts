import type { Database } from '@bellwether/storage';
import type { Kysely } from 'kysely';
import type { ReceivedRequest } from './recording-receiver.js';

/** What the database and the receiver hold after a chaos run, with every broken promise counted. */
export interface ChaosCounts {
  /** Executions stored (each one firing). */
  firings: number;
  /** Deliveries stored (one per firing here: one webhook action). */
  deliveries: number;
  /** Requests the receiver got, repeats included. */
  received: number;
  /** Requests beyond the first for one webhook-id (allowed: at-least-once). */
  duplicates: number;
  /** Deliveries whose webhook-id never reached the receiver (must be 0). */
  lost: number;
  /** Executions beyond the first for one (automation, run, step) (must be 0). */
  duplicateExecutions: number;
  /** Deliveries or executions not finished after the drain (must be 0). */
  stuck: number;
  /** Webhook-ids received that no delivery has, or repeats whose body differs (must be 0). */
  inconsistent: number;
}

/** Counts executions, deliveries and arrivals, and every way they disagree. */
export async function verifyChaos(
  db: Kysely<Database>,
  requests: readonly ReceivedRequest[],
): Promise<ChaosCounts> {
  const executions = await db
    .selectFrom('executions')
    .select(['id', 'automation_id', 'run_pk', 'event', 'status'])
    .execute();
  const deliveries = await db.selectFrom('deliveries').select(['id', 'status']).execute();
  const perCrossing = new Map<string, number>();
  for (const e of executions) {
    const step = (JSON.parse(e.event) as { step?: number }).step;
    const key = `${e.automation_id}|${e.run_pk}|${step}`;
    perCrossing.set(key, (perCrossing.get(key) ?? 0) + 1);
  }
  const bodies = new Map<string, string>();
  let inconsistent = 0;
  for (const r of requests) {
    const first = bodies.get(r.webhookId);
    if (first === undefined) bodies.set(r.webhookId, r.body);
    else if (first !== r.body) inconsistent++;
  }
  const deliveryIds = new Set(deliveries.map((d) => d.id));
  for (const id of bodies.keys()) if (!deliveryIds.has(id)) inconsistent++;
  return {
    firings: executions.length,
    deliveries: deliveries.length,
    received: requests.length,
    duplicates: requests.length - bodies.size,
    lost: deliveries.filter((d) => !bodies.has(d.id)).length,
    duplicateExecutions: [...perCrossing.values()].reduce((sum, n) => sum + n - 1, 0),
    stuck:
      deliveries.filter((d) => d.status !== 'succeeded').length +
      executions.filter((e) => e.status !== 'finished').length,
    inconsistent,
  };
}

/** Waits until no delivery or execution is pending, polling the database; false on timeout. */
export async function waitForDrain(db: Kysely<Database>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const [d, e] = await Promise.all([
      db
        .selectFrom('deliveries')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', '=', 'pending')
        .executeTakeFirstOrThrow(),
      db
        .selectFrom('executions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', '=', 'pending')
        .executeTakeFirstOrThrow(),
    ]);
    if (Number(d.n) === 0 && Number(e.n) === 0) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

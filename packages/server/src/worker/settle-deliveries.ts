import {
  type ClaimDeliveriesInput,
  type ClaimedDelivery,
  claimDeliveriesWithin,
  completeDeliveries,
  failDelivery,
  planQueueStatementsAsIndexWalks,
  recordAttempts,
  recordWebhookFailure,
  recordWebhookSuccess,
} from '@bellwether/storage';
import type { DeliverDeps, DeliverOptions, DeliveryOutcome } from './deliver-one.js';

/**
 * Records a round of attempts in one transaction: every attempt in one INSERT, every success in
 * one UPDATE (their executions settled together), each failure as a retry or an end, and each
 * webhook's failure clock in the order the outcomes came. One commit per round instead of one per
 * delivery is what lets a worker keep up with a fast receiver. Deliveries whose lease ran out
 * (another worker took them over) are left alone. With `claimNext`, the same transaction claims
 * the worker's next round and returns it: while the queue is deep, one commit a round instead of
 * two. Should the transaction fail, nothing was settled and nothing claimed.
 */
export async function settleDeliveries(
  deps: DeliverDeps,
  options: DeliverOptions,
  outcomes: readonly DeliveryOutcome[],
  claimNext: ClaimDeliveriesInput | null = null,
): Promise<ClaimedDelivery[]> {
  if (outcomes.length === 0) return [];
  const claimed = await deps.db.transaction().execute(async (trx) => {
    await planQueueStatementsAsIndexWalks(trx, deps.dialect);
    await recordAttempts(
      trx,
      outcomes.map((o) => o.attempt),
    );
    const succeeded = outcomes.filter((o) => o.decision.kind === 'success');
    await completeDeliveries(trx, {
      ids: succeeded.map((o) => o.delivery.id),
      workerId: options.workerId,
      now: Math.max(...outcomes.map((o) => o.now)),
    });
    // The failure clock of a webhook: a success stops it, a failure starts it; replayed in order,
    // skipping repeated successes (the common case is one statement per webhook per round).
    const last = new Map<string, 'success' | 'failure'>();
    for (const o of outcomes) {
      const lease = { id: o.delivery.id, workerId: options.workerId, now: o.now };
      if (o.decision.kind === 'success') {
        if (o.webhookId && last.get(o.webhookId) !== 'success') {
          await recordWebhookSuccess(trx, o.webhookId);
          last.set(o.webhookId, 'success');
        }
        continue;
      }
      const next =
        o.decision.kind === 'retry'
          ? { kind: 'retry' as const, delayMs: o.decision.delayMs }
          : { kind: o.decision.kind };
      await failDelivery(trx, { ...lease, error: o.reason ?? 'failed', next });
      if (o.webhookId) {
        await recordWebhookFailure(trx, o.webhookId, o.now, options.disableAfterMs);
        last.set(o.webhookId, 'failure');
      }
    }
    return claimNext === null ? [] : claimDeliveriesWithin(trx, deps.dialect, claimNext);
  });
  const metrics = deps.metrics;
  for (const o of outcomes) {
    if (metrics) {
      const channel = o.delivery.action_type;
      metrics.deliveries.inc({ outcome: o.decision.kind, channel });
      metrics.attemptDuration.observe({ channel }, o.attempt.durationMs / 1000);
    }
    if (o.decision.kind === 'success') continue;
    deps.logger.warn(
      {
        deliveryId: o.delivery.id,
        attempt: o.delivery.attempts,
        outcome: o.decision.kind,
        error: o.attempt.error,
      },
      'delivery attempt failed',
    );
  }
  return claimed;
}

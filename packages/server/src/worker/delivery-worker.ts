import { type ClaimedDelivery, claimDeliveries, releaseDeliveries } from '@bellwether/storage';
import {
  attemptDelivery,
  type DeliverDeps,
  type DeliverOptions,
  type DeliveryOutcome,
} from './deliver-one.js';
import { createDeliveryLookups } from './delivery-lookups.js';
import { createSendCaches } from './send-caches.js';
import { settleDeliveries } from './settle-deliveries.js';

/** The delivery worker's settings; every key but those of sending has a default. */
export interface DeliveryWorkerOptions extends DeliverOptions {
  /**
   * Deliveries claimed per round. Default 200: per-round costs (statements, a commit) shared by
   * more. In bench:deliver Postgres spent ~145 µs of CPU per delivery with 200 a round and 2 in
   * flight, ~180 µs with 100 and 4.
   */
  batchSize?: number;
  /** Rounds (chains of rounds) in flight at once while the queue is deep. Default 2. */
  maxRounds?: number;
  /** How long a claim holds before another worker may take it over. Default 2 × 15 s + 30 s. */
  leaseMs?: number;
  /** The fallback poll for retries that come due. Default 1000 ms. */
  pollIntervalMs?: number;
}

/** Sends pending deliveries: woken on new work, polling for retries that come due. */
export interface DeliveryWorker {
  start(): void;
  /** Signals that deliveries were queued; the worker claims them at once. */
  wake(): void;
  /** Claims one batch and sends it; how many were claimed. For tests and the loop. */
  runOnce(): Promise<number>;
  /**
   * Stops claiming and waits for the deliveries in flight, at most `deadlineMs` (default: as long
   * as they take); those still unanswered then are released, due again at once for any worker.
   */
  stop(deadlineMs?: number): Promise<void>;
}

/**
 * Creates the delivery worker. Deliveries in a batch are sent concurrently and settled in one
 * transaction; a round that claimed a full batch claims the next in that transaction (up to
 * `maxRounds` such chains in flight), otherwise the worker sleeps until woken or the poll
 * interval passes. Errors of the database are logged and the round retried: claims not settled
 * come back when their lease runs out.
 */
export function createDeliveryWorker(deps: DeliverDeps, options: DeliveryWorkerOptions): DeliveryWorker {
  const batchSize = options.batchSize ?? 200;
  const maxRounds = options.maxRounds ?? 2;
  const leaseMs = options.leaseMs ?? 60_000;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const caches = createSendCaches();
  let running = false;
  let loop: Promise<void> | null = null;
  let woken = false;
  let interrupt: (() => void) | null = null;

  const unsettled = (deliveryId: string, error: unknown) => {
    deps.logger.error(
      { deliveryId, err: error instanceof Error ? error.message : String(error) },
      'delivery could not be settled; it is retried when its lease runs out',
    );
  };

  const claimInput = () => ({ workerId: options.workerId, now: deps.clock(), leaseMs, limit: batchSize });

  // One transaction for the round, claiming the next one when asked; should it fail (nothing
  // settled, nothing claimed), each outcome alone, so one delivery the database refuses does not
  // send the whole round again when the leases run out.
  const settleRound = async (outcomes: DeliveryOutcome[], claimNext: boolean): Promise<ClaimedDelivery[]> => {
    try {
      return await settleDeliveries(deps, options, outcomes, claimNext ? claimInput() : null);
    } catch {
      for (const outcome of outcomes) {
        await settleDeliveries(deps, options, [outcome]).catch((error: unknown) =>
          unsettled(outcome.delivery.id, error),
        );
      }
      return [];
    }
  };

  const claim = () => claimDeliveries(deps.db, deps.dialect, claimInput());

  /** Sends a claimed round and settles it; with `claimNext`, returns the next round claimed meanwhile. */
  const send = async (claimed: ClaimedDelivery[], claimNext = false): Promise<ClaimedDelivery[]> => {
    if (claimed.length === 0) return [];
    const lookups = createDeliveryLookups(deps.db, deps.secretBox, claimed);
    const outcomes = await Promise.all(
      claimed.map((delivery) =>
        attemptDelivery(deps, options, delivery, lookups, caches).catch((error: unknown) => {
          unsettled(delivery.id, error);
          return null;
        }),
      ),
    );
    return settleRound(
      outcomes.filter((o): o is DeliveryOutcome => o !== null),
      claimNext,
    );
  };

  /**
   * Rounds one after another while the queue is deep: each full round's settle transaction
   * claims the next, and the chain ends with the first round that was not full (or on stop).
   */
  const chain = async (first: ClaimedDelivery[]): Promise<void> => {
    let claimed = first;
    while (claimed.length > 0) {
      const full = claimed.length === batchSize;
      claimed = await send(claimed, full && running);
    }
  };

  const runOnce = async (): Promise<number> => {
    const claimed = await claim();
    await send(claimed);
    return claimed.length;
  };

  const sleep = () =>
    new Promise<void>((resolve) => {
      if (woken || !running) {
        woken = false;
        resolve();
        return;
      }
      const done = () => {
        clearTimeout(timer);
        interrupt = null;
        woken = false;
        resolve();
      };
      const timer = setTimeout(done, pollIntervalMs);
      interrupt = done;
    });

  const wake = () => {
    woken = true;
    interrupt?.();
  };

  return Object.freeze({
    start() {
      if (running) return;
      running = true;
      loop = (async () => {
        // Up to `maxRounds` chains of rounds overlap while the queue is deep: database round trips
        // and receivers' answers overlap, and one slow receiver holds up only its own chain. The
        // loop claims only to start chains; a running chain claims its own next round.
        const inFlight = new Set<Promise<void>>();
        while (running) {
          let claimed: ClaimedDelivery[] = [];
          try {
            claimed = await claim();
          } catch (error) {
            deps.logger.error(
              { err: error instanceof Error ? error.message : String(error) },
              'claiming deliveries failed',
            );
          }
          if (claimed.length > 0) {
            const round: Promise<void> = chain(claimed).finally(() => inFlight.delete(round));
            inFlight.add(round);
          }
          if (claimed.length < batchSize) await sleep();
          else if (inFlight.size >= maxRounds) await Promise.race(inFlight);
        }
        await Promise.all(inFlight);
      })();
    },
    wake,
    runOnce,
    async stop(deadlineMs?: number) {
      running = false;
      wake();
      const current = loop;
      if (current === null) return;
      let timer: NodeJS.Timeout | undefined;
      const finished = await Promise.race([
        current.then(() => true),
        new Promise<false>((resolve) => {
          if (deadlineMs !== undefined) timer = setTimeout(() => resolve(false), deadlineMs);
        }),
      ]);
      clearTimeout(timer);
      loop = null;
      if (finished) return;
      // A round that settles later finds its leases gone and leaves the deliveries to whoever
      // claims them next (same webhook-id: a receiver may see one twice, never none).
      const released = await releaseDeliveries(deps.db, options.workerId, deps.clock()).catch(
        (error: unknown) => {
          deps.logger.error(
            { err: error instanceof Error ? error.message : String(error) },
            'releasing claimed deliveries failed; they are retried when their lease runs out',
          );
          return 0;
        },
      );
      deps.logger.warn({ released }, 'shutdown deadline passed; released the deliveries still in flight');
    },
  });
}

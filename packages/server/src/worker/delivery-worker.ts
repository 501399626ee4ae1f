import { claimDeliveries } from '@bellwether/storage';
import { type DeliverDeps, type DeliverOptions, deliverOne } from './deliver-one.js';

/** The delivery worker's settings; every key but those of sending has a default. */
export interface DeliveryWorkerOptions extends DeliverOptions {
  /** Deliveries claimed per round. Default 20. */
  batchSize?: number;
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
  /** Stops claiming and waits for the deliveries in flight. */
  stop(): Promise<void>;
}

/**
 * Creates the delivery worker. Deliveries in a batch are sent concurrently; a round that
 * claimed a full batch is followed at once by the next, otherwise the worker sleeps until
 * woken or the poll interval passes. Errors of the database are logged and the round retried:
 * claims not settled come back when their lease runs out.
 */
export function createDeliveryWorker(deps: DeliverDeps, options: DeliveryWorkerOptions): DeliveryWorker {
  const batchSize = options.batchSize ?? 20;
  const leaseMs = options.leaseMs ?? 60_000;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  let running = false;
  let loop: Promise<void> | null = null;
  let woken = false;
  let interrupt: (() => void) | null = null;

  const runOnce = async (): Promise<number> => {
    const claimed = await claimDeliveries(deps.db, deps.dialect, {
      workerId: options.workerId,
      now: deps.clock(),
      leaseMs,
      limit: batchSize,
    });
    await Promise.all(
      claimed.map((delivery) =>
        deliverOne(deps, options, delivery).catch((error: unknown) => {
          deps.logger.error(
            { deliveryId: delivery.id, err: error instanceof Error ? error.message : String(error) },
            'delivery could not be settled; it is retried when its lease runs out',
          );
        }),
      ),
    );
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
        while (running) {
          let claimed = 0;
          try {
            claimed = await runOnce();
          } catch (error) {
            deps.logger.error(
              { err: error instanceof Error ? error.message : String(error) },
              'claiming deliveries failed',
            );
          }
          if (claimed < batchSize) await sleep();
        }
      })();
    },
    wake,
    runOnce,
    async stop() {
      running = false;
      wake();
      await loop;
      loop = null;
    },
  });
}

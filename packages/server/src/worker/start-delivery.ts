import { hostname } from 'node:os';
import { newId } from '@bellwether/core';
import { createRetrySchedule, createSlackChannel, createThreadedGuardedClient } from '@bellwether/delivery';
import {
  type DeliveryListener,
  listAllOutboundAllow,
  listenForDeliveries,
  notifyDeliveries,
  type Storage,
} from '@bellwether/storage';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { ServerMetrics } from '../observability/server-metrics.js';
import type { IntegrationDeps } from '../secrets/integration-deps.js';
import { loadSecretKey } from '../secrets/load-secret-key.js';
import { createOutboundAllowHolder } from '../secrets/outbound-allow-holder.js';
import { createSecretBox } from '../secrets/secret-box.js';
import { createDeliveryWorker, type DeliveryWorker } from './delivery-worker.js';

/** Delivery as main.ts wires it: the routes' integration deps, the worker, and its wake-up. */
export interface DeliveryRuntime {
  integrations: IntegrationDeps;
  /** Runs after a write that queued deliveries commits: wakes the local worker, NOTIFYs others. */
  afterCommit(): void;
  /** Stops the worker: deliveries still unanswered after `deadlineMs` are released to others. */
  stop(deadlineMs?: number): Promise<void>;
}

/**
 * Builds the secret box (failing with a clear message when a Postgres deployment has no
 * `BELLWETHER_SECRET_KEY`), the guarded client and, when the role includes the worker, starts
 * the delivery worker: woken in-process after commits, by LISTEN/NOTIFY on Postgres, and by a
 * one-second poll for retries that come due.
 */
export async function startDelivery(
  config: Config,
  storage: Storage,
  logger: Logger,
  metrics?: ServerMetrics,
): Promise<DeliveryRuntime> {
  const secretBox = createSecretBox(
    loadSecretKey({
      envValue: config.secretKey,
      dataDir: config.dataDir,
      postgres: storage.dialect === 'postgres',
    }),
  );
  // Sockets and HTTP parsing on a thread of their own, off the event loop that prepares and
  // records deliveries (and serves the API).
  const clientOptions = { allow: config.delivery.outboundAllow, timeoutMs: config.delivery.timeoutMs };
  const client = createThreadedGuardedClient(clientOptions);
  // The environment's allow-list plus the one organization admins keep in the UI. A change
  // rebuilds the guard at once; the client thread is closed (what it holds finishes) and the next
  // request starts a new one, which reads the new text from clientOptions.
  const holder = createOutboundAllowHolder(config.delivery.outboundAllow, (text) => {
    clientOptions.allow = text;
    client.close().catch((error: unknown) => {
      logger.warn(
        { err: error instanceof Error ? error.message : String(error) },
        'client thread restart failed',
      );
    });
  });
  const guard = holder.guard;
  const reloadAllowList = async () => {
    if (holder.apply(await listAllOutboundAllow(storage.db)))
      logger.info('outbound allow-list changed; applied');
  };
  await reloadAllowList();
  // Other processes (an API-only process, another worker) change it too: look every 2 s.
  const allowPoll = setInterval(() => {
    reloadAllowList().catch((error: unknown) => {
      logger.warn(
        { err: error instanceof Error ? error.message : String(error) },
        'reading the outbound allow-list failed',
      );
    });
  }, 2_000);
  allowPoll.unref();
  const slack = createSlackChannel({
    guard,
    client,
    slackApiUrl: config.slack.apiUrl,
    timeoutMs: config.delivery.timeoutMs,
  });
  let worker: DeliveryWorker | null = null;
  let listener: DeliveryListener | null = null;
  if (config.role !== 'api') {
    worker = createDeliveryWorker(
      {
        db: storage.db,
        dialect: storage.dialect,
        secretBox,
        client,
        slack,
        clock: Date.now,
        ids: newId,
        logger,
        metrics,
      },
      {
        workerId: `${hostname()}:${process.pid}:${newId('dlv').slice(4, 12)}`,
        publicUrl: config.publicUrl,
        retry: createRetrySchedule({ delaysMs: config.delivery.retryDelaysMs }),
        disableAfterMs: config.delivery.webhookDisableAfterMs,
        slackApiUrl: config.slack.apiUrl,
        leaseMs: config.delivery.leaseMs,
      },
    );
    const local = worker;
    if (storage.dialect === 'postgres' && config.databaseUrl) {
      listener = await listenForDeliveries(config.databaseUrl, () => local.wake(), {
        onError: (error) =>
          logger.warn({ err: error.message }, 'delivery LISTEN connection lost; reconnecting'),
      });
    }
    worker.start();
  }
  return {
    integrations: {
      secretBox,
      guard,
      client,
      slack: config.slack,
      outboundAllow: { envText: config.delivery.outboundAllow, reload: reloadAllowList },
    },
    afterCommit() {
      worker?.wake();
      notifyDeliveries(storage.db, storage.dialect).catch((error: unknown) => {
        logger.warn(
          { err: error instanceof Error ? error.message : String(error) },
          'NOTIFY of new deliveries failed',
        );
      });
    },
    async stop(deadlineMs?: number) {
      clearInterval(allowPoll);
      await listener?.close();
      await worker?.stop(deadlineMs);
      await slack.close();
      await client.close();
    },
  };
}

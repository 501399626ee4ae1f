import { join } from 'node:path';
import { newId } from '@bellwether/core';
import { openStorage, pendingDeliveries, pruneHistory } from '@bellwether/storage';
import { serve } from '@hono/node-server';
import pino from 'pino';
import { createApp } from './app.js';
import { createTriggerHook } from './automations/trigger-hook.js';
import { bootstrap } from './bootstrap.js';
import { loadConfig } from './config.js';
import { createServerMetrics } from './observability/server-metrics.js';
import { startDelivery } from './worker/start-delivery.js';

/** Starts Bellwether: reads the configuration, opens and migrates storage, serves HTTP. */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = pino({ level: config.logLevel, base: { service: 'bellwether' } });
  const storage = await openStorage(
    config.databaseUrl
      ? { kind: 'postgres', url: config.databaseUrl, maxConnections: config.databasePoolSize }
      : { kind: 'sqlite', filename: join(config.dataDir, 'bellwether.db') },
  );
  const first = await bootstrap(
    storage.db,
    { ids: newId, now: Date.now() },
    {
      ...config.admin,
      team: config.firstTeam,
    },
  );
  const metrics = createServerMetrics({ probe: { pending: () => pendingDeliveries(storage.db) } });
  const delivery = await startDelivery(config, storage, logger, metrics);
  const app = createApp({
    storage,
    options: {
      bodyLimitBytes: config.bodyLimitBytes,
      sessionTtlMs: config.sessionTtlMs,
      publicUrl: config.publicUrl,
      secureCookies: config.publicUrl.startsWith('https:'),
      dataDir: config.dataDir,
      serveApi: config.role !== 'worker',
    },
    clock: Date.now,
    ids: newId,
    onEvents: createTriggerHook({ clock: Date.now, ids: newId, metrics }),
    logger,
    integrations: delivery.integrations,
    afterCommit: delivery.afterCommit,
    metrics,
  });
  const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => {
    logger.info(
      { url: `http://${config.host}:${info.port}`, database: storage.dialect },
      'Bellwether is listening',
    );
    if (first) {
      // Printed once, on the first start only: the password and key are not stored in clear.
      process.stdout.write(
        [
          '',
          'Bellwether is ready. Sign in:',
          `  URL:      ${config.publicUrl}`,
          `  Username: ${first.username}`,
          first.passwordGenerated
            ? `  Password: ${first.password}`
            : '  Password: (from BELLWETHER_ADMIN_PASSWORD)',
          `  API key:  ${first.apiKey}`,
          `  Team:     ${first.team}`,
          '',
        ].join('\n'),
      );
    } else if (config.role !== 'worker') {
      // Later starts: one plain line saying where, beside the JSON log.
      process.stdout.write(`\nBellwether is up: open ${config.publicUrl} and sign in.\n`);
    }
  });
  // Retention runs in worker processes, hourly; several workers pruning at once is harmless.
  const prune = async () => {
    const now = Date.now();
    const pruned = await pruneHistory(storage.db, {
      bodiesBefore: now - config.retention.bodiesMs,
      historyBefore: now - config.retention.historyMs,
    });
    if (pruned.attemptBodiesCleared + pruned.executionsDeleted > 0)
      logger.info(pruned, 'retention pruned history');
  };
  const retention =
    config.role === 'api'
      ? undefined
      : setInterval(
          () => prune().catch((err: unknown) => logger.error({ err }, 'retention failed')),
          3_600_000,
        );
  retention?.unref();
  const stop = () => {
    if (retention) clearInterval(retention);
    logger.info('shutting down');
    // Stop taking requests; idle keep-alive connections would otherwise hold close() open.
    // Deliveries still unanswered after 8 s are released to other workers; the process is gone by 10 s.
    server.close(() => {
      void delivery
        .stop(8_000)
        .then(() => storage.close())
        .then(() => process.exit(0));
    });
    if ('closeIdleConnections' in server) server.closeIdleConnections();
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

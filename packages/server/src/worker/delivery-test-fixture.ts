import { newId } from '@bellwether/core';
import {
  createGuardedClient,
  createRetrySchedule,
  createSlackChannel,
  createSsrfGuard,
  type GuardedClient,
  type SlackChannel,
} from '@bellwether/delivery';
import {
  type DialectName,
  insertDeliveries,
  insertExecutions,
  insertWebhook,
  openTestStorage,
  putSecret,
  type TestStorage,
  type Webhook,
} from '@bellwether/storage';
import pino from 'pino';
import { createSecretBox, type SecretBox, secretKeyFromText } from '../secrets/secret-box.js';
import { createDeliveryWorker, type DeliveryWorker } from './delivery-worker.js';

/** Options of {@link startDeliveryFixture}. */
export interface DeliveryFixtureOptions {
  delaysMs?: number[];
  timeoutMs?: number;
  leaseMs?: number;
  allow?: string;
  slackApiUrl?: string;
  disableAfterMs?: number;
  /** The worker's fallback poll; default 25 ms. */
  pollIntervalMs?: number;
  /** Deliveries per round; the worker's default when absent. */
  batchSize?: number;
  /** Shared with an app started on the same database. */
  storage?: TestStorage;
  secretBox?: SecretBox;
}

/** A database with a team, workers to run on it, and helpers to queue deliveries. */
export interface DeliveryFixture {
  storage: TestStorage;
  box: SecretBox;
  teamId: string;
  automationId: string;
  automationName: string;
  logs: string[];
  client: GuardedClient;
  worker(id?: string): DeliveryWorker;
  setSecret(name: string, value: string): Promise<void>;
  addWebhook(fields: Partial<Webhook> & { url: string }): Promise<Webhook>;
  /** Queues one delivery of a new execution; returns both ids. */
  queue(
    action: Record<string, unknown>,
    event?: Record<string, unknown>,
  ): Promise<{ executionId: string; deliveryId: string }>;
  close(): Promise<void>;
}

/** The event snapshot deliveries render against in tests. */
export const TEST_EVENT = {
  event_type: 'RUN_METRIC_THRESHOLD',
  event_author: 'alice',
  entity_name: 'ml',
  project_name: 'cifar',
  run_id: 'r1',
  run_name: 'resnet-1',
  metric_name: 'loss',
  metric_value: 2.5,
};

/** Waits until `check` returns true, polling every 20 ms; fails after `timeoutMs`. */
export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Starts a fixture on a fresh database (or the given one) with a team and an automation. */
export async function startDeliveryFixture(
  dialect: DialectName,
  options: DeliveryFixtureOptions = {},
): Promise<DeliveryFixture> {
  const storage = options.storage ?? (await openTestStorage(dialect));
  const db = storage.db;
  const box = options.secretBox ?? createSecretBox(secretKeyFromText('bellwether test secret key'));
  const guard = createSsrfGuard({ allow: options.allow ?? '127.0.0.1/32,::1/128' });
  const timeoutMs = options.timeoutMs ?? 1000;
  const client = createGuardedClient({ guard, timeoutMs });
  const slackApiUrl = options.slackApiUrl ?? 'https://slack.com/api/';
  const slack: SlackChannel = createSlackChannel({ guard, client, slackApiUrl, timeoutMs });
  const logs: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logs.push(line) });
  const now = Date.now();
  const existingTeam = await db.selectFrom('teams').select('id').executeTakeFirst();
  const teamId = existingTeam?.id ?? newId('team');
  if (!existingTeam) {
    await db.insertInto('organizations').values({ id: 'org_test', name: 'test', created_at: now }).execute();
    await db
      .insertInto('teams')
      .values({ id: teamId, org_id: 'org_test', name: 'ml', created_at: now })
      .execute();
  }
  const automationId = newId('aut');
  const automationName = `fixture ${automationId.slice(-6)}`;
  await db
    .insertInto('automations')
    .values({
      id: automationId,
      team_id: teamId,
      name: automationName,
      description: '',
      enabled: 1,
      scope_type: 'project',
      scope_key: 'project:prj_x',
      event_type: 'RUN_METRIC_THRESHOLD',
      definition: '{}',
      created_by: null,
      created_at: now,
      updated_at: now,
      last_execution_at: null,
    })
    .execute();
  const workers: DeliveryWorker[] = [];
  return {
    storage,
    box,
    teamId,
    automationId,
    automationName,
    logs,
    client,
    worker(id = `wrk_${workers.length + 1}`) {
      const worker = createDeliveryWorker(
        { db, dialect, secretBox: box, client, slack, clock: Date.now, ids: newId, logger },
        {
          workerId: id,
          publicUrl: 'http://bellwether.test',
          retry: createRetrySchedule({ delaysMs: options.delaysMs ?? [0, 50, 50], jitter: 0 }),
          disableAfterMs: options.disableAfterMs ?? 5 * 86_400_000,
          slackApiUrl,
          leaseMs: options.leaseMs ?? 10_000,
          pollIntervalMs: options.pollIntervalMs ?? 25,
          ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
        },
      );
      workers.push(worker);
      return worker;
    },
    async setSecret(name, value) {
      await putSecret(db, {
        id: newId('sec'),
        teamId,
        name,
        ciphertext: box.encrypt(value),
        createdBy: null,
        now: Date.now(),
      });
    },
    async addWebhook(fields) {
      const at = Date.now();
      return insertWebhook(db, {
        id: newId('whk'),
        teamId,
        name: `hook ${Math.random().toString(36).slice(2, 8)}`,
        accessTokenSecret: null,
        secret: null,
        failingSince: null,
        disabledAt: null,
        disabledReason: null,
        createdAt: at,
        updatedAt: at,
        ...fields,
      });
    },
    async queue(action, event = TEST_EVENT) {
      const executionId = newId('exe');
      const deliveryId = newId('dlv');
      const at = Date.now();
      await insertExecutions(db, [
        {
          id: executionId,
          teamId,
          automationId,
          status: 'pending',
          eventType: String(event.event_type ?? 'RUN_METRIC_THRESHOLD'),
          event,
          reason: 'test',
          runPk: null,
          artifactVersionId: null,
          registryLinkId: null,
          projectId: null,
          registryId: null,
          createdAt: at,
          finishedAt: null,
        },
      ]);
      await insertDeliveries(db, [
        {
          id: deliveryId,
          teamId,
          executionId,
          automationId,
          actionType: String(action.type),
          action,
          createdAt: at,
        },
      ]);
      return { executionId, deliveryId };
    },
    async close() {
      await Promise.all(workers.map((w) => w.stop()));
      await slack.close();
      await client.close();
      if (!options.storage) await storage.dispose();
    },
  };
}

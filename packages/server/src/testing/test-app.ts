import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DomainEvent } from '@bellwether/core';
import { newId } from '@bellwether/core';
import { type DialectName, openTestStorage, type TestStorage } from '@bellwether/storage';
import type { EventHook } from '@bellwether/tracking';
import pino, { type Logger } from 'pino';
import { createApp } from '../app.js';
import type { AppDeps } from '../app-deps.js';
import { createTriggerHook } from '../automations/trigger-hook.js';
import { bootstrap } from '../bootstrap.js';
import type { IntegrationDeps } from '../secrets/integration-deps.js';
import { createTestIntegrations } from './test-integrations.js';

/** The admin API key every test app starts with. */
export const ADMIN_KEY = 'bw_test_admin_key_0123456789';

/** A response read for assertions. */
export interface TestResponse {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: test responses are arbitrary JSON that assertions read
  body: any;
  headers: Headers;
}

/** An in-process Bellwether on a fresh database, with the events its writes emitted. */
export interface TestApp {
  storage: TestStorage;
  deps: AppDeps;
  app: ReturnType<typeof createApp>;
  /** Every batch of domain events handed to the hook, in commit order (failed writes included). */
  events: DomainEvent[];
  request(
    method: string,
    path: string,
    options?: { key?: string | null; body?: unknown; raw?: string; headers?: Record<string, string> },
  ): Promise<TestResponse>;
  /** Creates a user with an API key and optional team role; returns the key. */
  userWithKey(username: string, teams?: Record<string, 'admin' | 'member' | 'viewer'>): Promise<string>;
  close(): Promise<void>;
}

async function openStorageFor(dialect: DialectName, restartOf: TestApp | undefined): Promise<TestStorage> {
  if (!restartOf) return openTestStorage(dialect);
  const reopened = await restartOf.storage.reopen();
  // The first app's close() deletes the database; a restarted app only closes its connection.
  return { ...reopened, reopen: restartOf.storage.reopen, dispose: () => reopened.close() };
}

/** Starts an app in-process on a fresh database of the given dialect. */
export async function startTestApp(
  dialect: DialectName,
  options: {
    onEvents?: EventHook;
    bodyLimitBytes?: number;
    /** The app's clock (default Date.now); the trigger hook reads it too. */
    clock?: () => number;
    /** False to run without the trigger engine (only `onEvents`, if given). */
    trigger?: boolean;
    /** Reopen this app's database instead of a fresh one: a restart. Closing leaves it in place. */
    restartOf?: TestApp;
    /** The app's logger (default silent); tests that scan logs pass one writing to an array. */
    logger?: Logger;
    /** Secrets, webhooks and Slack (default: createTestIntegrations()). */
    integrations?: IntegrationDeps;
    /** Runs after a write that emitted events commits (tests wake a delivery worker with it). */
    afterCommit?: () => void;
  } = {},
): Promise<TestApp> {
  const storage = await openStorageFor(dialect, options.restartOf);
  const clock = options.clock ?? Date.now;
  const trigger = options.trigger === false ? null : createTriggerHook({ clock, ids: newId });
  await bootstrap(
    storage.db,
    { ids: newId, now: Date.now() },
    { username: 'admin', password: 'admin-password', apiKey: ADMIN_KEY, team: 'ml' },
  );
  const events: DomainEvent[] = [];
  const dataDir = options.restartOf?.deps.options.dataDir ?? mkdtempSync(join(tmpdir(), 'bw-data-'));
  const deps: AppDeps = {
    storage,
    options: {
      bodyLimitBytes: options.bodyLimitBytes ?? 10 * 1024 * 1024,
      sessionTtlMs: 3_600_000,
      publicUrl: 'http://bellwether.test',
      secureCookies: false,
      dataDir,
    },
    clock,
    ids: newId,
    onEvents: async (trx, batch) => {
      events.push(...batch);
      const committed = trigger ? await trigger(trx, batch) : undefined;
      if (options.onEvents) await options.onEvents(trx, batch);
      return committed;
    },
    logger: options.logger ?? pino({ level: 'silent' }),
    integrations: options.integrations ?? createTestIntegrations(),
    ...(options.afterCommit ? { afterCommit: options.afterCommit } : {}),
  };
  const app = createApp(deps);
  const request: TestApp['request'] = async (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    const key = opts.key === undefined ? ADMIN_KEY : opts.key;
    if (key !== null) headers.authorization = `Bearer ${key}`;
    let body: string | undefined;
    if (opts.raw !== undefined) body = opts.raw;
    else if (opts.body !== undefined) body = JSON.stringify(opts.body);
    if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
    const res = await app.request(path, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {}
    return { status: res.status, body: parsed, headers: res.headers };
  };
  return {
    storage,
    deps,
    app,
    events,
    request,
    async userWithKey(username, teams = {}) {
      const created = await request('POST', '/api/v1/users', {
        body: { username, email: `${username}@example.com`, password: 'password-123' },
      });
      if (created.status !== 201) throw new Error(`creating ${username}: ${JSON.stringify(created.body)}`);
      for (const [team, role] of Object.entries(teams)) {
        const put = await request('PUT', `/api/v1/teams/${team}/members/${username}`, { body: { role } });
        if (put.status !== 200) throw new Error(`adding ${username} to ${team}: ${JSON.stringify(put.body)}`);
      }
      const login = await request('POST', '/api/v1/auth/login', {
        key: null,
        body: { username, password: 'password-123' },
      });
      const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
      const key = await request('POST', '/api/v1/viewer/api-keys', {
        key: null,
        headers: { cookie },
        body: { name: 'test' },
      });
      if (key.status !== 201) throw new Error(`api key for ${username}: ${JSON.stringify(key.body)}`);
      return key.body.key as string;
    },
    async close() {
      await storage.dispose();
      if (!options.restartOf) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

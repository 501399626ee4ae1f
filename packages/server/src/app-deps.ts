import type { DomainEvent, IdGenerator } from '@bellwether/core';
import type { Database, Storage, User } from '@bellwether/storage';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { ServerMetrics } from './observability/server-metrics.js';
import type { IntegrationDeps } from './secrets/integration-deps.js';

/**
 * Called inside a write's transaction with the domain events it produced: the engine's hook point.
 * It may return what to do once the transaction has committed (count what it recorded), which a
 * rolled-back write never runs.
 */
export type EventHook = (trx: Kysely<Database>, events: readonly DomainEvent[]) => Promise<AfterCommit>;

// biome-ignore lint/suspicious/noConfusingVoidType: hooks with nothing to do after commit are plain async functions.
type AfterCommit = void | (() => void);

/** The settings the HTTP app reads, sliced from the server configuration. */
export interface AppOptions {
  readonly bodyLimitBytes: number;
  readonly sessionTtlMs: number;
  readonly publicUrl: string;
  readonly secureCookies: boolean;
  /** False for `--role worker`: only /healthz, /readyz and /metrics are served. */
  readonly serveApi?: boolean;
}

/** What the HTTP app needs, injected so tests control time, ids and the event hook. */
export interface AppDeps {
  readonly storage: Storage;
  readonly options: AppOptions;
  readonly clock: () => number;
  readonly ids: IdGenerator;
  readonly onEvents: EventHook;
  /** Called after a write that emitted events has committed (wakes the delivery worker). */
  readonly afterCommit?: () => void;
  readonly logger: Logger;
  /** Secrets, webhooks and Slack: the secret box, the guarded outbound client, the Slack app. */
  readonly integrations?: IntegrationDeps;
  /** Prometheus metrics served at /metrics; absent in most tests. */
  readonly metrics?: ServerMetrics;
}

/** Hono context variables set by the middleware. */
export interface AppEnv {
  Variables: {
    user: User;
    requestId: string;
  };
}

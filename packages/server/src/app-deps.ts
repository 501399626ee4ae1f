import type { User } from '@bellwether/storage';
import type { TrackingDeps } from '@bellwether/tracking';
import type { Logger } from 'pino';
import type { ServerMetrics } from './observability/server-metrics.js';
import type { IntegrationDeps } from './secrets/integration-deps.js';

/** The settings the HTTP app reads, sliced from the server configuration. */
export interface AppOptions {
  readonly bodyLimitBytes: number;
  readonly sessionTtlMs: number;
  readonly publicUrl: string;
  readonly secureCookies: boolean;
  /** Where the server keeps files: artifacts uploaded through the client-compatible APIs. */
  readonly dataDir: string;
  /** False for `--role worker`: only /healthz, /readyz and /metrics are served. */
  readonly serveApi?: boolean;
}

/** What the HTTP app needs, injected so tests control time, ids and the event hook. */
export interface AppDeps extends TrackingDeps {
  readonly options: AppOptions;
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

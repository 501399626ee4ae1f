import { resolve } from 'node:path';
import { z } from 'zod';

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/**
 * Every setting, read once from the environment at start and frozen. Each key is documented with
 * its default in docs/configuration.md; only main.ts and the CLI call this.
 */
const ConfigSchema = z
  .object({
    BELLWETHER_HOST: z.string().default('127.0.0.1'),
    BELLWETHER_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
    BELLWETHER_DATA_DIR: z.string().default('./data'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .optional(),
    BELLWETHER_DATABASE_POOL_SIZE: positiveInt(10),
    BELLWETHER_PUBLIC_URL: z.url().optional(),
    BELLWETHER_BODY_LIMIT: positiveInt(10 * 1024 * 1024),
    BELLWETHER_SESSION_TTL_HOURS: positiveInt(24 * 14),
    BELLWETHER_ADMIN_USERNAME: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/)
      .max(64)
      .default('admin'),
    BELLWETHER_ADMIN_PASSWORD: z.string().min(8).optional(),
    BELLWETHER_ADMIN_API_KEY: z.string().min(16).optional(),
    BELLWETHER_FIRST_TEAM: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/)
      .max(64)
      .default('default'),
    BELLWETHER_LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    BELLWETHER_ROLE: z.enum(['api', 'worker', 'all']).default('all'),
    BELLWETHER_SECRET_KEY: z.string().min(1).optional(),
    BELLWETHER_OUTBOUND_ALLOW: z.string().default(''),
    BELLWETHER_DELIVERY_TIMEOUT_MS: positiveInt(15_000),
    BELLWETHER_DELIVERY_LEASE_MS: z.coerce.number().int().positive().optional(),
    BELLWETHER_RETRY_SCHEDULE: z
      .string()
      .default('0,5,300,1800,7200,18000,36000,36000')
      .transform((text, ctx) => {
        const seconds = text.split(',').map((part) => Number(part.trim()));
        if (seconds.length === 0 || seconds.some((s) => !Number.isFinite(s) || s < 0)) {
          ctx.addIssue({ code: 'custom', message: 'must be comma-separated non-negative seconds' });
          return z.NEVER;
        }
        return seconds;
      }),
    BELLWETHER_SLACK_CLIENT_ID: z.string().min(1).optional(),
    BELLWETHER_SLACK_CLIENT_SECRET: z.string().min(1).optional(),
    BELLWETHER_SLACK_API_URL: z.url().default('https://slack.com/api/'),
    BELLWETHER_SLACK_AUTHORIZE_URL: z.url().default('https://slack.com/oauth/v2/authorize'),
    BELLWETHER_WEBHOOK_DISABLE_AFTER_DAYS: z.coerce.number().positive().default(5),
    BELLWETHER_RETENTION_BODY_DAYS: z.coerce.number().positive().default(14),
    BELLWETHER_RETENTION_HISTORY_DAYS: z.coerce.number().positive().default(90),
  })
  .superRefine((e, ctx) => {
    // A lease that can run out while its attempt is still within the timeout would let another
    // worker send the delivery a second time while the first is still waiting for an answer.
    if (
      e.BELLWETHER_DELIVERY_LEASE_MS !== undefined &&
      e.BELLWETHER_DELIVERY_LEASE_MS <= e.BELLWETHER_DELIVERY_TIMEOUT_MS
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['BELLWETHER_DELIVERY_LEASE_MS'],
        message: `must be longer than BELLWETHER_DELIVERY_TIMEOUT_MS (${e.BELLWETHER_DELIVERY_TIMEOUT_MS})`,
      });
    }
  });

/** The parsed, frozen configuration. */
export interface Config {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  readonly databasePoolSize: number;
  readonly publicUrl: string;
  readonly bodyLimitBytes: number;
  readonly sessionTtlMs: number;
  readonly admin: {
    readonly username: string;
    readonly password: string | undefined;
    readonly apiKey: string | undefined;
  };
  readonly firstTeam: string;
  readonly logLevel: string;
  /** Which parts this process runs: the HTTP API, the delivery worker, or both. */
  readonly role: 'api' | 'worker' | 'all';
  /** `BELLWETHER_SECRET_KEY`; unset means the key file of the embedded deployment. */
  readonly secretKey: string | undefined;
  readonly delivery: {
    /** `BELLWETHER_OUTBOUND_ALLOW`, parsed by the SSRF guard. */
    readonly outboundAllow: string;
    readonly timeoutMs: number;
    /**
     * How long a worker's claim on a delivery holds: after a crash, its deliveries are sent again
     * once this has passed. Longer than `timeoutMs`.
     */
    readonly leaseMs: number;
    /** Delay before each attempt, in milliseconds; its length is the number of attempts. */
    readonly retryDelaysMs: readonly number[];
    readonly webhookDisableAfterMs: number;
  };
  readonly retention: {
    /** Attempt request/response bodies older than this are cleared. */
    readonly bodiesMs: number;
    /** Executions older than this are deleted, unless a delivery of theirs is still pending. */
    readonly historyMs: number;
  };
  readonly slack: {
    readonly clientId: string | undefined;
    readonly clientSecret: string | undefined;
    readonly apiUrl: string;
    readonly authorizeUrl: string;
  };
}

/** Parses the environment into a Config; throws one message listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${String(i.path[0])}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return Object.freeze({
    host: e.BELLWETHER_HOST,
    port: e.BELLWETHER_PORT,
    dataDir: resolve(e.BELLWETHER_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.BELLWETHER_DATABASE_POOL_SIZE,
    publicUrl: (e.BELLWETHER_PUBLIC_URL ?? `http://${e.BELLWETHER_HOST}:${e.BELLWETHER_PORT}`).replace(
      /\/$/,
      '',
    ),
    bodyLimitBytes: e.BELLWETHER_BODY_LIMIT,
    sessionTtlMs: e.BELLWETHER_SESSION_TTL_HOURS * 3_600_000,
    admin: Object.freeze({
      username: e.BELLWETHER_ADMIN_USERNAME,
      password: e.BELLWETHER_ADMIN_PASSWORD,
      apiKey: e.BELLWETHER_ADMIN_API_KEY,
    }),
    firstTeam: e.BELLWETHER_FIRST_TEAM,
    logLevel: e.BELLWETHER_LOG_LEVEL,
    role: e.BELLWETHER_ROLE,
    secretKey: e.BELLWETHER_SECRET_KEY,
    delivery: Object.freeze({
      outboundAllow: e.BELLWETHER_OUTBOUND_ALLOW,
      timeoutMs: e.BELLWETHER_DELIVERY_TIMEOUT_MS,
      leaseMs: e.BELLWETHER_DELIVERY_LEASE_MS ?? 2 * e.BELLWETHER_DELIVERY_TIMEOUT_MS + 30_000,
      retryDelaysMs: Object.freeze(e.BELLWETHER_RETRY_SCHEDULE.map((s) => Math.round(s * 1000))),
      webhookDisableAfterMs: e.BELLWETHER_WEBHOOK_DISABLE_AFTER_DAYS * 86_400_000,
    }),
    retention: Object.freeze({
      bodiesMs: e.BELLWETHER_RETENTION_BODY_DAYS * 86_400_000,
      historyMs: e.BELLWETHER_RETENTION_HISTORY_DAYS * 86_400_000,
    }),
    slack: Object.freeze({
      clientId: e.BELLWETHER_SLACK_CLIENT_ID,
      clientSecret: e.BELLWETHER_SLACK_CLIENT_SECRET,
      apiUrl: e.BELLWETHER_SLACK_API_URL.replace(/\/?$/, '/'),
      authorizeUrl: e.BELLWETHER_SLACK_AUTHORIZE_URL,
    }),
  });
}

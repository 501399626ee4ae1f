import { resolve } from 'node:path';
import { z } from 'zod';

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/**
 * Every setting, read once from the environment at start and frozen. Each key is documented with
 * its default in docs/configuration.md; only main.ts and the CLI call this.
 */
const ConfigSchema = z.object({
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
  });
}

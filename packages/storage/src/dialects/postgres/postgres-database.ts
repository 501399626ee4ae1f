import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from '../../database-schema.js';

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/** Times and counters are bigint columns; they stay well inside 2^53, so read them as numbers. */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID || oid === NUMERIC_OID) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
};

/** Options for a Postgres connection pool. */
export interface PostgresOptions {
  url: string;
  /** Schema to use instead of `public` (tests isolate themselves this way). */
  schema?: string;
  maxConnections?: number;
}

/** Opens a pooled Postgres database. */
export function createPostgresDatabase(options: PostgresOptions): Kysely<Database> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.maxConnections ?? 10,
    types,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

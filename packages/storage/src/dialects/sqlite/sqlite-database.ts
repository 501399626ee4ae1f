import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from '../../database-schema.js';
import { withStatementCache } from './statement-cache.js';

/** Opens the embedded SQLite database in WAL mode, creating its folder when missing. */
export function createSqliteDatabase(filename: string): Kysely<Database> {
  if (filename !== ':memory:') mkdirSync(dirname(filename), { recursive: true });
  const sqlite = new SQLite(filename);
  sqlite.pragma('journal_mode = WAL');
  // WAL with synchronous=NORMAL is durable across process crashes (not power loss), the
  // trade-off every embedded server makes; FULL halves ingest throughput.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
}

import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from '../../database-schema.js';
import { startBackgroundCheckpoints } from './background-checkpoints.js';
import { withStatementCache } from './statement-cache.js';

/**
 * Pages of write-ahead log after which the application's own connection checkpoints: a fallback
 * only, ten times SQLite's default, since the background thread keeps the log far shorter.
 */
const FALLBACK_AUTOCHECKPOINT_PAGES = 10_000;

/**
 * Opens the embedded SQLite database in WAL mode, creating its folder when missing. Unless
 * `backgroundCheckpoints` is false, a file database is checkpointed by a background thread (see
 * background-checkpoints.ts), stopped when the database closes.
 */
export function createSqliteDatabase(filename: string, backgroundCheckpoints = true): Kysely<Database> {
  if (filename !== ':memory:') mkdirSync(dirname(filename), { recursive: true });
  const sqlite = new SQLite(filename);
  sqlite.pragma('journal_mode = WAL');
  // WAL with synchronous=NORMAL is durable across process crashes (not power loss), the
  // trade-off every embedded server makes; FULL halves ingest throughput.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  let database = sqlite;
  if (filename !== ':memory:' && backgroundCheckpoints) {
    sqlite.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
    const checkpoints = startBackgroundCheckpoints(filename);
    // Kysely closes the database it was given when destroyed; that also tells the checkpointer to
    // stop (its last checkpoint and close run on its own thread, whichever connection closes last).
    database = new Proxy(sqlite, {
      get(target, property, receiver) {
        if (property !== 'close') return Reflect.get(target, property, receiver);
        return () => {
          void checkpoints.stop();
          return target.close();
        };
      },
    });
  }
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) });
}

import type { Kysely } from 'kysely';
import type { Database } from './database-schema.js';
import { createPostgresDatabase } from './dialects/postgres/postgres-database.js';
import { createSqliteDatabase } from './dialects/sqlite/sqlite-database.js';
import { migrateToLatest } from './migrations/migrate-to-latest.js';
import type { DialectName } from './migrations/migration.js';

/** An open database with its dialect, migrated to the latest schema. */
export interface Storage {
  readonly db: Kysely<Database>;
  readonly dialect: DialectName;
  close(): Promise<void>;
}

/** Where to store: a Postgres URL, or a SQLite file. */
export type StorageOptions =
  | {
      readonly kind: 'postgres';
      readonly url: string;
      readonly schema?: string;
      readonly maxConnections?: number;
    }
  | {
      readonly kind: 'sqlite';
      readonly filename: string;
      /** Checkpoint the write-ahead log from a background thread. Default true. */
      readonly backgroundCheckpoints?: boolean;
    };

/** Opens the database and applies pending migrations. */
export async function openStorage(options: StorageOptions): Promise<Storage> {
  const db =
    options.kind === 'postgres'
      ? createPostgresDatabase(options)
      : createSqliteDatabase(options.filename, options.backgroundCheckpoints);
  const dialect: DialectName = options.kind;
  try {
    await migrateToLatest(db as unknown as Kysely<unknown>, dialect);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return Object.freeze({ db, dialect, close: () => db.destroy() });
}

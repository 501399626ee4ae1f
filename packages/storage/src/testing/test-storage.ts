import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { DialectName } from '../migrations/migration.js';
import { openStorage, type Storage } from '../open-storage.js';

/** The Postgres server tests use, from BELLWETHER_TEST_POSTGRES_URL; unset means SQLite only. */
export const TEST_POSTGRES_URL = process.env.BELLWETHER_TEST_POSTGRES_URL;

/** Why the Postgres half of a suite is skipped, or null when it runs. */
export const POSTGRES_SKIP_REASON = TEST_POSTGRES_URL
  ? null
  : 'Postgres tests skipped: set BELLWETHER_TEST_POSTGRES_URL (CI sets postgres://postgres@127.0.0.1:5432/test)';

/** The dialects every storage and API test runs against, each with whether it is available. */
export const TEST_DIALECTS: readonly { dialect: DialectName; available: boolean }[] = [
  { dialect: 'sqlite', available: true },
  { dialect: 'postgres', available: TEST_POSTGRES_URL !== undefined },
];

/** A fresh, migrated, empty database of one dialect, and how to throw it away. */
export interface TestStorage extends Storage {
  /** Closes the database and deletes its file or schema. */
  dispose(): Promise<void>;
  /** Where it lives, to open the same database again (a restart). */
  reopen(): Promise<Storage>;
}

/** Opens a fresh test database: a temporary SQLite file, or a new schema on the test Postgres. */
export async function openTestStorage(dialect: DialectName): Promise<TestStorage> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'bw-test-'));
    const filename = join(dir, 'bellwether.db');
    // No checkpoint thread for each of the hundreds of test databases: the server's own tests
    // and background-checkpoints.test.ts run with it.
    const options = { kind: 'sqlite', filename, backgroundCheckpoints: false } as const;
    const storage = await openStorage(options);
    return {
      ...storage,
      reopen: () => openStorage(options),
      async dispose() {
        await storage.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  if (!TEST_POSTGRES_URL) throw new Error(POSTGRES_SKIP_REASON ?? 'no Postgres');
  const url = TEST_POSTGRES_URL;
  const schema = `bw_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const storage = await openStorage({ kind: 'postgres', url, schema, maxConnections: 4 });
  return {
    ...storage,
    reopen: () => openStorage({ kind: 'postgres', url, schema, maxConnections: 4 }),
    async dispose() {
      await storage.close();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP SCHEMA ${schema} CASCADE`);
      await client.end();
    },
  };
}

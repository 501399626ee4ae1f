import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStorage, type Storage } from '@bellwether/storage';
import pg from 'pg';

/** A fresh database for server processes: their environment, a direct connection, and cleanup. */
export interface ScratchDatabase {
  /** DATA_DIR, and DATABASE_URL and the shared secret key on Postgres. */
  env: Record<string, string>;
  /** Opens it directly (for checks), beside the servers. */
  open(): Promise<Storage>;
  /** Drops the schema or deletes the folder. */
  dispose(): Promise<void>;
}

/** A temporary SQLite folder, or a new schema on `postgresUrl` when given. */
export async function createScratchDatabase(postgresUrl: string | undefined): Promise<ScratchDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'bw-chaos-'));
  if (!postgresUrl) {
    return {
      env: { BELLWETHER_DATA_DIR: dir },
      open: () => openStorage({ kind: 'sqlite', filename: join(dir, 'bellwether.db') }),
      dispose: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const schema = `bw_chaos_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const sep = postgresUrl.includes('?') ? '&' : '?';
  return {
    env: {
      BELLWETHER_DATA_DIR: dir,
      DATABASE_URL: `${postgresUrl}${sep}options=-c%20search_path%3D${schema}`,
      BELLWETHER_SECRET_KEY: 'chaos-test-secret-key-shared-by-every-process',
      BELLWETHER_DATABASE_POOL_SIZE: '4',
    },
    open: () => openStorage({ kind: 'postgres', url: postgresUrl, schema, maxConnections: 2 }),
    async dispose() {
      const client = new pg.Client({ connectionString: postgresUrl });
      await client.connect();
      await client.query(`DROP SCHEMA ${schema} CASCADE`);
      await client.end();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

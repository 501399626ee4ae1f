import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openStorage, type Storage } from '../../open-storage.js';

const ROWS = 2000;
const BYTES = ROWS * 3000;

async function waitFor(condition: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}

describe('SQLite background checkpoints', () => {
  let dir = '';
  let storage: Storage | null = null;
  afterEach(async () => {
    await storage?.close();
    storage = null;
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies committed pages into the database file from another thread', async () => {
    dir = mkdtempSync(join(tmpdir(), 'bw-ckpt-'));
    const filename = join(dir, 'bellwether.db');
    storage = await openStorage({ kind: 'sqlite', filename });
    const db = storage.db;
    // The application's connection would checkpoint only past 10,000 pages (40 MiB) of log.
    const { rows } = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(db);
    expect(rows[0]?.wal_autocheckpoint).toBe(10_000);
    await sql`create table scratch (b blob)`.execute(db);
    await sql`
      with recursive n(i) as (select 1 union all select i + 1 from n where i < ${ROWS})
      insert into scratch select randomblob(3000) from n`.execute(db);
    // 6 MB of pages, far under the fallback: only the background thread copies them back.
    expect(await waitFor(() => statSync(filename).size >= BYTES, 5000)).toBe(true);
    const { rows: count } = await sql<{ n: number }>`select count(*) as n from scratch`.execute(db);
    expect(count[0]?.n).toBe(ROWS);
  });

  it('leaves the log alone when turned off', async () => {
    dir = mkdtempSync(join(tmpdir(), 'bw-ckpt-'));
    const filename = join(dir, 'bellwether.db');
    storage = await openStorage({ kind: 'sqlite', filename, backgroundCheckpoints: false });
    await sql`create table scratch (b blob)`.execute(storage.db);
    await sql`
      with recursive n(i) as (select 1 union all select i + 1 from n where i < 200)
      insert into scratch select randomblob(3000) from n`.execute(storage.db);
    await new Promise((r) => setTimeout(r, 400));
    // 200 rows (~400 pages) stay in the log below SQLite's default limit of 1,000 pages.
    expect(statSync(filename).size).toBeLessThan(200 * 3000);
  });
});

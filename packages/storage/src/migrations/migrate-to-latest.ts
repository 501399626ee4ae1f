import { type Kysely, sql } from 'kysely';
import { migration0001 } from './0001-tracking.js';
import { migration0002 } from './0002-automations.js';
import { migration0003 } from './0003-partial-indexes.js';
import { migration0009 } from './0009-deleted-automations.js';
import { migration0009OutboundAllow } from './0009-outbound-allow.js';
import type { DialectName, Migration } from './migration.js';

/** Every migration in order. Forward-only: never edit one that has shipped, add the next. */
export const MIGRATIONS: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0009,
  migration0009OutboundAllow,
];

/** Any fixed number: the Postgres advisory lock that serialises migrations across processes. */
const MIGRATION_LOCK = 0x62_77_6d_67;

/**
 * Applies every pending migration in one transaction, recording each in `bellwether_migrations`.
 * On Postgres an advisory lock makes concurrent starts take turns. (Kysely's own migrator
 * introspects every schema of the database, which races with other schemas being dropped.)
 */
export async function migrateToLatest(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK})`.execute(trx);
    await sql`create table if not exists bellwether_migrations (name text primary key, applied_at bigint not null)`.execute(
      trx,
    );
    const done = await sql<{ name: string }>`select name from bellwether_migrations`.execute(trx);
    const applied = new Set(done.rows.map((r) => r.name));
    for (const migration of MIGRATIONS) {
      if (applied.has(migration.name)) continue;
      try {
        await migration.up(trx, dialect);
      } catch (error) {
        throw new Error(`migration ${migration.name} failed: ${String(error)}`, { cause: error });
      }
      await sql`insert into bellwether_migrations (name, applied_at) values (${migration.name}, ${Date.now()})`.execute(
        trx,
      );
    }
  });
}

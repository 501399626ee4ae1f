import { type Kysely, type MigrationProvider, Migrator } from 'kysely';
import { migration0001 } from './0001-tracking.js';
import { migration0002 } from './0002-automations.js';
import type { DialectName, Migration } from './migration.js';

/** Every migration in order. Forward-only: never edit one that has shipped, add the next. */
export const MIGRATIONS: readonly Migration[] = [migration0001, migration0002];

/** Applies every pending migration; safe to call from several processes at once on Postgres. */
export async function migrateToLatest(
  db: Kysely<unknown>,
  dialect: DialectName,
  schema?: string,
): Promise<void> {
  const provider: MigrationProvider = {
    async getMigrations() {
      return Object.fromEntries(
        MIGRATIONS.map((m) => [m.name, { up: (d: Kysely<unknown>) => m.up(d, dialect) }]),
      );
    },
  };
  const { error, results } = await new Migrator({
    db,
    provider,
    // Kysely looks its bookkeeping tables up by name; name the schema so other schemas' don't count.
    ...(schema ? { migrationTableSchema: schema } : {}),
  }).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${String(error)}`, { cause: error });
  }
}

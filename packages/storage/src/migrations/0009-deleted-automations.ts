import type { Kysely } from 'kysely';
import type { Migration } from './migration.js';

/**
 * Deleting an automation keeps its history (executions, deliveries, attempts): this table keeps
 * its name and team, so a run or version it fired on still names it, as deleted, rather than
 * showing a bare `aut_…` id.
 */
export const migration0009: Migration = {
  name: '0009-deleted-automations',
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('deleted_automations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('team_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('deleted_at', 'bigint', (c) => c.notNull())
      .execute();
  },
};

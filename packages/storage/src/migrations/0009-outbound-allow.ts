import type { Kysely } from 'kysely';
import type { Migration } from './migration.js';

/**
 * The outbound allow-list organization admins keep in the UI (added to `BELLWETHER_OUTBOUND_ALLOW`),
 * with an audit trail of every change.
 */
export const migration0009OutboundAllow: Migration = {
  name: '0009-outbound-allow',
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('outbound_allow')
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('entry', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('outbound_allow_pk', ['org_id', 'entry'])
      .execute();
    await db.schema
      .createTable('outbound_allow_audit')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('entry', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('username', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('outbound_allow_audit_org')
      .on('outbound_allow_audit')
      .columns(['org_id', 'at'])
      .execute();
  },
};

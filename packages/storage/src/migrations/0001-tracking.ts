import type { Kysely } from 'kysely';
import { columnTypes, type DialectName, type Migration } from './migration.js';

/** Accounts, teams, projects, runs, metric history, artifacts and registries. */
export const migration0001: Migration = {
  name: '0001-tracking',
  async up(db: Kysely<unknown>, dialect: DialectName) {
    const t = columnTypes(dialect);
    await db.schema
      .createTable('meta')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('organizations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('created_at', t.int8, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('users')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('username', 'text', (c) => c.notNull().unique())
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('password_hash', 'text')
      .addColumn('is_admin', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', t.int8, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('api_keys')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('key_hash', 'text', (c) => c.notNull().unique())
      .addColumn('prefix', 'text', (c) => c.notNull())
      .addColumn('created_at', t.int8, (c) => c.notNull())
      .addColumn('last_used_at', t.int8)
      .execute();
    await db.schema
      .createTable('sessions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('created_at', t.int8, (c) => c.notNull())
      .addColumn('expires_at', t.int8, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('teams')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', t.int8, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('team_members')
      .addColumn('team_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('created_at', t.int8, (c) => c.notNull())
      .addPrimaryKeyConstraint('team_members_pk', ['team_id', 'user_id'])
      .execute();
    await db.schema.createIndex('team_members_user').on('team_members').column('user_id').execute();
    await db.schema
      .createTable('projects')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('team_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('created_at', t.int8, (c) => c.notNull())
      .addColumn('updated_at', t.int8, (c) => c.notNull())
      .addUniqueConstraint('projects_team_name', ['team_id', 'name'])
      .execute();
    await db.schema
      .createTable('runs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('team_id', 'text', (c) => c.notNull())
      .addColumn('project_id', 'text', (c) => c.notNull())
      .addColumn('run_id', 'text', (c) => c.notNull())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text')
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('config', 'text', (c) => c.notNull())
      .addColumn('tags', 'text', (c) => c.notNull())
      .addColumn('summary', 'text', (c) => c.notNull())
      .addColumn('last_step', t.int8, (c) => c.notNull())
      .addColumn('history_seq', t.int8, (c) => c.notNull())
      .addColumn('heartbeat_at', t.int8)
      .addColumn('created_at', t.int8, (c) => c.notNull())
      .addColumn('updated_at', t.int8, (c) => c.notNull())
      .addUniqueConstraint('runs_project_run_id', ['project_id', 'run_id'])
      .execute();
    // One row per (run, key, batch): a chunk of points packed as float64 triples. Ingest writes
    // one row per key per batch instead of one indexed row per point.
    await db.schema
      .createTable('metric_chunks')
      .addColumn('team_id', 'text', (c) => c.notNull())
      .addColumn('run_pk', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('seq', t.int8, (c) => c.notNull())
      .addColumn('min_step', t.int8, (c) => c.notNull())
      .addColumn('max_step', t.int8, (c) => c.notNull())
      .addColumn('count', 'integer', (c) => c.notNull())
      .addColumn('data', t.blob, (c) => c.notNull())
      .addPrimaryKeyConstraint('metric_chunks_pk', ['run_pk', 'key', 'seq'])
      .execute();
    await db.schema
      .createTable('artifact_collections')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('team_id', 'text', (c) => c.notNull())
      .addColumn('project_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('tags', 'text', (c) => c.notNull())
      .addColumn('next_index', 'integer', (c) => c.notNull())
      .addColumn('created_at', t.int8, (c) => c.notNull())
      .addUniqueConstraint('artifact_collections_project_name', ['project_id', 'name'])
      .execute();
    await db.schema
      .createTable('artifact_versions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('team_id', 'text', (c) => c.notNull())
      .addColumn('collection_id', 'text', (c) => c.notNull())
      .addColumn('idx', 'integer', (c) => c.notNull())
      .addColumn('digest', 'text', (c) => c.notNull())
      .addColumn('metadata', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('run_pk', 'text')
      .addColumn('created_by', 'text')
      .addColumn('manifest', 'text', (c) => c.notNull())
      .addColumn('tags', 'text', (c) => c.notNull())
      .addColumn('created_at', t.int8, (c) => c.notNull())
      .addUniqueConstraint('artifact_versions_collection_idx', ['collection_id', 'idx'])
      .execute();
    await db.schema
      .createTable('artifact_aliases')
      .addColumn('team_id', 'text', (c) => c.notNull())
      .addColumn('collection_id', 'text', (c) => c.notNull())
      .addColumn('alias', 'text', (c) => c.notNull())
      .addColumn('version_id', 'text', (c) => c.notNull())
      .addColumn('created_at', t.int8, (c) => c.notNull())
      .addPrimaryKeyConstraint('artifact_aliases_pk', ['collection_id', 'alias'])
      .execute();
    await db.schema
      .createIndex('artifact_aliases_version')
      .on('artifact_aliases')
      .column('version_id')
      .execute();
    await db.schema
      .createTable('registries')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('created_at', t.int8, (c) => c.notNull())
      .addUniqueConstraint('registries_org_name', ['org_id', 'name'])
      .execute();
    await db.schema
      .createTable('registry_members')
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('registry_id', 'text', (c) => c.notNull())
      .addColumn('member_kind', 'text', (c) => c.notNull())
      .addColumn('member_id', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('created_at', t.int8, (c) => c.notNull())
      .addPrimaryKeyConstraint('registry_members_pk', ['registry_id', 'member_kind', 'member_id'])
      .execute();
    await db.schema
      .createIndex('registry_members_member')
      .on('registry_members')
      .column('member_id')
      .execute();
    await db.schema
      .createTable('registry_collections')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('registry_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('tags', 'text', (c) => c.notNull())
      .addColumn('next_index', 'integer', (c) => c.notNull())
      .addColumn('created_at', t.int8, (c) => c.notNull())
      .addUniqueConstraint('registry_collections_registry_name', ['registry_id', 'name'])
      .execute();
    await db.schema
      .createTable('registry_links')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('collection_id', 'text', (c) => c.notNull())
      .addColumn('idx', 'integer', (c) => c.notNull())
      .addColumn('artifact_version_id', 'text', (c) => c.notNull())
      .addColumn('tags', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('created_at', t.int8, (c) => c.notNull())
      .addUniqueConstraint('registry_links_collection_idx', ['collection_id', 'idx'])
      .execute();
    await db.schema
      .createTable('registry_aliases')
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('collection_id', 'text', (c) => c.notNull())
      .addColumn('alias', 'text', (c) => c.notNull())
      .addColumn('link_id', 'text', (c) => c.notNull())
      .addColumn('created_at', t.int8, (c) => c.notNull())
      .addPrimaryKeyConstraint('registry_aliases_pk', ['collection_id', 'alias'])
      .execute();
    await db.schema.createIndex('registry_aliases_link').on('registry_aliases').column('link_id').execute();
  },
};

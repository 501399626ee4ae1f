import type { Kysely } from 'kysely';
import { columnTypes, type DialectName, type Migration } from './migration.js';

/** Automations, their condition state, executions, the delivery outbox, secrets and integrations. */
export const migration0002: Migration = {
  name: '0002-automations',
  async up(db: Kysely<unknown>, dialect: DialectName) {
    const t = columnTypes(dialect);
    await db.schema
      .createTable('automations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('team_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('enabled', 'integer', (c) => c.notNull())
      .addColumn('scope_type', 'text', (c) => c.notNull())
      // `project:prj_…`, `team:team_…`, `artifact_collection:col_…`, `registry:reg_…`,
      // `registry_collection:rcol_…`: what a write looks automations up by.
      .addColumn('scope_key', 'text', (c) => c.notNull())
      .addColumn('event_type', 'text', (c) => c.notNull())
      .addColumn('definition', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('created_at', t.int8, (c) => c.notNull())
      .addColumn('updated_at', t.int8, (c) => c.notNull())
      .addColumn('last_execution_at', t.int8)
      .addUniqueConstraint('automations_team_name', ['team_id', 'name'])
      .execute();
    await db.schema
      .createIndex('automations_scope')
      .on('automations')
      .columns(['scope_key', 'event_type'])
      .execute();
    await db.schema
      .createTable('automation_run_states')
      .addColumn('team_id', 'text', (c) => c.notNull())
      .addColumn('automation_id', 'text', (c) => c.notNull())
      .addColumn('run_pk', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('updated_at', t.int8, (c) => c.notNull())
      .addPrimaryKeyConstraint('automation_run_states_pk', ['automation_id', 'run_pk'])
      .execute();
    await db.schema
      .createTable('automation_rate_states')
      .addColumn('team_id', 'text', (c) => c.notNull())
      .addColumn('automation_id', 'text', (c) => c.primaryKey())
      .addColumn('minute', t.int8, (c) => c.notNull())
      .addColumn('count', 'integer', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('executions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('team_id', 'text', (c) => c.notNull())
      .addColumn('automation_id', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('event_type', 'text', (c) => c.notNull())
      .addColumn('event', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('run_pk', 'text')
      .addColumn('artifact_version_id', 'text')
      .addColumn('registry_link_id', 'text')
      .addColumn('project_id', 'text')
      .addColumn('registry_id', 'text')
      .addColumn('created_at', t.int8, (c) => c.notNull())
      .addColumn('finished_at', t.int8)
      .execute();
    await db.schema
      .createIndex('executions_automation')
      .on('executions')
      .columns(['automation_id', 'id'])
      .execute();
    await db.schema
      .createIndex('executions_project')
      .on('executions')
      .columns(['project_id', 'id'])
      .execute();
    await db.schema
      .createIndex('executions_registry')
      .on('executions')
      .columns(['registry_id', 'id'])
      .execute();
    await db.schema.createIndex('executions_run').on('executions').column('run_pk').execute();
    await db.schema
      .createIndex('executions_version')
      .on('executions')
      .column('artifact_version_id')
      .execute();
    await db.schema
      .createTable('deliveries')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('team_id', 'text', (c) => c.notNull())
      .addColumn('execution_id', 'text', (c) => c.notNull())
      .addColumn('automation_id', 'text', (c) => c.notNull())
      .addColumn('action_type', 'text', (c) => c.notNull())
      // The action as saved (webhook id or Slack integration id, payload template or message):
      // rendered at send time, so rotated secrets apply to the next attempt.
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('next_attempt_at', t.int8, (c) => c.notNull())
      .addColumn('locked_by', 'text')
      .addColumn('locked_until', t.int8)
      .addColumn('last_error', 'text')
      .addColumn('created_at', t.int8, (c) => c.notNull())
      .addColumn('updated_at', t.int8, (c) => c.notNull())
      .addColumn('finished_at', t.int8)
      .execute();
    await db.schema
      .createIndex('deliveries_due')
      .on('deliveries')
      .columns(['status', 'next_attempt_at'])
      .execute();
    await db.schema.createIndex('deliveries_execution').on('deliveries').column('execution_id').execute();
    await db.schema
      .createTable('delivery_attempts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('team_id', 'text', (c) => c.notNull())
      .addColumn('delivery_id', 'text', (c) => c.notNull())
      .addColumn('attempt_no', 'integer', (c) => c.notNull())
      .addColumn('started_at', t.int8, (c) => c.notNull())
      .addColumn('duration_ms', t.float, (c) => c.notNull())
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('status_code', 'integer')
      .addColumn('request_url', 'text', (c) => c.notNull())
      .addColumn('request_headers', 'text', (c) => c.notNull())
      .addColumn('request_body', 'text', (c) => c.notNull())
      .addColumn('response_headers', 'text')
      .addColumn('response_body', 'text')
      .addColumn('error', 'text')
      .execute();
    await db.schema
      .createIndex('delivery_attempts_delivery')
      .on('delivery_attempts')
      .columns(['delivery_id', 'attempt_no'])
      .execute();
    await db.schema
      .createTable('secrets')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('team_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      // AES-256-GCM: base64 of iv ‖ tag ‖ ciphertext; the key never touches the database.
      .addColumn('ciphertext', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('created_at', t.int8, (c) => c.notNull())
      .addColumn('updated_at', t.int8, (c) => c.notNull())
      .addUniqueConstraint('secrets_team_name', ['team_id', 'name'])
      .execute();
    await db.schema
      .createTable('webhooks')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('team_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('access_token_secret', 'text')
      .addColumn('secret', 'text')
      .addColumn('failing_since', t.int8)
      .addColumn('disabled_at', t.int8)
      .addColumn('disabled_reason', 'text')
      .addColumn('created_at', t.int8, (c) => c.notNull())
      .addColumn('updated_at', t.int8, (c) => c.notNull())
      .addUniqueConstraint('webhooks_team_name', ['team_id', 'name'])
      .execute();
    await db.schema
      .createTable('slack_integrations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('team_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('channel', 'text')
      .addColumn('workspace', 'text')
      // Bot token or incoming-webhook URL, encrypted like secrets.
      .addColumn('credential_ciphertext', 'text', (c) => c.notNull())
      .addColumn('created_at', t.int8, (c) => c.notNull())
      .execute();
  },
};

import { type Kysely, sql } from 'kysely';
import type { Migration } from './migration.js';

/**
 * Indexes that hold only the rows their queries can ask for, so that writing the others costs
 * nothing. The due index keeps only pending deliveries: the claim walks nothing else, and a
 * delivery leaving pending (each one does, once) no longer adds an entry there. The execution
 * indexes on a nullable column skip executions that leave it null (a run's execution has no
 * artifact version or registry, an artifact's no run): every lookup by one of them is an
 * equality, which implies not null, so both dialects still use them. Fewer index entries per
 * execution is less work each time its row changes (pending to finished is not a HOT update).
 */
export const migration0003: Migration = {
  name: '0003-partial-indexes',
  async up(db: Kysely<unknown>) {
    const statements = [
      'drop index deliveries_due',
      `create index deliveries_due on deliveries (next_attempt_at) where status = 'pending'`,
      'drop index executions_project',
      'create index executions_project on executions (project_id, id) where project_id is not null',
      'drop index executions_registry',
      'create index executions_registry on executions (registry_id, id) where registry_id is not null',
      'drop index executions_run',
      'create index executions_run on executions (run_pk) where run_pk is not null',
      'drop index executions_version',
      'create index executions_version on executions (artifact_version_id) where artifact_version_id is not null',
    ];
    for (const statement of statements) await sql.raw(statement).execute(db);
  },
};

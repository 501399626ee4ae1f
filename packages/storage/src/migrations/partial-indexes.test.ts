import { CompiledQuery, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertExecutions, type NewExecution } from '../repositories/execution-repository.js';
import { openTestStorage, TEST_DIALECTS, type TestStorage } from '../testing/test-storage.js';

const run = (i: number): NewExecution => ({
  id: `exe_${String(i).padStart(5, '0')}`,
  teamId: 'team_1',
  automationId: 'aut_1',
  status: 'finished',
  eventType: 'RUN_STATE',
  event: {},
  reason: 'test',
  runPk: `run_${i % 7}`,
  artifactVersionId: null,
  registryLinkId: null,
  projectId: `prj_${i % 3}`,
  registryId: null,
  createdAt: i,
  finishedAt: i,
});

// Each history filter (SPEC §8 lists executions by project, run, registry and version) and the
// partial index that must serve it: an equality on the column implies it is not null.
const LOOKUPS = [
  ['project_id', 'prj_1', 'executions_project'],
  ['run_pk', 'run_1', 'executions_run'],
  ['registry_id', 'reg_1', 'executions_registry'],
  ['artifact_version_id', 'ver_1', 'executions_version'],
] as const;

for (const { dialect, available } of TEST_DIALECTS) {
  describe.skipIf(!available)(`partial indexes on ${dialect}`, () => {
    let s: TestStorage;
    beforeEach(async () => {
      s = await openTestStorage(dialect);
    });
    afterEach(async () => s.dispose());

    it.each(LOOKUPS)('finds executions by %s through its partial index', async (column, value, index) => {
      await insertExecutions(
        s.db,
        Array.from({ length: 500 }, (_, i) => run(i)),
      );
      const query = s.db
        .selectFrom('executions')
        .select('id')
        .where(column, '=', value)
        .orderBy('id', 'desc')
        .limit(20)
        .compile();
      if (dialect === 'postgres') {
        // Sequential scans priced out: the plan names the index only if the index can answer.
        const plan = await s.db.transaction().execute(async (trx) => {
          await sql`set local enable_seqscan = off`.execute(trx);
          const { rows } = await trx.executeQuery<{ 'QUERY PLAN': unknown }>(
            CompiledQuery.raw(`explain (format json) ${query.sql}`, [...query.parameters]),
          );
          return JSON.stringify(rows[0]?.['QUERY PLAN']);
        });
        expect(plan).toContain(`"Index Name":"${index}"`);
      } else {
        const { rows } = await s.db.executeQuery<{ detail: string }>(
          CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]),
        );
        expect(rows.map((r) => r.detail).join('\n')).toMatch(
          new RegExp(`USING (COVERING )?INDEX ${index}\\b`),
        );
      }
    });

    const definition = async (index: string): Promise<string> => {
      const { rows } = await s.db.executeQuery<{ def: string }>(
        dialect === 'postgres'
          ? CompiledQuery.raw(
              'select indexdef as def from pg_indexes where schemaname = current_schema() and indexname = $1',
              [index],
            )
          : CompiledQuery.raw('select sql as def from sqlite_master where name = ?', [index]),
      );
      return rows[0]?.def ?? '';
    };

    it('keeps only pending deliveries in the due index', async () => {
      expect(await definition('deliveries_due')).toMatch(/where \(?status = 'pending'(::text)?\)?$/i);
    });

    it.each(LOOKUPS)('leaves executions with no %s out of its index', async (column, _value, index) => {
      expect(await definition(index)).toMatch(new RegExp(`where \\(?${column} is not null\\)?$`, 'i'));
    });
  });
}

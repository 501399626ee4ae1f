import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestStorage, TEST_DIALECTS, type TestStorage } from '../testing/test-storage.js';
import {
  findExecution,
  insertDeliveries,
  insertExecutions,
  listExecutions,
  type NewExecution,
} from './execution-repository.js';

const execution = (id: string, over: Partial<NewExecution> = {}): NewExecution => ({
  id,
  teamId: 'team_1',
  automationId: 'aut_1',
  status: 'pending',
  eventType: 'RUN_STATE',
  event: { event_type: 'RUN_STATE', run_id: 'r1' },
  reason: 'run r1 is failed',
  runPk: 'run_1',
  artifactVersionId: null,
  registryLinkId: null,
  projectId: 'prj_1',
  registryId: null,
  createdAt: 1,
  finishedAt: null,
  ...over,
});

for (const { dialect, available } of TEST_DIALECTS) {
  describe.skipIf(!available)(`executions on ${dialect}`, () => {
    let storage: TestStorage;
    beforeEach(async () => {
      storage = await openTestStorage(dialect);
    });
    afterEach(async () => storage.dispose());

    it('pages executions newest first by cursor, per automation, project or run', async () => {
      await insertExecutions(storage.db, [
        execution('exe_1'),
        execution('exe_2', { automationId: 'aut_2' }),
        execution('exe_3', { projectId: 'prj_2', runPk: 'run_2' }),
        execution('exe_4'),
      ]);
      const ids = (list: { id: string }[]) => list.map((e) => e.id);
      const first = await listExecutions(storage.db, { automationId: 'aut_1' }, { limit: 2 });
      expect(ids(first)).toEqual(['exe_4', 'exe_3']);
      expect(
        ids(await listExecutions(storage.db, { automationId: 'aut_1' }, { limit: 2, cursor: 'exe_3' })),
      ).toEqual(['exe_1']);
      expect(ids(await listExecutions(storage.db, { projectId: 'prj_1' }, { limit: 10 }))).toEqual([
        'exe_4',
        'exe_2',
        'exe_1',
      ]);
      expect(ids(await listExecutions(storage.db, { runPk: 'run_2' }, { limit: 10 }))).toEqual(['exe_3']);
      expect(first[0]).toMatchObject({ automationName: null, event: { run_id: 'r1' }, deliveries: [] });
    });

    it('finds an execution with its deliveries and their attempts in order', async () => {
      await insertExecutions(storage.db, [execution('exe_1')]);
      await insertDeliveries(storage.db, [
        {
          id: 'dlv_1',
          teamId: 'team_1',
          executionId: 'exe_1',
          automationId: 'aut_1',
          actionType: 'GENERIC_WEBHOOK',
          action: { type: 'GENERIC_WEBHOOK', webhook_id: 'whk_1', payload: {} },
          createdAt: 3,
        },
      ]);
      for (const n of [2, 1]) {
        await storage.db
          .insertInto('delivery_attempts')
          .values({
            id: `att_${n}`,
            team_id: 'team_1',
            delivery_id: 'dlv_1',
            attempt_no: n,
            started_at: 10 + n,
            duration_ms: 1.5,
            outcome: n === 1 ? 'retry' : 'success',
            status_code: n === 1 ? 503 : 200,
            request_url: 'https://example.com',
            request_headers: '{"content-type":"application/json"}',
            request_body: '{}',
            response_headers: null,
            response_body: 'ok',
            error: null,
          })
          .execute();
      }
      const found = await findExecution(storage.db, 'exe_1');
      expect(found?.deliveries).toHaveLength(1);
      expect(found?.deliveries[0]).toMatchObject({
        status: 'pending',
        attempts: 0,
        nextAttemptAt: 3,
        action: { webhook_id: 'whk_1' },
      });
      expect(found?.deliveries[0]?.attemptList.map((a) => [a.attemptNo, a.statusCode])).toEqual([
        [1, 503],
        [2, 200],
      ]);
      expect(await findExecution(storage.db, 'exe_nope')).toBeUndefined();
    });
  });
}

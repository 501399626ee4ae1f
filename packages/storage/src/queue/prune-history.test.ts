import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestStorage, TEST_DIALECTS, type TestStorage } from '../testing/test-storage.js';
import { pruneHistory } from './prune-history.js';

const DAY = 86_400_000;

async function seed(db: TestStorage['db'], id: string, createdAt: number, deliveryStatus: string) {
  await db
    .insertInto('executions')
    .values({
      id,
      team_id: 't',
      automation_id: 'a',
      status: deliveryStatus === 'pending' ? 'pending' : 'finished',
      event_type: 'RUN_STATE',
      event: '{}',
      reason: 'r',
      run_pk: null,
      artifact_version_id: null,
      registry_link_id: null,
      project_id: 'p',
      registry_id: null,
      created_at: createdAt,
      finished_at: null,
    })
    .execute();
  await db
    .insertInto('deliveries')
    .values({
      id: `d-${id}`,
      team_id: 't',
      execution_id: id,
      automation_id: 'a',
      action_type: 'GENERIC_WEBHOOK',
      action: '{}',
      status: deliveryStatus,
      attempts: 1,
      next_attempt_at: createdAt,
      locked_by: null,
      locked_until: null,
      last_error: null,
      created_at: createdAt,
      updated_at: createdAt,
      finished_at: null,
    })
    .execute();
  await db
    .insertInto('delivery_attempts')
    .values({
      id: `a-${id}`,
      team_id: 't',
      delivery_id: `d-${id}`,
      attempt_no: 1,
      started_at: createdAt,
      duration_ms: 3,
      outcome: 'success',
      status_code: 200,
      request_url: 'https://x',
      request_headers: '{}',
      request_body: '{"big":"body"}',
      response_headers: '{}',
      response_body: 'ok',
      error: null,
    })
    .execute();
}

for (const { dialect, available } of TEST_DIALECTS) {
  describe.skipIf(!available)(`history retention on ${dialect}`, () => {
    let storage: TestStorage;
    beforeEach(async () => {
      storage = await openTestStorage(dialect);
    });
    afterEach(async () => storage.dispose());

    it('clears old attempt bodies, deletes old finished history, and never touches a pending delivery', async () => {
      const now = 100 * DAY;
      await seed(storage.db, 'old-done', now - 40 * DAY, 'succeeded');
      await seed(storage.db, 'old-pending', now - 40 * DAY, 'pending');
      await seed(storage.db, 'mid', now - 10 * DAY, 'succeeded');
      await seed(storage.db, 'new', now - DAY, 'succeeded');
      const result = await pruneHistory(storage.db, {
        bodiesBefore: now - 7 * DAY,
        historyBefore: now - 30 * DAY,
      });
      expect(result).toEqual({ attemptBodiesCleared: 3, executionsDeleted: 1 });
      const executions = await storage.db.selectFrom('executions').select('id').orderBy('id').execute();
      expect(executions.map((e) => e.id)).toEqual(['mid', 'new', 'old-pending']);
      const deliveries = await storage.db.selectFrom('deliveries').select('id').orderBy('id').execute();
      expect(deliveries.map((d) => d.id)).toEqual(['d-mid', 'd-new', 'd-old-pending']);
      const bodies = await storage.db
        .selectFrom('delivery_attempts')
        .select(['id', 'request_body'])
        .orderBy('id')
        .execute();
      expect(bodies).toEqual([
        { id: 'a-mid', request_body: '' },
        { id: 'a-new', request_body: '{"big":"body"}' },
        { id: 'a-old-pending', request_body: '' },
      ]);
      expect(
        await pruneHistory(storage.db, { bodiesBefore: now - 7 * DAY, historyBefore: now - 30 * DAY }),
      ).toEqual({
        attemptBodiesCleared: 0,
        executionsDeleted: 0,
      });
    });
  });
}

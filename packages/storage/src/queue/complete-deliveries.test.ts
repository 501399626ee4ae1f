import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertDeliveries, insertExecutions } from '../repositories/execution-repository.js';
import { openTestStorage, TEST_DIALECTS, type TestStorage } from '../testing/test-storage.js';
import { claimDeliveries } from './claim-deliveries.js';
import { completeDeliveries } from './complete-delivery.js';
import { failDelivery } from './fail-delivery.js';
import { finishExecutionsIfDone } from './finish-execution.js';
import { type DeliveryAttemptRecord, recordAttempts } from './record-attempt.js';

const NOW = 1_000_000;

/** Executions exe_0..exe_{n-1}, each with `perExecution` deliveries dlv_<e>_<i>. */
async function seed(db: TestStorage['db'], executions: number, perExecution: number): Promise<void> {
  await insertExecutions(
    db,
    Array.from({ length: executions }, (_, e) => ({
      id: `exe_${e}`,
      teamId: 'team_1',
      automationId: 'aut_1',
      status: 'pending',
      eventType: 'RUN_STATE',
      event: {},
      reason: 'test',
      runPk: null,
      artifactVersionId: null,
      registryLinkId: null,
      projectId: null,
      registryId: null,
      createdAt: NOW,
      finishedAt: null,
    })),
  );
  await insertDeliveries(
    db,
    Array.from({ length: executions * perExecution }, (_, i) => ({
      id: `dlv_${Math.floor(i / perExecution)}_${i % perExecution}`,
      teamId: 'team_1',
      executionId: `exe_${Math.floor(i / perExecution)}`,
      automationId: 'aut_1',
      actionType: 'NO_OP',
      action: {},
      createdAt: NOW + i,
    })),
  );
}

const statuses = async (db: TestStorage['db'], table: 'executions' | 'deliveries') =>
  Object.fromEntries(
    (await db.selectFrom(table).select(['id', 'status']).orderBy('id').execute()).map((r) => [
      r.id,
      r.status,
    ]),
  );

for (const { dialect, available } of TEST_DIALECTS) {
  describe.skipIf(!available)(`settling a round of deliveries on ${dialect}`, () => {
    let s: TestStorage;
    beforeEach(async () => {
      s = await openTestStorage(dialect);
    });
    afterEach(async () => s.dispose());

    it('completes the leased deliveries of a round and settles only executions with none pending', async () => {
      await seed(s.db, 3, 2);
      await claimDeliveries(s.db, dialect, { workerId: 'a', now: NOW + 10, leaseMs: 1000, limit: 6 });
      await failDelivery(s.db, {
        id: 'dlv_2_0',
        workerId: 'a',
        now: NOW + 20,
        error: 'no',
        next: { kind: 'failed' },
      });
      const done = await completeDeliveries(s.db, {
        ids: ['dlv_0_0', 'dlv_0_1', 'dlv_1_0', 'dlv_2_1'],
        workerId: 'a',
        now: NOW + 30,
      });
      expect(done.sort()).toEqual(['dlv_0_0', 'dlv_0_1', 'dlv_1_0', 'dlv_2_1']);
      expect(await statuses(s.db, 'executions')).toEqual({
        exe_0: 'finished',
        exe_1: 'pending',
        exe_2: 'failed',
      });
    });

    it('leaves deliveries whose lease another worker holds', async () => {
      await seed(s.db, 1, 2);
      await claimDeliveries(s.db, dialect, { workerId: 'a', now: NOW + 10, leaseMs: 1000, limit: 2 });
      expect(
        await completeDeliveries(s.db, { ids: ['dlv_0_0', 'dlv_0_1'], workerId: 'b', now: NOW + 20 }),
      ).toEqual([]);
      expect(await statuses(s.db, 'deliveries')).toEqual({ dlv_0_0: 'pending', dlv_0_1: 'pending' });
      await finishExecutionsIfDone(s.db, ['exe_0', 'exe_0'], NOW + 30);
      expect(await statuses(s.db, 'executions')).toEqual({ exe_0: 'pending' });
    });

    it('stores every attempt of a round', async () => {
      await seed(s.db, 1, 3);
      await recordAttempts(
        s.db,
        ['dlv_0_0', 'dlv_0_1', 'dlv_0_2'].map((deliveryId, i) => ({
          id: `att_${i}`,
          teamId: 'team_1',
          deliveryId,
          attemptNo: 1,
          startedAt: NOW,
          durationMs: 1.5,
          outcome: 'success',
          statusCode: 200,
          requestUrl: 'https://example.com/hook',
          requestHeaders: { 'webhook-id': deliveryId },
          requestBody: '{}',
          responseHeaders: null,
          responseBody: 'ok',
          error: null,
        })),
      );
      const rows = await s.db
        .selectFrom('delivery_attempts')
        .select(['delivery_id', 'request_headers'])
        .execute();
      expect(rows.map((r) => r.delivery_id).sort()).toEqual(['dlv_0_0', 'dlv_0_1', 'dlv_0_2']);
      expect(JSON.parse(rows[0]?.request_headers ?? '{}')).toHaveProperty('webhook-id');
    });

    it('stores whatever text a receiver answered, a NUL character as U+FFFD', async () => {
      await seed(s.db, 1, 2);
      const awkward = `quote " backslash \\ newline \n tab \t emoji 🚀 json {"a":[1]} nul \0 end`;
      const attempt = (i: number, over: Partial<DeliveryAttemptRecord>): DeliveryAttemptRecord => ({
        id: `att_${i}`,
        teamId: 'team_1',
        deliveryId: `dlv_0_${i}`,
        attemptNo: 1,
        startedAt: 1_795_701_686_689,
        durationMs: 0.125,
        outcome: 'success',
        statusCode: 200,
        requestUrl: 'https://example.com/hook',
        requestHeaders: { 'webhook-id': `dlv_0_${i}`, odd: awkward },
        requestBody: awkward,
        responseHeaders: { 'x-odd': awkward },
        responseBody: awkward,
        error: null,
        ...over,
      });
      await recordAttempts(s.db, [
        attempt(0, {}),
        attempt(1, {
          outcome: 'network',
          statusCode: null,
          responseHeaders: null,
          responseBody: null,
          error: awkward,
        }),
      ]);
      const rows = await s.db.selectFrom('delivery_attempts').selectAll().orderBy('id').execute();
      const stored = awkward.replace('\0', '\uFFFD');
      expect(rows[0]).toMatchObject({
        started_at: 1_795_701_686_689,
        duration_ms: 0.125,
        status_code: 200,
        request_body: stored,
        response_body: stored,
        error: null,
      });
      expect(JSON.parse(rows[0]?.request_headers ?? '{}')).toEqual({ 'webhook-id': 'dlv_0_0', odd: awkward });
      expect(JSON.parse(rows[0]?.response_headers ?? '{}')).toEqual({ 'x-odd': awkward });
      expect(rows[1]).toMatchObject({
        status_code: null,
        response_headers: null,
        response_body: null,
        error: stored,
      });
    });
  });
}

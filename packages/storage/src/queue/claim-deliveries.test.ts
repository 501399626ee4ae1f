import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertDeliveries, insertExecutions } from '../repositories/execution-repository.js';
import { openTestStorage, TEST_DIALECTS, type TestStorage } from '../testing/test-storage.js';
import { claimDeliveries } from './claim-deliveries.js';
import { completeDelivery } from './complete-delivery.js';
import { failDelivery } from './fail-delivery.js';
import { redeliverDelivery } from './redeliver-delivery.js';

const NOW = 1_000_000;

async function seed(db: TestStorage['db'], count: number): Promise<void> {
  await insertExecutions(db, [
    {
      id: 'exe_1',
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
    },
  ]);
  await insertDeliveries(
    db,
    Array.from({ length: count }, (_, i) => ({
      id: `dlv_${i}`,
      teamId: 'team_1',
      executionId: 'exe_1',
      automationId: 'aut_1',
      actionType: 'NO_OP',
      action: {},
      createdAt: NOW + i,
    })),
  );
}

const status = async (db: TestStorage['db']) =>
  (await db.selectFrom('executions').select('status').where('id', '=', 'exe_1').executeTakeFirstOrThrow())
    .status;

for (const { dialect, available } of TEST_DIALECTS) {
  describe.skipIf(!available)(`delivery queue on ${dialect}`, () => {
    let s: TestStorage;
    beforeEach(async () => {
      s = await openTestStorage(dialect);
    });
    afterEach(async () => s.dispose());

    it('gives concurrent claimers disjoint deliveries and counts each claim as an attempt', async () => {
      await seed(s.db, 6);
      const claim = (workerId: string) =>
        claimDeliveries(s.db, dialect, { workerId, now: NOW + 10, leaseMs: 1000, limit: 4 });
      const [a, b] = await Promise.all([claim('a'), claim('b')]);
      const ids = [...(a ?? []), ...(b ?? [])].map((d) => d.id);
      expect(new Set(ids).size).toBe(6);
      expect([...(a ?? []), ...(b ?? [])].every((d) => d.attempts === 1)).toBe(true);
      expect(await claim('c')).toEqual([]);
    });

    it('does not claim deliveries before they are due', async () => {
      await seed(s.db, 2);
      const claimed = await claimDeliveries(s.db, dialect, {
        workerId: 'a',
        now: NOW,
        leaseMs: 1000,
        limit: 10,
      });
      expect(claimed.map((d) => d.id)).toEqual(['dlv_0']);
    });

    it('returns a crashed worker’s claims after the lease and ignores its late completion', async () => {
      await seed(s.db, 1);
      await claimDeliveries(s.db, dialect, { workerId: 'dead', now: NOW, leaseMs: 500, limit: 10 });
      expect(
        await claimDeliveries(s.db, dialect, { workerId: 'b', now: NOW + 499, leaseMs: 500, limit: 10 }),
      ).toEqual([]);
      const [again] = await claimDeliveries(s.db, dialect, {
        workerId: 'b',
        now: NOW + 500,
        leaseMs: 500,
        limit: 10,
      });
      expect(again).toMatchObject({ id: 'dlv_0', attempts: 2, locked_by: 'b' });
      expect(await completeDelivery(s.db, { id: 'dlv_0', workerId: 'dead', now: NOW + 600 })).toBe(false);
      expect(await completeDelivery(s.db, { id: 'dlv_0', workerId: 'b', now: NOW + 600 })).toBe(true);
      expect(await status(s.db)).toBe('finished');
    });

    it('schedules retries, ends failed deliveries, settles the execution and redelivers', async () => {
      await seed(s.db, 2);
      await claimDeliveries(s.db, dialect, { workerId: 'w', now: NOW + 10, leaseMs: 500, limit: 10 });
      await failDelivery(s.db, {
        id: 'dlv_0',
        workerId: 'w',
        now: NOW + 20,
        error: 'HTTP 503',
        next: { kind: 'retry', delayMs: 300 },
      });
      await failDelivery(s.db, {
        id: 'dlv_1',
        workerId: 'w',
        now: NOW + 20,
        error: 'HTTP 400',
        next: { kind: 'failed' },
      });
      expect(await status(s.db)).toBe('pending');
      const rows = await s.db.selectFrom('deliveries').selectAll().orderBy('id').execute();
      expect(rows.map((r) => [r.status, r.next_attempt_at, r.locked_by])).toEqual([
        ['pending', NOW + 320, null],
        ['failed', NOW + 20, null],
      ]);
      const [retry] = await claimDeliveries(s.db, dialect, {
        workerId: 'w',
        now: NOW + 320,
        leaseMs: 500,
        limit: 10,
      });
      await failDelivery(s.db, {
        id: retry?.id ?? '',
        workerId: 'w',
        now: NOW + 330,
        error: 'gave up',
        next: { kind: 'dead' },
      });
      expect(await status(s.db)).toBe('failed');
      expect(await redeliverDelivery(s.db, 'dlv_0', NOW + 400)).toBe(true);
      expect(await redeliverDelivery(s.db, 'dlv_0', NOW + 400)).toBe(false);
      expect(await status(s.db)).toBe('pending');
      const [back] = await claimDeliveries(s.db, dialect, {
        workerId: 'w',
        now: NOW + 400,
        leaseMs: 500,
        limit: 10,
      });
      expect(back).toMatchObject({ id: 'dlv_0', attempts: 3 });
    });
  });
}

import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertDeliveries, insertExecutions } from '../repositories/execution-repository.js';
import { openTestStorage, TEST_DIALECTS, type TestStorage } from '../testing/test-storage.js';
import { claimDeliveries, claimStatement } from './claim-deliveries.js';
import { completeDelivery } from './complete-delivery.js';
import { failDelivery } from './fail-delivery.js';
import { planQueueStatementsAsIndexWalks } from './queue-plans.js';
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
  const deliveries = Array.from({ length: count }, (_, i) => ({
    id: `dlv_${i}`,
    teamId: 'team_1',
    executionId: 'exe_1',
    automationId: 'aut_1',
    actionType: 'NO_OP',
    action: {},
    createdAt: NOW + i,
  }));
  // In chunks, within both databases' limits on parameters per statement.
  for (let i = 0; i < count; i += 1000) await insertDeliveries(db, deliveries.slice(i, i + 1000));
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

    it('walks the due index in order whatever the statistics say', async () => {
      // Planned from statistics (none yet, or taken while the queue was empty), the plain
      // `status = 'pending' and next_attempt_at <= now` read every due row and sorted them.
      await seed(s.db, 20_000);
      const claim = claimStatement(dialect, { workerId: 'w', now: NOW + 5000, leaseMs: 1000, limit: 50 });
      const expectIndexWalk = async () => {
        if (dialect === 'postgres') {
          // As claimDeliveries runs it: in a transaction that asks for index walks.
          const plan = await s.db.transaction().execute(async (trx) => {
            await planQueueStatementsAsIndexWalks(trx, dialect);
            const { rows } = await sql<{ 'QUERY PLAN': unknown }>`explain (format json) ${claim}`.execute(
              trx,
            );
            return JSON.stringify(rows[0]?.['QUERY PLAN']);
          });
          expect(plan).toContain('"Index Name":"deliveries_due"');
          expect(plan).not.toContain('"Node Type":"Sort"');
          expect(plan).not.toContain('Bitmap');
        } else {
          const { rows } = await sql<{ detail: string }>`explain query plan ${claim}`.execute(s.db);
          const plan = rows.map((r) => r.detail).join('\n');
          expect(plan).toContain('USING INDEX deliveries_due');
          expect(plan).not.toContain('TEMP B-TREE');
        }
      };
      await expectIndexWalk();
      await s.db.updateTable('deliveries').set({ status: 'succeeded' }).execute();
      await sql`analyze deliveries`.execute(s.db);
      await s.db.updateTable('deliveries').set({ status: 'pending' }).execute();
      await expectIndexWalk();
      const claimed = await claimDeliveries(s.db, dialect, {
        workerId: 'w',
        now: NOW + 5000,
        leaseMs: 1000,
        limit: 50,
      });
      expect(claimed.map((d) => d.id)).toEqual(Array.from({ length: 50 }, (_, i) => `dlv_${i}`));
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
      expect(again).toMatchObject({ id: 'dlv_0', attempts: 2 });
      expect(
        await s.db.selectFrom('deliveries').select(['locked_by', 'locked_until']).executeTakeFirst(),
      ).toEqual({ locked_by: 'b', locked_until: NOW + 1000 });
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

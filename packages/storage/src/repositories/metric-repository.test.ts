import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  openTestStorage,
  POSTGRES_SKIP_REASON,
  TEST_DIALECTS,
  type TestStorage,
} from '../testing/test-storage.js';
import { appendMetricPoints, readMetricPoints, readMetricSeries } from './metric-repository.js';
import { insertRun } from './run-repository.js';

if (POSTGRES_SKIP_REASON) console.warn(POSTGRES_SKIP_REASON);

function batch(entries: [string, number[], number[]][]) {
  return new Map(
    entries.map(([k, steps, values]) => [k, { steps, values, timestamps: steps.map((s) => 1000 + s) }]),
  );
}

for (const { dialect, available } of TEST_DIALECTS) {
  describe.skipIf(!available)(`metric history on ${dialect}`, () => {
    let storage: TestStorage;
    const run = { id: 'run_1', teamId: 'team_1', previousSeq: 0 };
    beforeEach(async () => {
      storage = await openTestStorage(dialect);
      await insertRun(storage.db, {
        id: 'run_1',
        teamId: 'team_1',
        projectId: 'prj_1',
        runId: 'r1',
        displayName: 'r1',
        userId: null,
        username: null,
        state: 'running',
        config: {},
        tags: [],
        summary: {},
        lastStep: -1,
        historySeq: 0,
        heartbeatAt: null,
        createdAt: 0,
        updatedAt: 0,
      });
    });
    afterEach(async () => storage.dispose());

    it('reads back points in step order across batches, merging small chunks', async () => {
      await appendMetricPoints(storage.db, run, 1, batch([['loss', [0, 1, 2], [3, 2, 1]]]));
      await appendMetricPoints(
        storage.db,
        { ...run, previousSeq: 1 },
        2,
        batch([['loss', [3, 4], [0.5, 0.25]]]),
      );
      const chunks = await storage.db.selectFrom('metric_chunks').select(['seq', 'count']).execute();
      expect(chunks).toEqual([{ seq: 2, count: 5 }]);
      const points = await readMetricPoints(storage.db, 'run_1', 'loss');
      expect([...points.steps]).toEqual([0, 1, 2, 3, 4]);
      expect([...points.values]).toEqual([3, 2, 1, 0.5, 0.25]);
      expect([...points.timestamps]).toEqual([1000, 1001, 1002, 1003, 1004]);
    });

    it('stores batches of more keys than one statement may bind values for', async () => {
      // 9,000 keys × 8 values per chunk row: more than SQLite's 32,766 or Postgres's 65,535.
      const keys = Array.from({ length: 9000 }, (_, i) => `k${i}`);
      await appendMetricPoints(storage.db, run, 1, batch(keys.map((k, i) => [k, [0], [i]])));
      await appendMetricPoints(
        storage.db,
        { ...run, previousSeq: 1 },
        2,
        batch(keys.map((k, i) => [k, [1], [-i]])),
      );
      const rows = await storage.db
        .selectFrom('metric_chunks')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(rows.n)).toBe(9000); // the second batch merged into each key's first chunk
      const last = await readMetricPoints(storage.db, 'run_1', 'k8999');
      expect([...last.values]).toEqual([8999, -8999]);
    });

    it('lets a later batch win for a step logged twice, and keeps NaN and infinities', async () => {
      await appendMetricPoints(storage.db, run, 1, batch([['loss', [0, 1, 2], [1, Number.NaN, 3]]]));
      await appendMetricPoints(storage.db, { ...run, previousSeq: 1 }, 2, batch([['acc', [0], [0.1]]]));
      await appendMetricPoints(
        storage.db,
        { ...run, previousSeq: 2 },
        3,
        batch([['loss', [1, 5], [Number.POSITIVE_INFINITY, 7]]]),
      );
      const points = await readMetricPoints(storage.db, 'run_1', 'loss');
      expect([...points.steps]).toEqual([0, 1, 2, 5]);
      expect([...points.values]).toEqual([1, Number.POSITIVE_INFINITY, 3, 7]);
      const nan = await readMetricPoints(storage.db, 'run_1', 'acc');
      expect([...nan.values]).toEqual([0.1]);
    });

    it('downsamples to buckets with min, max and last, and clips to a step range', async () => {
      const steps = Array.from({ length: 1000 }, (_, i) => i);
      await appendMetricPoints(storage.db, run, 1, batch([['loss', steps, steps.map((s) => (s % 10) - 5)]]));
      const series = await readMetricSeries(storage.db, 'run_1', 'loss', 100);
      expect(series.total).toBe(1000);
      expect(series.steps).toHaveLength(100);
      expect(series.min[0]).toBe(-5);
      expect(series.max[0]).toBe(4);
      expect(series.last[0]).toBe(4);
      expect(series.steps[0]).toBe(9);
      const clipped = await readMetricSeries(storage.db, 'run_1', 'loss', 1000, { minStep: 10, maxStep: 19 });
      expect(clipped.steps).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    });
  });
}

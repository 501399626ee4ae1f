import { POSTGRES_SKIP_REASON, TEST_POSTGRES_URL } from '@bellwether/storage';
import { describe, expect, it } from 'vitest';
import { type ChaosReport, runChaos } from './chaos-scenario.js';

function print(label: string, report: ChaosReport): void {
  const { driver, ...counts } = report;
  process.stdout.write(
    `${label}: firings ${counts.firings}, received ${counts.received}, duplicates ${counts.duplicates}, ` +
      `lost ${counts.lost}, duplicate executions ${counts.duplicateExecutions}, stuck ${counts.stuck}, ` +
      `kills ${counts.kills}, batches retried ${driver.retried} (committed anyway ${driver.committedAnyway}), ` +
      `${counts.seconds.toFixed(1)} s\n`,
  );
}

function expectPromisesKept(report: ChaosReport, crossings: number): void {
  expect(report.drained).toBe(true);
  expect(report.driver.crossings).toBe(crossings);
  expect(report.firings).toBe(crossings);
  expect(report.duplicateExecutions).toBe(0);
  expect(report.deliveries).toBe(report.firings);
  expect(report.lost).toBe(0);
  expect(report.stuck).toBe(0);
  expect(report.inconsistent).toBe(0);
  expect(report.received).toBe(report.deliveries + report.duplicates);
  expect(report.kills).toBeGreaterThan(0);
}

describe('crash safety under SIGKILL', () => {
  it('loses and duplicates no firing on SQLite while its one process is killed and restarted', async () => {
    const report = await runChaos({
      roles: ['all'],
      firings: 300,
      runs: 6,
      durationMs: 8_000,
      killEveryMs: [500, 1500],
      killForMs: 15_000,
      drainTimeoutMs: 45_000,
    });
    print('chaos on SQLite', report);
    expectPromisesKept(report, 300);
  }, 150_000);

  if (!TEST_POSTGRES_URL) process.stdout.write(`chaos on Postgres: ${POSTGRES_SKIP_REASON}\n`);
  it.skipIf(!TEST_POSTGRES_URL)(
    'loses and duplicates no firing on Postgres while two api+worker and one worker process are killed at random',
    async () => {
      const report = await runChaos({
        postgresUrl: TEST_POSTGRES_URL,
        roles: ['all', 'all', 'worker'],
        firings: 400,
        runs: 8,
        durationMs: 8_000,
        killEveryMs: [500, 1500],
        killForMs: 15_000,
        drainTimeoutMs: 45_000,
      });
      print('chaos on Postgres', report);
      expectPromisesKept(report, 400);
    },
    150_000,
  );
});

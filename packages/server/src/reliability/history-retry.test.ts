import { TEST_DIALECTS } from '@bellwether/storage';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.js';

const P = '/api/v1/teams/ml/projects/cifar';

// A client whose history request committed but whose answer was lost (the server process died
// after the commit) sends the same batch again, as the SDK's retry policy does. Each (automation,
// run) keeps the highest step it evaluated, and points at or below it are stored but not
// evaluated again, so the second copy cannot re-arm the threshold and fire a second time.
for (const { dialect, available } of TEST_DIALECTS) {
  describe.skipIf(!available)(`a history batch sent twice on ${dialect}`, () => {
    let t: TestApp;
    afterEach(() => t.close());

    it('fires once for a crossing whose batch a client re-sent after a lost answer', async () => {
      t = await startTestApp(dialect);
      await t.request('POST', '/api/v1/teams/ml/projects', { body: { name: 'cifar' } });
      const created = await t.request('POST', '/api/v1/teams/ml/automations', {
        body: {
          name: 'loss over 2',
          scope: { type: 'project', team: 'ml', project: 'cifar' },
          event: {
            type: 'RUN_METRIC_THRESHOLD',
            metric: { name: 'loss', agg: null, cmp: '$gt', threshold: 2 },
            cooldown_seconds: 0,
          },
          action: { type: 'NO_OP' },
        },
      });
      expect(created.status).toBe(201);
      await t.request('PUT', `${P}/runs/r1`, { body: {} });
      const batch = {
        rows: [
          { step: 0, values: { loss: 1 } },
          { step: 1, values: { loss: 3 } },
        ],
      };
      expect((await t.request('POST', `${P}/runs/r1/history`, { body: batch })).status).toBe(200);
      expect((await t.request('POST', `${P}/runs/r1/history`, { body: batch })).status).toBe(200);
      const executions = await t.storage.db.selectFrom('executions').select('event').execute();
      expect(executions.map((e) => (JSON.parse(e.event) as { step: number }).step)).toEqual([1]);
    });
  });
}

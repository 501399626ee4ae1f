import { type LocalHttpServer, startLocalHttpServer } from '@bellwether/delivery';
import { TEST_DIALECTS } from '@bellwether/storage';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { type DeliveryFixture, startDeliveryFixture, waitFor } from './delivery-test-fixture.js';
import type { DeliveryWorker } from './delivery-worker.js';

const P = '/api/v1/teams/ml/projects/cifar';

for (const { dialect, available } of TEST_DIALECTS) {
  describe.skipIf(!available)(`automation to webhook on ${dialect}`, () => {
    let t: TestApp;
    let f: DeliveryFixture;
    let server: LocalHttpServer;
    afterEach(async () => {
      await f.close();
      await server.close();
      await t.close();
    });

    it('delivers a firing as soon as the write that caused it commits', async () => {
      let worker: DeliveryWorker | null = null;
      t = await startTestApp(dialect, { afterCommit: () => worker?.wake() });
      // A one-minute poll: only the wake-up after commit can make this delivery fast.
      f = await startDeliveryFixture(dialect, { storage: t.storage, pollIntervalMs: 60_000 });
      worker = f.worker();
      server = await startLocalHttpServer((_req, res) => res.end('ok'));
      await t.request('POST', '/api/v1/teams/ml/projects', { body: { name: 'cifar' } });
      await t.request('PUT', '/api/v1/teams/ml/secrets/TOKEN', { body: { value: 'e2e-token' } });
      const hook = await t.request('POST', '/api/v1/teams/ml/webhooks', {
        body: { name: 'e2e', url: server.url, access_token_secret: 'TOKEN' },
      });
      const automation = await t.request('POST', '/api/v1/teams/ml/automations', {
        body: {
          name: 'loss spike',
          scope: { type: 'project', team: 'ml', project: 'cifar' },
          event: {
            type: 'RUN_METRIC_THRESHOLD',
            metric: { name: 'loss', window: 1, agg: 'AVERAGE', cmp: '$gt', threshold: 2 },
          },
          action: {
            type: 'GENERIC_WEBHOOK',
            webhook_id: hook.body.id,
            payload: {
              run: '${run_name}',
              automation: '${automation_name}',
              value: '${metric_value}',
              run_url: '${run_url}',
              token: '${ACCESS_TOKEN}',
            },
          },
        },
      });
      expect(automation.status).toBe(201);
      worker.start();
      await t.request('PUT', `${P}/runs/r1`, { body: { display_name: 'resnet' } });
      await t.request('POST', `${P}/runs/r1/history`, { body: { rows: [{ step: 0, values: { loss: 3 } }] } });
      await waitFor(() => server.received.length === 1, 3000);
      expect(JSON.parse(server.received[0]?.body ?? '{}')).toEqual({
        run: 'resnet',
        automation: 'loss spike',
        value: '3',
        run_url: 'http://bellwether.test/ml/cifar/runs/r1',
        token: 'e2e-token',
      });
      await waitFor(async () => {
        const row = await t.storage.db.selectFrom('executions').select('status').executeTakeFirst();
        return row?.status === 'finished';
      });
    });
  });
}

import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { type LocalHttpServer, startLocalHttpServer } from '@bellwether/delivery';
import { TEST_DIALECTS } from '@bellwether/storage';
import { type ServerType, serve } from '@hono/node-server';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientPython } from '../testing/client-python.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { type DeliveryFixture, startDeliveryFixture, waitFor } from '../worker/delivery-test-fixture.js';
import type { DeliveryWorker } from '../worker/delivery-worker.js';
import { wandbEnv } from './wandb-env.js';

const run = promisify(execFile);
const python = clientPython();
const P = '/api/v1/teams/ml/projects/cifar';

// One Python process runs every flow (the client's start-up costs seconds).
const SCRIPT = `
import math, wandb
r = wandb.init(entity="ml", project="cifar", id="basic", name="first run", config={"lr": 0.1, "opt": {"name": "adam"}}, tags=["a", "b"], notes="some notes", group="g1")
r.log({"loss": 1.0, "acc": 0.5})
r.log({"loss": 0.8, "val": {"loss": 0.9}})
r.log({"loss": 0.7}, step=5)
r.log({"acc": 0.7}, step=5, commit=False)
r.log({"label": "text", "nan": float("nan"), "loss": 0.6}, step=6)
r.summary["best_acc"] = 0.99
r.alert(title="loss low", text="loss under 0.7", level=wandb.AlertLevel.WARN)
r.finish()

r = wandb.init(entity="ml", project="cifar", id="spiky")
for i in range(12):
    r.log({"grad": 1.0 + 0.01 * (i % 2)})
r.log({"grad": 50.0})
r.finish()

r = wandb.init(entity="ml", project="cifar", id="failing")
r.log({"loss": 2.0})
r.finish(exit_code=1)

try:
    with wandb.init(entity="ml", project="cifar", id="raising") as r:
        r.log({"loss": 3.0})
        raise RuntimeError("boom")
except RuntimeError:
    pass

r = wandb.init(entity="ml", project="cifar", id="basic", resume="allow")
r.log({"loss": 0.5})
r.finish()
import os, subprocess, sys
r = wandb.init(entity="ml", project="cifar", id="offline", mode="offline", config={"k": 1})
r.log({"loss": 0.3})
r.log({"loss": 0.2})
sync_dir = r.settings.sync_dir
r.finish()
subprocess.run([os.path.join(os.path.dirname(sys.executable), "wandb"), "sync", sync_dir], check=True)
print("done")
`;

for (const { dialect, available } of TEST_DIALECTS) {
  describe.skipIf(!available || !python)(`the real wandb client on ${dialect}`, () => {
    let t: TestApp;
    let server: ServerType;
    let baseUrl: string;
    const logs: string[] = [];
    let f: DeliveryFixture;
    let receiver: LocalHttpServer;
    let worker: DeliveryWorker | null = null;
    beforeAll(async () => {
      const logger = pino({ level: 'warn' }, { write: (line: string) => void logs.push(line) });
      t = await startTestApp(dialect, { logger, afterCommit: () => worker?.wake() });
      f = await startDeliveryFixture(dialect, { storage: t.storage, pollIntervalMs: 60_000 });
      worker = f.worker();
      worker.start();
      receiver = await startLocalHttpServer((_req, res) => res.end('ok'));
      server = serve({ fetch: t.app.fetch, hostname: '127.0.0.1', port: 0 });
      await new Promise((resolve) => server.once('listening', resolve));
      baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await new Promise((resolve) => server.close(resolve));
      await f.close();
      await receiver.close();
      await t.close();
    });

    it('stores runs, config, tags, history, summary and final states as logged', async () => {
      const key = await t.userWithKey('wb', { ml: 'member' });
      const hook = await t.request('POST', '/api/v1/teams/ml/webhooks', {
        body: { name: 'receiver', url: receiver.url },
      });
      const automation = (name: string, event: Record<string, unknown>) =>
        t.request('POST', '/api/v1/teams/ml/automations', {
          body: {
            name,
            scope: { type: 'team', team: 'ml' },
            event,
            action: {
              type: 'GENERIC_WEBHOOK',
              webhook_id: hook.body.id,
              payload: { automation: '${automation_name}', run: '${run_id}' },
            },
          },
        });
      expect(
        (
          await automation('grad spike', {
            type: 'RUN_METRIC_ZSCORE',
            metric: { name: 'grad', window: 10, threshold: 3, direction: 'INCREASE' },
          })
        ).status,
      ).toBe(201);
      expect((await automation('run failed', { type: 'RUN_STATE', states: ['failed'] })).status).toBe(201);
      const { stdout } = await run(python as string, ['-c', SCRIPT], {
        env: wandbEnv(baseUrl, key),
        timeout: 90_000,
      });
      expect(stdout).toContain('done');

      const basic = await t.request('GET', `${P}/runs/basic`);
      expect(basic.body).toMatchObject({
        display_name: 'first run',
        state: 'finished',
        config: { lr: 0.1, opt: { name: 'adam' } },
        tags: ['a', 'b'],
      });
      expect(basic.body.summary).toMatchObject({ best_acc: 0.99, label: 'text', loss: 0.5 });
      const history = await t.request('GET', `${P}/runs/basic/history?keys=loss,acc,val.loss,nan`);
      // Steps 0, 1, then 5 and 6 as given, then the resumed run continues at 7.
      expect(history.body.series.loss).toMatchObject({
        steps: [0, 1, 5, 6, 7],
        last: [1, 0.8, 0.7, 0.6, 0.5],
      });
      expect(history.body.series.acc).toMatchObject({ steps: [0, 5], last: [0.5, 0.7] });
      expect(history.body.series['val.loss']).toMatchObject({ steps: [1], last: [0.9] });
      expect(history.body.series.nan.steps).toEqual([6]);

      expect((await t.request('GET', `${P}/runs/failing`)).body.state).toBe('failed');
      expect((await t.request('GET', `${P}/runs/raising`)).body.state).toBe('failed');

      const offline = await t.request('GET', `${P}/runs/offline`);
      expect(offline.body).toMatchObject({ state: 'finished', config: { k: 1 } });
      const offlineHistory = await t.request('GET', `${P}/runs/offline/history?keys=loss`);
      expect(offlineHistory.body.series.loss).toMatchObject({ steps: [0, 1], last: [0.3, 0.2] });
      // The automations fired from wandb traffic and reached the receiver: the spike once, and
      // both failed runs.
      await waitFor(() => receiver.received.length >= 3, 10_000);
      const calls = receiver.received
        .map((r) => JSON.parse(r.body))
        .sort((a, b) => a.run.localeCompare(b.run));
      expect(calls).toEqual([
        { automation: 'run failed', run: 'failing' },
        { automation: 'run failed', run: 'raising' },
        { automation: 'grad spike', run: 'spiky' },
      ]);

      // Every document the client sent was valid against the schema, every file_stream accepted.
      expect(logs).toEqual([]);
    }, 100_000);
  });
}

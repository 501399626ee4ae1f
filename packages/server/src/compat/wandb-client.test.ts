import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { TEST_DIALECTS } from '@bellwether/storage';
import { type ServerType, serve } from '@hono/node-server';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientPython } from '../testing/client-python.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
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
    beforeAll(async () => {
      const logger = pino({ level: 'warn' }, { write: (line: string) => void logs.push(line) });
      t = await startTestApp(dialect, { logger });
      server = serve({ fetch: t.app.fetch, hostname: '127.0.0.1', port: 0 });
      await new Promise((resolve) => server.once('listening', resolve));
      baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await new Promise((resolve) => server.close(resolve));
      await t.close();
    });

    it('stores runs, config, tags, history, summary and final states as logged', async () => {
      const key = await t.userWithKey('wb', { ml: 'member' });
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
      // Every document the client sent was valid against the schema, every file_stream accepted.
      expect(logs).toEqual([]);
    }, 100_000);
  });
}

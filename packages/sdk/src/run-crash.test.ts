import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './testing/test-server.js';

const RUN_LOGGER = join(import.meta.dirname, 'run-logger.ts');

describe('a script that dies of an uncaught exception', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('sqlite');
    await server.app.request('POST', '/api/v1/teams/ml/projects', { body: { name: 'cifar' } });
  });
  afterAll(() => server.close());

  it('leaves its run failed with the points logged before the crash, and exits 1', async () => {
    const script = join(mkdtempSync(join(tmpdir(), 'bw-crash-')), 'crash.mts');
    writeFileSync(
      script,
      `import { init } from ${JSON.stringify(RUN_LOGGER)};
const run = await init({ team: 'ml', project: 'cifar', runId: 'crash', baseUrl: process.env.URL, apiKey: process.env.KEY, captureExceptions: true });
run.log({ loss: 1 });
run.log({ loss: 2 });
setTimeout(() => { throw new Error('diverged'); }, 10);
`,
    );
    const outcome = await promisify(execFile)(process.execPath, ['--import', 'tsx', script], {
      env: { ...process.env, URL: server.url, KEY: server.apiKey },
    }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toMatch(/diverged/);
    const run = await server.app.request('GET', '/api/v1/teams/ml/projects/cifar/runs/crash');
    expect(run.body).toMatchObject({ state: 'failed', last_step: 1, summary: { loss: 2 } });
  });
});

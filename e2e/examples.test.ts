import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliProcess } from '../packages/cli/src/testing/run-cli.js';
import { apiCall, type E2eServer, eventually, ROOT, startServer } from './e2e-harness.js';

// Every example runs as its docs say, on a fresh start of the real server (`npm start`'s entry
// point on an empty data folder): no team or project made beforehand.

function run(
  command: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { cwd: ROOT, env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error && typeof error.code === 'number' ? error.code : error ? 1 : 0;
        resolve({ code, out: `${stdout}${stderr}` });
      },
    );
  });
}

describe('the examples, run as written on a fresh start', () => {
  let server: E2eServer;
  let env: Record<string, string>;

  beforeAll(async () => {
    server = await startServer();
    // Exactly what docs/python.md and the examples' headers say to export, nothing more.
    env = { BELLWETHER_URL: server.url, BELLWETHER_API_KEY: server.apiKey };
    // The examples' own default team, not one this shell happens to set.
    delete process.env.BELLWETHER_TEAM;
  }, 90_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('examples/train.py, then automations.yaml applied by the CLI, then examples/train.ts fires "loss above 2"', async () => {
    const plain = env;
    const py = await run('python3', ['examples/train.py'], { ...plain, PYTHONPATH: 'clients/python' });
    expect(py.out).toMatch(/run \S+ finished: 300 rows stored/);
    expect(py.code).toBe(0);

    const apply = await runCliProcess(['automations', 'apply', '-f', 'examples/automations.yaml'], {
      env: plain,
      cwd: ROOT,
    });
    expect(apply.stderr).toBe('');
    expect(apply.stdout).toMatch(/^\+ loss above 2$/m);
    expect(apply.code).toBe(0);

    const ts = await run(process.execPath, ['--import', 'tsx', 'examples/train.ts'], plain);
    expect(ts.out).toMatch(/logging run/);
    expect(ts.code).toBe(0);

    const runs = await apiCall<{ runs: { display_name: string; state: string }[] }>(
      server,
      'GET',
      '/teams/default/projects/cifar/runs',
    );
    expect(runs.runs.map((r) => r.display_name).sort()).toEqual(['resnet-py-example', 'resnet-ts-example']);
    const automations = await apiCall<{ automations: { id: string; name: string }[] }>(
      server,
      'GET',
      '/teams/default/automations',
    );
    const loss = automations.automations.find((a) => a.name === 'loss above 2');
    expect(loss).toBeDefined();
    // The TypeScript run diverges past 2 after the file was applied: the automation fires on it.
    const fired = await eventually(async () => {
      const history = await apiCall<{ executions: { event: Record<string, unknown> }[] }>(
        server,
        'GET',
        `/automations/${loss?.id}/executions`,
      );
      return history.executions.find((e) => e.event.run_name === 'resnet-ts-example');
    }, 30_000);
    expect(fired.event.metric_name).toBe('loss');
  }, 120_000);
});

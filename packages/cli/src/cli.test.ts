import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../sdk/src/testing/test-server.js';
import { runCliProcess } from './testing/run-cli.js';

// The example file is written for a fresh start's team `default`; the test server's team is `ml`.
const EXAMPLE = join(mkdtempSync(join(tmpdir(), 'bw-cli-example-')), 'automations.yaml');
writeFileSync(
  EXAMPLE,
  readFileSync(join(import.meta.dirname, '../../../examples/automations.yaml'), 'utf8').replaceAll(
    'team: default',
    'team: ml',
  ),
);

// Each CLI call is a child process that loads TypeScript through tsx: seconds each on a busy machine.
describe('the bellwether CLI against a real server', { timeout: 120_000 }, () => {
  let server: TestServer;
  let home: string;
  let paths: Set<string>;
  const env = () => ({
    HOME: home,
    XDG_CONFIG_HOME: '',
    BELLWETHER_URL: server.url,
    BELLWETHER_API_KEY: server.apiKey,
  });
  const cli = (args: string[], stdin?: string) =>
    runCliProcess(args, { env: env(), ...(stdin ? { stdin } : {}) });

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    home = mkdtempSync(join(tmpdir(), 'bw-cli-'));
    await server.app.request('POST', '/api/v1/teams/ml/projects', { body: { name: 'cifar' } });
    const doc = await server.app.request('GET', '/api/openapi.json');
    paths = new Set(Object.keys(doc.body.paths));
  });
  afterAll(() => server.close());

  it('stores the login with mode 0600 and uses it without environment variables', async () => {
    const login = await runCliProcess(['login', '--url', server.url, '--team', 'ml'], {
      env: { HOME: home, XDG_CONFIG_HOME: '', BELLWETHER_URL: undefined, BELLWETHER_API_KEY: undefined },
      stdin: `${server.apiKey}\n`,
    });
    expect(login.stderr).toBe('');
    expect(login.code).toBe(0);
    const file = join(home, '.config/bellwether/config.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      url: server.url,
      apiKey: server.apiKey,
      team: 'ml',
    });
    const projects = await runCliProcess(['projects', '--json'], {
      env: { HOME: home, XDG_CONFIG_HOME: '', BELLWETHER_URL: undefined, BELLWETHER_API_KEY: undefined },
    });
    expect(projects.code).toBe(0);
    expect(JSON.parse(projects.stdout).map((p: { name: string }) => p.name)).toEqual(['cifar']);
  });

  it('exits 2 on usage mistakes and 1 when the server refuses, naming the problem', async () => {
    const usage = await cli(['runs', 'list', '--project', 'cifar', '--bogus']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/unknown option/);
    const missing = await cli(['projects', '--team', 'nope']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/error: Team 'nope' was not found.*HTTP 404/);
    const help = await cli(['automations', 'apply', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--prune/);
  });

  it('logs JSON lines from stdin into a run and lists it', async () => {
    const lines = Array.from({ length: 300 }, (_, i) => JSON.stringify({ loss: 1 / (i + 1) }));
    lines.push(JSON.stringify({ step: 500, values: { loss: 0.001, note: 'done' } }));
    const log = await cli(
      ['log', '--team', 'ml', '--project', 'cifar', '--run', 'piped', '--batch', '64', '--finish', '--json'],
      `${lines.join('\n')}\n`,
    );
    expect(log.code).toBe(0);
    expect(JSON.parse(log.stdout)).toEqual({ run_id: 'piped', rows: 301, failed_rows: 0, state: 'finished' });
    const runs = await cli(['runs', 'list', '--team', 'ml', '--project', 'cifar', '--json']);
    const run = JSON.parse(runs.stdout).find((r: { run_id: string }) => r.run_id === 'piped');
    expect(run).toMatchObject({ state: 'finished', last_step: 500 });
    const table = await cli(['runs', 'list', '--team', 'ml', '--project', 'cifar']);
    expect(table.stdout).toMatch(/^RUN ID\s+NAME\s+STATE/);
    expect(table.stdout).toMatch(/piped\s+piped\s+finished/);
  });

  it('applies the example file once, then finds nothing to change, and round-trips through export', async () => {
    const first = await cli(['automations', 'apply', '-f', EXAMPLE]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^\+ loss above 2$/m);
    expect(first.stdout).toMatch(/^\+ production model$/m);
    const second = await cli(['automations', 'apply', '-f', EXAMPLE]);
    expect(second.stdout.trim()).toBe('No changes.');
    const exported = join(home, 'exported.yaml');
    expect((await cli(['automations', 'export', '--team', 'ml', '-o', exported])).code).toBe(0);
    const again = await cli(['automations', 'apply', '-f', exported, '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ added: [], changed: [], removed: [] });
  });

  it('shows changed fields and prunes what the file no longer has', async () => {
    const file = join(home, 'edited.yaml');
    const text = readFileSync(EXAMPLE, 'utf8')
      .replace(/threshold: 2\b/, 'threshold: 3')
      .replace(/ {2}- name: run failed[\s\S]*?action: \{ ?type: NO_OP ?\}\n/, '');
    writeFileSync(file, text);
    const dry = await cli(['automations', 'apply', '-f', file, '--prune', '--dry-run']);
    expect(dry.stdout).toMatch(/^~ loss above 2\n {4}event\.metric\.threshold: 2 → 3$/m);
    expect(dry.stdout).toMatch(/^- run failed$/m);
    expect(dry.stdout).toMatch(/Dry run/);
    const kept = await cli(['automations', 'apply', '-f', file]);
    expect(kept.stdout).toMatch(/not in the file are kept.*run failed/);
    await cli(['automations', 'apply', '-f', file, '--prune']);
    const list = JSON.parse((await cli(['automations', 'list', '--team', 'ml', '--json'])).stdout);
    expect(list.map((a: { name: string }) => a.name)).not.toContain('run failed');
    expect(list.find((a: { name: string }) => a.name === 'loss above 2').event.metric.threshold).toBe(3);
  });

  it('refuses an invalid file before sending anything, naming the field', async () => {
    const file = join(home, 'bad.yaml');
    writeFileSync(
      file,
      'team: ml\nautomations:\n  - name: bad\n    scope: {type: project, team: ml, project: cifar}\n    event: {type: RUN_METRIC_THRESHOLD, metric: {name: loss, window: 0, agg: MIN, cmp: $gt, threshold: 1}}\n    action: {type: NO_OP}\n',
    );
    const result = await cli(['automations', 'apply', '-f', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/automations\[0\]\.event\.metric\.window: must be an integer/);
  });

  it('disables, enables and deletes an automation by name', async () => {
    const disabled = await cli(['automations', 'disable', 'gradient spike', '--team', 'ml', '--json']);
    expect(JSON.parse(disabled.stdout).enabled).toBe(false);
    const enabled = await cli(['automations', 'enable', 'gradient spike', '--team', 'ml']);
    expect(enabled.stdout.trim()).toBe('gradient spike: enabled');
    const deleted = await cli(['automations', 'delete', 'gradient spike', '--team', 'ml']);
    expect(deleted.code).toBe(0);
    const get = await cli(['automations', 'get', 'gradient spike', '--team', 'ml']);
    expect(get.code).toBe(1);
  });

  it('lists the executions a logged run fired', async () => {
    const lines = Array.from({ length: 6 }, () => JSON.stringify({ loss: 5 })).join('\n');
    expect((await cli(['log', '--team', 'ml', '--project', 'cifar', '--run', 'hot'], lines)).code).toBe(0);
    const listed = await cli(['executions', 'list', '--project', 'cifar', '--team', 'ml', '--json']);
    expect(listed.code).toBe(0);
    const fired = JSON.parse(listed.stdout).filter(
      (e: { event: { run_id?: string } }) => e.event.run_id === 'hot',
    );
    expect(fired.map((e: { automation_name: string }) => e.automation_name)).toEqual(['loss above 2']);
    const usage = await cli(['executions', 'list']);
    expect(usage.code).toBe(2);
  });

  it('runs the server with --role api until SIGTERM, answering health checks', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bw-serve-'));
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(import.meta.dirname, 'main.ts'),
        'serve',
        '--role',
        'api',
        '--port',
        '0',
        '--data-dir',
        dataDir,
      ],
      {
        env: {
          ...process.env,
          BELLWETHER_ADMIN_API_KEY: 'bw_serve_test_key_0123456789',
          BELLWETHER_LOG_LEVEL: 'info',
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const url = await new Promise<string>((resolve, reject) => {
      let seen = '';
      child.stdout.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        const match = /"url":"(http:[^"]+)"/.exec(seen);
        if (match?.[1]) resolve(match[1]);
      });
      child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${seen}`)));
    });
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('sets a secret from stdin and lists its name but never its value', async (ctx) => {
    if (!paths.has('/api/v1/teams/{team}/secrets/{name}')) ctx.skip();
    const set = await cli(['secrets', 'set', 'GITHUB_TOKEN', '--team', 'ml'], 'ghp_supersecret\n');
    expect(set.stderr).toBe('');
    expect(set.code).toBe(0);
    const list = await cli(['secrets', 'list', '--team', 'ml']);
    expect(list.stdout).toMatch(/GITHUB_TOKEN/);
    expect(list.stdout).not.toMatch(/supersecret/);
    expect((await cli(['secrets', 'delete', 'GITHUB_TOKEN', '--team', 'ml'])).code).toBe(0);
  });
});

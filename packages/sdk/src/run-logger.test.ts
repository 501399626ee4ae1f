import { TEST_DIALECTS } from '@bellwether/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BellwetherApiError } from './api-error.js';
import { createClient, unwrap } from './client.js';
import { init } from './run-logger.js';
import { startTestServer, type TestServer } from './testing/test-server.js';

const noSleep = async () => {};

for (const { dialect, available } of TEST_DIALECTS) {
  describe.skipIf(!available)(`the run logger against a real server on ${dialect}`, () => {
    let server: TestServer;
    const base = () => ({
      team: 'ml',
      project: 'cifar',
      baseUrl: server.url,
      apiKey: server.apiKey,
      finishOnExit: false,
      sleep: noSleep,
    });
    const history = async (runId: string) => {
      const client = createClient({ baseUrl: server.url, apiKey: server.apiKey });
      const body = unwrap(
        await client.GET('/api/v1/teams/{team}/projects/{project}/runs/{runId}/history', {
          params: {
            path: { team: 'ml', project: 'cifar', runId },
            query: { keys: 'loss', samples: 100_000 },
          },
        }),
      );
      return body.series.loss;
    };
    const runState = async (runId: string) => {
      const client = createClient({ baseUrl: server.url, apiKey: server.apiKey });
      return unwrap(
        await client.GET('/api/v1/teams/{team}/projects/{project}/runs/{runId}', {
          params: { path: { team: 'ml', project: 'cifar', runId } },
        }),
      );
    };

    beforeAll(async () => {
      server = await startTestServer(dialect);
      await server.app.request('POST', '/api/v1/teams/ml/projects', { body: { name: 'cifar' } });
    });
    afterAll(() => server.close());

    it('stores 10,000 points exactly once when every third request fails with a 503', async () => {
      let requests = 0;
      let failures = 0;
      // Odd failures reach the server and lose the answer; even ones never arrive. Both are retried.
      const flaky: typeof fetch = async (input, init) => {
        const request = input instanceof Request ? input : new Request(input, init);
        requests += 1;
        if (requests % 3 !== 0) return fetch(request);
        failures += 1;
        if (failures % 2 === 1) await fetch(request.clone());
        return new Response('{"detail":"try again"}', { status: 503 });
      };
      const run = await init({ ...base(), runId: 'flaky', fetch: flaky, maxBatchRows: 400 });
      for (let i = 0; i < 10_000; i++) run.log({ loss: 1 / (i + 1) });
      const result = await run.finish();
      expect(result).toMatchObject({ state: 'finished', sentRows: 10_000, failedBatches: [] });
      expect(failures).toBeGreaterThan(5);
      const series = await history('flaky');
      expect(series?.total).toBe(10_000);
      expect(series?.steps[0]).toBe(0);
      expect(series?.steps.at(-1)).toBe(9_999);
      expect(series?.last.at(-1)).toBeCloseTo(1 / 10_000);
    });

    it('retries network errors until the batch gets through', async () => {
      let calls = 0;
      const broken: typeof fetch = async (input, init) => {
        calls += 1;
        if (calls === 2 || calls === 3) throw new TypeError('fetch failed');
        return fetch(input, init);
      };
      const run = await init({ ...base(), runId: 'net', fetch: broken });
      run.log({ loss: 3 });
      run.log({ loss: 2 });
      await run.finish();
      expect((await history('net'))?.total).toBe(2);
    });

    it('reports a batch the server refuses instead of retrying it forever', async () => {
      let posts = 0;
      const counting: typeof fetch = async (input, init) => {
        if ((input instanceof Request ? input.method : init?.method) === 'POST') posts += 1;
        return fetch(input, init);
      };
      const run = await init({ ...base(), runId: 'refused', fetch: counting });
      run.log({ ['k'.repeat(300)]: 1 });
      const result = await run.finish();
      expect(posts).toBe(1);
      expect(result.failedBatches).toHaveLength(1);
      const refused = result.failedBatches[0]?.error;
      expect(refused).toBeInstanceOf(BellwetherApiError);
      expect(refused instanceof BellwetherApiError && refused.status).toBe(422);
    });

    it('numbers steps automatically and resumes after the last stored step', async () => {
      const first = await init({ ...base(), runId: 'resume' });
      first.log({ loss: 1 });
      first.log({ loss: 2 });
      first.log({ acc: 0.5 }, { step: 1 });
      await first.flush();
      const again = await init({ ...base(), runId: 'resume' });
      expect(again.step).toBe(2);
      again.log({ loss: 3 });
      await again.finish();
      const series = await history('resume');
      expect(series?.steps).toEqual([0, 1, 2]);
      expect((await runState('resume')).summary).toMatchObject({ loss: 3, acc: 0.5 });
    });

    it('sends buffered rows on the timer without an explicit flush', async () => {
      const run = await init({ ...base(), runId: 'timer', flushIntervalMs: 20 });
      run.log({ loss: Number.NaN });
      run.log({ loss: 1 });
      for (let i = 0; i < 100 && (await history('timer'))?.total !== 2; i++) {
        await new Promise((r) => setTimeout(r, 20));
      }
      expect((await history('timer'))?.last).toEqual(['NaN', 1]);
      await run.finish();
    });

    it('marks the run finished on exit code 0 and failed otherwise', async () => {
      const ok = await init({ ...base(), runId: 'ok', displayName: 'resnet-1', tags: ['a'] });
      expect((await ok.finish()).state).toBe('finished');
      const bad = await init({ ...base(), runId: 'bad' });
      await bad.finish({ exitCode: 2 });
      expect((await runState('ok')).state).toBe('finished');
      expect((await runState('ok')).display_name).toBe('resnet-1');
      expect((await runState('bad')).state).toBe('failed');
      expect(() => bad.log({ loss: 1 })).toThrow(/finished/);
    });

    it('throws a BellwetherApiError carrying the problem when the project does not exist', async () => {
      const error = await init({ ...base(), project: 'nope' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BellwetherApiError);
      expect((error as BellwetherApiError).status).toBe(404);
      expect((error as BellwetherApiError).problem.code).toBe('not_found');
    });
  });
}

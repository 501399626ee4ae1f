import { TEST_DIALECTS } from '@bellwether/storage';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.js';

const P = '/api/v1/teams/ml/projects/cifar';

for (const { dialect, available } of TEST_DIALECTS) {
  describe.skipIf(!available)(`tracking API on ${dialect}`, () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await startTestApp(dialect);
      expect((await t.request('POST', '/api/v1/teams/ml/projects', { body: { name: 'cifar' } })).status).toBe(
        201,
      );
    });
    afterEach(async () => t.close());

    it('signs in with a password, keeps the session in a cookie, and signs out', async () => {
      const login = await t.request('POST', '/api/v1/auth/login', {
        key: null,
        body: { username: 'admin', password: 'admin-password' },
      });
      expect(login.status).toBe(200);
      const cookie = login.headers.get('set-cookie') ?? '';
      expect(cookie).toMatch(/bw_session=.+HttpOnly/i);
      const session = cookie.split(';')[0] as string;
      const viewer = await t.request('GET', '/api/v1/viewer', { key: null, headers: { cookie: session } });
      expect(viewer.body).toMatchObject({
        username: 'admin',
        is_admin: true,
        teams: [{ name: 'ml', role: 'admin' }],
      });
      expect(
        (await t.request('POST', '/api/v1/auth/logout', { key: null, headers: { cookie: session } })).status,
      ).toBe(204);
      expect(
        (await t.request('GET', '/api/v1/viewer', { key: null, headers: { cookie: session } })).status,
      ).toBe(401);
      const wrong = await t.request('POST', '/api/v1/auth/login', {
        key: null,
        body: { username: 'admin', password: 'nope' },
      });
      expect(wrong.status).toBe(401);
      expect(wrong.headers.get('content-type')).toBe('application/problem+json');
    });

    it('creates a run, updates it, and emits state events only on a change', async () => {
      const created = await t.request('PUT', `${P}/runs/r1`, {
        body: { display_name: 'resnet-1', config: { lr: 0.1 }, tags: ['a'] },
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        run_id: 'r1',
        display_name: 'resnet-1',
        state: 'running',
        user: 'admin',
        config: { lr: 0.1 },
      });
      const again = await t.request('PUT', `${P}/runs/r1`, { body: { tags: ['a', 'b'] } });
      expect(again.status).toBe(200);
      expect(again.body.tags).toEqual(['a', 'b']);
      const finished = await t.request('PATCH', `${P}/runs/r1`, { body: { state: 'finished' } });
      expect(finished.body.state).toBe('finished');
      expect(t.events.map((e) => e.type === 'run_state' && [e.from, e.to])).toEqual([
        [null, 'running'],
        ['running', 'finished'],
      ]);
      const illegal = await t.request('PATCH', `${P}/runs/r1`, { body: { state: 'failed' } });
      expect(illegal.status).toBe(409);
      expect((await t.request('PATCH', `${P}/runs/r1`, { body: { state: 'running' } })).body.state).toBe(
        'running',
      );
      expect((await t.request('PATCH', `${P}/runs/nope`, { body: { state: 'running' } })).status).toBe(404);
      const list = await t.request('GET', `${P}/runs?state=running`);
      expect(list.body.runs.map((r: { run_id: string }) => r.run_id)).toEqual(['r1']);
    });

    it('logs history, merges a step logged twice, keeps non-numeric values in the summary and reads downsampled series', async () => {
      await t.request('PUT', `${P}/runs/r1`, { body: {} });
      const first = await t.request('POST', `${P}/runs/r1/history`, {
        body: {
          rows: [
            { step: 0, values: { loss: 2, acc: 0.1, phase: 'warmup' } },
            { values: { loss: 'NaN' } },
            { values: { loss: 'Infinity', acc: 0.2 } },
          ],
        },
      });
      expect(first.body).toEqual({ points: 5, last_step: 2 });
      const second = await t.request('POST', `${P}/runs/r1/history`, {
        body: { rows: [{ step: 1, values: { loss: 1.5 } }] },
      });
      expect(second.body).toEqual({ points: 1, last_step: 2 });
      const run = await t.request('GET', `${P}/runs/r1`);
      expect(run.body.summary).toEqual({ loss: 1.5, acc: 0.2, phase: 'warmup' });
      const history = await t.request('GET', `${P}/runs/r1/history?keys=loss,acc`);
      expect(history.body.series.loss).toMatchObject({
        total: 3,
        steps: [0, 1, 2],
        last: [2, 1.5, 'Infinity'],
      });
      expect(history.body.series.acc).toMatchObject({ steps: [0, 2], last: [0.1, 0.2] });
      const events = t.events.filter((e) => e.type === 'run_history');
      expect(events).toHaveLength(2);
      const firstPoints = events[0]?.type === 'run_history' ? events[0].points : [];
      expect(firstPoints.map((p) => [p.step, p.key, p.value])).toEqual([
        [0, 'loss', 2],
        [0, 'acc', 0.1],
        [1, 'loss', Number.NaN],
        [2, 'loss', Number.POSITIVE_INFINITY],
        [2, 'acc', 0.2],
      ]);
    });

    it('downsamples 5,000 points to the requested number of buckets', async () => {
      await t.request('PUT', `${P}/runs/r1`, { body: {} });
      const rows = Array.from({ length: 5000 }, (_, i) => ({ step: i, values: { loss: Math.sin(i / 50) } }));
      expect((await t.request('POST', `${P}/runs/r1/history`, { body: { rows } })).status).toBe(200);
      const series = (await t.request('GET', `${P}/runs/r1/history?keys=loss&samples=100`)).body.series.loss;
      expect(series.total).toBe(5000);
      expect(series.steps).toHaveLength(100);
      expect(Math.max(...series.max)).toBeCloseTo(1, 3);
      expect(Math.min(...series.min)).toBeCloseTo(-1, 3);
    });

    it('emits nothing and writes nothing when the event hook fails the transaction', async () => {
      const failing = await startTestApp(dialect, {
        onEvents: async () => {
          throw new Error('engine exploded');
        },
      });
      try {
        await failing.request('POST', '/api/v1/teams/ml/projects', { body: { name: 'p' } });
        const put = await failing.request('PUT', '/api/v1/teams/ml/projects/p/runs/r1', { body: {} });
        expect(put.status).toBe(500);
        expect(put.body.detail).not.toContain('exploded');
        const get = await failing.request('GET', '/api/v1/teams/ml/projects/p/runs/r1');
        expect(get.status).toBe(404);
      } finally {
        await failing.close();
      }
    });

    it('serves an OpenAPI document that lists the routes', async () => {
      const doc = await t.request('GET', '/api/openapi.json', { key: null });
      expect(doc.status).toBe(200);
      expect(Object.keys(doc.body.paths)).toContain(
        '/api/v1/teams/{team}/projects/{project}/runs/{runId}/history',
      );
    });
  });
}

import { TEST_DIALECTS } from '@bellwether/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.js';

const P = '/api/v1/teams/ml/projects/cifar';

function expectProblem(
  res: { status: number; headers: Headers; body: unknown },
  status: number,
  field?: string,
) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  const body = res.body as { detail: string; errors?: { path: string }[] };
  expect(body.detail.length).toBeGreaterThan(5);
  if (field) expect(body.errors?.map((e) => e.path)).toContain(field);
}

for (const { dialect, available } of TEST_DIALECTS) {
  describe.skipIf(!available)(`bad input on ${dialect}`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(dialect, { bodyLimitBytes: 64 * 1024 });
      await t.request('POST', '/api/v1/teams/ml/projects', { body: { name: 'cifar' } });
      await t.request('PUT', `${P}/runs/r1`, { body: {} });
      await t.request('POST', `${P}/runs/r1/history`, { body: { rows: [{ step: 0, values: { loss: 1 } }] } });
    });
    afterAll(async () => t.close());

    async function unchanged() {
      const run = await t.request('GET', `${P}/runs/r1`);
      expect(run.body.summary).toEqual({ loss: 1 });
      expect(run.body.last_step).toBe(0);
    }

    it('answers malformed JSON with 400', async () => {
      expectProblem(await t.request('POST', `${P}/runs/r1/history`, { raw: '{"rows": [' }), 400);
      expectProblem(
        await t.request('POST', `${P}/runs/r1/history`, { raw: '{"rows":[{"values":{"loss":NaN}}]}' }),
        400,
      );
      await unchanged();
    });

    it('answers a body that is not JSON with 415', async () => {
      const res = await t.request('POST', `${P}/runs/r1/history`, {
        raw: 'rows=1',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expectProblem(res, 415);
    });

    it('names each field of the wrong type', async () => {
      const res = await t.request('POST', `${P}/runs/r1/history`, {
        body: {
          rows: [
            { step: 'one', values: { loss: 1 } },
            { step: 1.5, values: 3 },
          ],
        },
      });
      expectProblem(res, 422, 'rows[0].step');
      expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual([
        'rows[0].step',
        'rows[1].step',
        'rows[1].values',
      ]);
      await unchanged();
    });

    it('refuses unknown fields by name', async () => {
      expectProblem(
        await t.request('POST', `${P}/runs/r1/history`, { body: { rows: [{ values: {} }], extra: true } }),
        422,
        'extra',
      );
      expectProblem(await t.request('PUT', `${P}/runs/r1`, { body: { colour: 'red' } }), 422, 'colour');
      expectProblem(
        await t.request('POST', '/api/v1/teams/ml/projects', { body: { name: 'x', owner: 'me' } }),
        422,
        'owner',
      );
    });

    it('refuses a body over the limit with 413 and writes nothing', async () => {
      const rows = Array.from({ length: 5000 }, (_, i) => ({ step: i + 1, values: { loss: 0.5 } }));
      expectProblem(await t.request('POST', `${P}/runs/r1/history`, { body: { rows } }), 413);
      await unchanged();
    });

    it('refuses a negative step, an empty batch and an empty key', async () => {
      expectProblem(
        await t.request('POST', `${P}/runs/r1/history`, { body: { rows: [{ step: -1, values: { a: 1 } }] } }),
        422,
        'rows[0].step',
      );
      expectProblem(await t.request('POST', `${P}/runs/r1/history`, { body: { rows: [] } }), 422, 'rows');
      expectProblem(
        await t.request('POST', `${P}/runs/r1/history`, { body: { rows: [{ values: { '': 1 } }] } }),
        422,
      );
      await unchanged();
    });

    it('answers unknown teams, projects and runs with 404', async () => {
      expectProblem(await t.request('GET', '/api/v1/teams/nope/projects'), 404);
      expectProblem(await t.request('GET', '/api/v1/teams/ml/projects/nope/runs'), 404);
      expectProblem(await t.request('GET', `${P}/runs/nope`), 404);
      expectProblem(
        await t.request('POST', `${P}/runs/nope/history`, { body: { rows: [{ values: { a: 1 } }] } }),
        404,
      );
      expectProblem(await t.request('GET', '/api/v1/no/such/route'), 404);
    });

    it('refuses empty names and names with a slash', async () => {
      expectProblem(
        await t.request('POST', '/api/v1/teams/ml/projects', { body: { name: '' } }),
        422,
        'name',
      );
      expectProblem(
        await t.request('POST', '/api/v1/teams/ml/projects', { body: { name: 'a/b' } }),
        422,
        'name',
      );
      expectProblem(await t.request('POST', '/api/v1/teams', { body: { name: 'x/y' } }), 422, 'name');
      expectProblem(
        await t.request('PUT', `${P}/runs/${encodeURIComponent('a/b')}`, { body: {} }),
        422,
        'path.runId',
      );
      expect((await t.request('GET', '/api/v1/teams/ml/projects')).body.projects).toHaveLength(1);
    });

    it('refuses values nested too deeply to store, instead of failing to serialize them', async () => {
      const deep = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
      expectProblem(await t.request('PUT', `${P}/runs/r1`, { raw: `{"config":${deep}}` }), 422, 'config');
      expectProblem(
        await t.request('POST', `${P}/runs/r1/history`, { raw: `{"rows":[{"values":{"blob":${deep}}}]}` }),
        422,
        'rows[0].values.blob',
      );
      await unchanged();
    });

    it('refuses duplicates with 409', async () => {
      expectProblem(
        await t.request('POST', '/api/v1/teams/ml/projects', { body: { name: 'cifar' } }),
        409,
        'name',
      );
      expectProblem(await t.request('POST', '/api/v1/teams', { body: { name: 'ml' } }), 409, 'name');
    });

    it('refuses a bad query parameter by name', async () => {
      expectProblem(await t.request('GET', `${P}/runs/r1/history?samples=0`), 422, 'query.samples');
      expectProblem(await t.request('GET', `${P}/runs?state=sleeping`), 422, 'query.state');
    });
  });
}

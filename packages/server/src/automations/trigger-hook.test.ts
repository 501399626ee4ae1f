import { TEST_DIALECTS } from '@bellwether/storage';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.js';

const P = '/api/v1/teams/ml/projects/cifar';

/** The parts of an execution on the wire that these tests read. */
interface ExecutionWire {
  id: string;
  automation_name: string | null;
  status: string;
  reason: string;
  event: { run_id?: string; run_status?: string; step?: number } & Record<string, unknown>;
  deliveries: Array<Record<string, unknown>>;
}

function threshold(name: string, metric: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    name,
    scope: { type: 'project', team: 'ml', project: 'cifar' },
    event: {
      type: 'RUN_METRIC_THRESHOLD',
      metric: { name: 'loss', cmp: '$gt', threshold: 2, ...metric },
      cooldown_seconds: 0,
      ...extra,
    },
    action: { type: 'NO_OP' },
  };
}

for (const { dialect, available } of TEST_DIALECTS) {
  describe.skipIf(!available)(`trigger hook on ${dialect}`, () => {
    let t: TestApp;
    let now: number;
    beforeEach(async () => {
      now = 1_700_000_000_000;
      t = await startTestApp(dialect, { clock: () => now });
      expect((await t.request('POST', '/api/v1/teams/ml/projects', { body: { name: 'cifar' } })).status).toBe(
        201,
      );
    });
    afterEach(async () => t.close());

    const create = async (body: unknown) => {
      const res = await t.request('POST', '/api/v1/teams/ml/automations', { body });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.id as string;
    };
    const log = async (run: string, values: number[], key = 'loss') => {
      const res = await t.request('POST', `${P}/runs/${run}/history`, {
        body: { rows: values.map((v) => ({ values: { [key]: v } })) },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    };
    const executions = async (automationId: string) => {
      const res = await t.request('GET', `/api/v1/automations/${automationId}/executions`);
      expect(res.status).toBe(200);
      return res.body.executions as ExecutionWire[];
    };
    const putRun = async (run: string, body: Record<string, unknown> = {}) => {
      const res = await t.request('PUT', `${P}/runs/${run}`, { body });
      expect([200, 201]).toContain(res.status);
    };

    const insertWebhook = async () => {
      await t.storage.db
        .insertInto('webhooks')
        .values({
          id: 'whk_1',
          team_id: (await t.storage.db.selectFrom('teams').select('id').executeTakeFirstOrThrow()).id,
          name: 'hook',
          url: 'https://example.com/hook',
          access_token_secret: null,
          secret: null,
          failing_since: null,
          disabled_at: null,
          disabled_reason: null,
          created_at: 0,
          updated_at: 0,
        })
        .execute();
    };

    it('records a pending delivery for a webhook action and a finished execution for NO_OP', async () => {
      await insertWebhook();
      const hook = await create({
        ...threshold('hook', { window: 2, agg: 'AVERAGE' }),
        action: { type: 'GENERIC_WEBHOOK', webhook_id: 'whk_1', payload: { run: '${run_name}' } },
      });
      const noop = await create(threshold('noop', { window: 2, agg: 'AVERAGE' }));
      await putRun('r1', { display_name: 'resnet-1' });
      await log('r1', [1, 2, 3, 4]);
      const [fired] = await executions(hook);
      expect(await executions(hook)).toHaveLength(1);
      expect(fired).toMatchObject({
        automation_id: hook,
        automation_name: 'hook',
        status: 'pending',
        event: {
          type: 'RUN_METRIC_THRESHOLD',
          author: 'admin',
          run_id: 'r1',
          step: 2,
          metric_values: [2, 3],
        },
        deliveries: [{ action_type: 'GENERIC_WEBHOOK', status: 'pending', attempt_count: 0 }],
      });
      expect(fired?.deliveries[0]?.next_attempt_at).toBe(now);
      const [done] = await executions(noop);
      expect(done).toMatchObject({ status: 'finished', finished_at: now, deliveries: [] });
      const detail = await t.request('GET', `/api/v1/executions/${fired?.id}`);
      expect(detail.body.deliveries[0]).toMatchObject({ action: { webhook_id: 'whk_1' }, attempts: [] });
      const run = await t.request('GET', `${P}/runs/r1`);
      expect(run.body.triggered_automations.map((x: { name: string }) => x.name).sort()).toEqual([
        'hook',
        'noop',
      ]);
      const automation = await t.request('GET', `/api/v1/automations/${hook}`);
      expect(automation.body).toMatchObject({
        last_execution_at: now,
        last_execution: { status: 'pending' },
      });
    });

    it('fires once while a metric hovers above the threshold and again only after it was re-armed', async () => {
      const id = await create(threshold('hover', {}));
      await putRun('r1');
      await log('r1', [3, 4, 5]);
      await log('r1', [6]);
      expect(await executions(id)).toHaveLength(1);
      await log('r1', [1, 3]);
      const list = await executions(id);
      expect(list.map((e) => e.event.step)).toEqual([5, 0]);
    });

    it('records every firing of a batch too large for one statement of bound values', async () => {
      // 10,000 rows crossing 5,000 times: 5,000 executions and deliveries, more values than one
      // INSERT may bind (SQLite 32,766, Postgres 65,535).
      await insertWebhook();
      const id = await create({
        ...threshold('every crossing', {}, { rate_limit_per_minute: 10_000 }),
        action: { type: 'GENERIC_WEBHOOK', webhook_id: 'whk_1', payload: { value: '${metric_value}' } },
      });
      await putRun('r1');
      await log(
        'r1',
        Array.from({ length: 10_000 }, (_, i) => (i % 2 === 0 ? 1 : 3)),
      );
      const count = async (table: 'executions' | 'deliveries') =>
        Number(
          (
            await t.storage.db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll().as('n'))
              .where('automation_id', '=', id)
              .executeTakeFirstOrThrow()
          ).n,
        );
      expect(await count('executions')).toBe(5000);
      expect(await count('deliveries')).toBe(5000);
    });

    it('counts every firing against the rate limit when runs log at the same moment', async () => {
      // Eight runs cross the threshold in concurrent writes (eight transactions on Postgres): the
      // limit lets 3 a minute fire, so 3 fire and 5 are kept as skipped, however they interleave.
      const id = await create(threshold('rated', {}, { rate_limit_per_minute: 3 }));
      const runs = Array.from({ length: 8 }, (_, i) => `r${i}`);
      for (const run of runs) await putRun(run);
      await Promise.all(runs.map((run) => log(run, [3])));
      const statuses = (await executions(id)).map((e) => e.status);
      expect(statuses).toHaveLength(8);
      expect(statuses.filter((s) => s === 'skipped')).toHaveLength(5);
    });

    it('swallows a re-armed firing inside the cooldown and fires after it', async () => {
      const id = await create(threshold('cool', {}, { cooldown_seconds: 60 }));
      await putRun('r1');
      await log('r1', [3, 1, 3]);
      expect(await executions(id)).toHaveLength(1);
      now += 61_000;
      await log('r1', [3]);
      expect(await executions(id)).toHaveLength(1);
      await log('r1', [1, 3]);
      expect((await executions(id)).map((e) => e.event.step)).toEqual([5, 0]);
    });

    it('fires nothing for a disabled automation, a run outside the filter, or a killed run', async () => {
      const disabled = await create({ ...threshold('off', {}), enabled: false });
      const filtered = await create(
        threshold('resnets', {}, { run_filter: { display_name: { $regex: '^resnet' } } }),
      );
      const all = await create(threshold('all', {}));
      await putRun('vgg', { display_name: 'vgg-16' });
      await log('vgg', [5]);
      await putRun('dead', { display_name: 'resnet-dead', state: 'killed' });
      await log('dead', [5]);
      expect(await executions(disabled)).toHaveLength(0);
      expect(await executions(filtered)).toHaveLength(0);
      expect((await executions(all)).map((e) => e.event.run_id)).toEqual(['vgg']);
    });

    it('fires RUN_STATE on failed and on crashed, which counts as failed', async () => {
      const id = await create({
        name: 'failures',
        scope: { type: 'team', team: 'ml' },
        event: { type: 'RUN_STATE', states: ['failed'] },
        action: { type: 'NO_OP' },
      });
      await putRun('a');
      await putRun('b');
      await putRun('c');
      await putRun('a', { state: 'failed' });
      await putRun('b', { state: 'crashed' });
      await putRun('c', { state: 'killed' });
      const list = await executions(id);
      expect(list.map((e) => [e.event.run_id, e.event.run_status])).toEqual([
        ['b', 'crashed'],
        ['a', 'failed'],
      ]);
      expect(list[0]?.reason).toContain('counts as failed');
    });

    it('fires automations at team and project scope on one write, and none of another project', async () => {
      expect((await t.request('POST', '/api/v1/teams/ml/projects', { body: { name: 'other' } })).status).toBe(
        201,
      );
      const project = await create(threshold('project', {}));
      const team = await create({ ...threshold('team', {}), scope: { type: 'team', team: 'ml' } });
      const other = await create({
        ...threshold('other', {}),
        scope: { type: 'project', team: 'ml', project: 'other' },
      });
      await putRun('r1');
      await log('r1', [9]);
      expect(await executions(project)).toHaveLength(1);
      expect(await executions(team)).toHaveLength(1);
      expect(await executions(other)).toHaveLength(0);
      const history = await t.request('GET', `${P}/executions?limit=1`);
      expect(history.body.executions).toHaveLength(1);
      const rest = await t.request('GET', `${P}/executions?limit=1&cursor=${history.body.next_cursor}`);
      expect(rest.body.executions).toHaveLength(1);
      expect(rest.body.next_cursor).toBeNull();
      expect(rest.body.executions[0].id < history.body.executions[0].id).toBe(true);
    });

    it('fires artifact automations on a new version in a collection and on a registry link', async () => {
      const A = `${P}/artifacts`;
      expect((await t.request('POST', A, { body: { name: 'resnet', type: 'model' } })).status).toBe(201);
      expect((await t.request('POST', '/api/v1/registries', { body: { name: 'model' } })).status).toBe(201);
      const R = '/api/v1/registries/model';
      expect((await t.request('PUT', `${R}/members/team:ml`, { body: { role: 'viewer' } })).status).toBe(200);
      expect(
        (await t.request('POST', `${R}/collections`, { body: { name: 'classifier', type: 'model' } })).status,
      ).toBe(201);
      const created = await create({
        name: 'new resnet',
        scope: { type: 'artifact_collection', team: 'ml', project: 'cifar', collection: 'resnet' },
        event: { type: 'CREATE_ARTIFACT' },
        action: { type: 'NO_OP' },
      });
      const linked = await create({
        name: 'linked',
        scope: { type: 'team', team: 'ml' },
        event: { type: 'LINK_ARTIFACT' },
        action: { type: 'NO_OP' },
      });
      expect((await t.request('POST', `${A}/resnet/versions`, { body: { digest: 'a' } })).status).toBe(201);
      const [version] = await executions(created);
      expect(version?.event).toMatchObject({ type: 'CREATE_ARTIFACT', artifact_version_index: 0 });
      expect(
        (
          await t.request('POST', `${R}/collections/classifier/links`, {
            body: { artifact: 'ml/cifar/resnet:v0' },
          })
        ).status,
      ).toBe(201);
      const [link] = await executions(linked);
      expect(link?.event).toMatchObject({ type: 'LINK_ARTIFACT', project_name: 'model' });
      const registryHistory = await t.request('GET', `${R}/executions`);
      expect(registryHistory.body.executions.map((e: ExecutionWire) => e.automation_name)).toEqual([
        'linked',
      ]);
    });

    it('leaves no execution and no state behind when the write fails after the hook', async () => {
      const failing = await startTestApp(dialect, {
        clock: () => now,
        onEvents: async (_trx, batch) => {
          if (batch.some((e) => e.type === 'run_history')) throw new Error('after the hook');
        },
      });
      try {
        const f = failing.request;
        expect((await f('POST', '/api/v1/teams/ml/projects', { body: { name: 'cifar' } })).status).toBe(201);
        expect((await f('POST', '/api/v1/teams/ml/automations', { body: threshold('x', {}) })).status).toBe(
          201,
        );
        expect((await f('PUT', `${P}/runs/r1`, { body: {} })).status).toBe(201);
        const logged = await f('POST', `${P}/runs/r1/history`, { body: { rows: [{ values: { loss: 9 } }] } });
        expect(logged.status).toBe(500);
        expect(await failing.storage.db.selectFrom('executions').selectAll().execute()).toHaveLength(0);
        expect(await failing.storage.db.selectFrom('deliveries').selectAll().execute()).toHaveLength(0);
        expect(
          await failing.storage.db.selectFrom('automation_run_states').selectAll().execute(),
        ).toHaveLength(0);
      } finally {
        await failing.close();
      }
      const id = await create(threshold('x', {}));
      const ghost = await t.request('POST', `${P}/runs/ghost/history`, {
        body: { rows: [{ values: { loss: 9 } }] },
      });
      expect(ghost.status).toBe(404);
      expect(await executions(id)).toHaveLength(0);
    });

    it('fires exactly as an uninterrupted run when two processes and a rolled-back write take turns', async () => {
      const id = await create(threshold('avg', { window: 4, agg: 'AVERAGE', threshold: 5 }));
      const values = [1, 9, 2, 8, 3, 7, 6, 9, 0, 0, 0, 0, 0, 9, 9, 9, 9, 9, 0, 0, 0, 9, 9, 9, 9, 0, 9, 9];
      const batches: number[][] = [];
      for (let i = 0; i < values.length; i += 2) batches.push(values.slice(i, i + 2));
      await putRun('straight');
      for (const batch of batches) await log('straight', batch);
      // A second process on the same database, and writes of the first that fail after its hook
      // ran (their states must not survive in its cache).
      let failNext = false;
      const other = await startTestApp(dialect, {
        clock: () => now,
        restartOf: t,
        onEvents: async () => {
          if (failNext) {
            failNext = false;
            throw new Error('after the hook');
          }
        },
      });
      try {
        await putRun('shared');
        const post = (app: TestApp, batch: number[]) =>
          app.request('POST', `${P}/runs/shared/history`, {
            body: { rows: batch.map((v) => ({ values: { loss: v } })) },
          });
        for (const [i, batch] of batches.entries()) {
          if (i % 3 === 1) {
            failNext = true;
            expect((await post(other, batch)).status).toBe(500);
          }
          expect((await post(i % 2 === 0 ? t : other, batch)).status).toBe(200);
        }
        const steps = (run: string) =>
          executions(id).then((list) => list.filter((e) => e.event.run_id === run).map((e) => e.event.step));
        expect((await steps('straight')).length).toBeGreaterThan(1);
        expect(await steps('shared')).toEqual(await steps('straight'));
      } finally {
        await other.close();
      }
    });

    it('sees an automation created, edited or deleted by another process on its next write', async () => {
      await putRun('r1');
      await log('r1', [1]);
      const other = await startTestApp(dialect, { clock: () => now, restartOf: t });
      try {
        const created = await other.request('POST', '/api/v1/teams/ml/automations', {
          body: threshold('elsewhere', {}),
        });
        expect(created.status).toBe(201);
        const id = created.body.id as string;
        await log('r1', [3]);
        expect(await executions(id)).toHaveLength(1);
        const edited = await other.request('PATCH', `/api/v1/automations/${id}`, {
          body: { enabled: false },
        });
        expect(edited.status).toBe(200);
        await log('r1', [1, 3]);
        expect(await executions(id)).toHaveLength(1);
        expect((await other.request('DELETE', `/api/v1/automations/${id}`)).status).toBe(204);
        await log('r1', [1, 3]);
        const rows = await t.storage.db
          .selectFrom('executions')
          .select('id')
          .where('automation_id', '=', id)
          .execute();
        expect(rows).toHaveLength(1);
      } finally {
        await other.close();
      }
    });

    it('continues a sequence across a restart exactly where an uninterrupted run fires', async () => {
      const id = await create(threshold('avg', { window: 5, agg: 'AVERAGE', threshold: 5 }));
      const values = [1, 9, 2, 8, 3, 7, 6, 9, 0, 0, 0, 0, 0, 9, 9, 9, 9, 9, 0, 0, 0, 9, 9, 9, 9];
      await putRun('straight');
      for (let i = 0; i < values.length; i += 3) await log('straight', values.slice(i, i + 3));
      await putRun('restarted');
      await log('restarted', values.slice(0, 7));
      const restarted = await startTestApp(dialect, { clock: () => now, restartOf: t });
      try {
        for (let i = 7; i < values.length; i += 3) {
          const res = await restarted.request('POST', `${P}/runs/restarted/history`, {
            body: { rows: values.slice(i, i + 3).map((v) => ({ values: { loss: v } })) },
          });
          expect(res.status).toBe(200);
        }
        const all = await restarted.request('GET', `/api/v1/automations/${id}/executions`);
        const steps = (run: string) =>
          (all.body.executions as ExecutionWire[])
            .filter((e) => e.event.run_id === run)
            .map((e) => e.event.step);
        expect(steps('straight').length).toBeGreaterThan(1);
        expect(steps('restarted')).toEqual(steps('straight'));
      } finally {
        await restarted.close();
      }
    });
  });
}

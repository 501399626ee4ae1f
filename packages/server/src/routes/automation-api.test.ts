import { TEST_DIALECTS } from '@bellwether/storage';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestResponse } from '../testing/test-app.js';

const AUTOMATIONS = '/api/v1/teams/ml/automations';
const VALIDATE = `${AUTOMATIONS}/validate`;

const metricAutomation = (name: string, metric: Record<string, unknown> = {}) => ({
  name,
  scope: { type: 'project', team: 'ml', project: 'cifar' },
  event: { type: 'RUN_METRIC_THRESHOLD', metric: { name: 'loss', cmp: '$gt', threshold: 2, ...metric } },
  action: { type: 'NO_OP' },
});

for (const { dialect, available } of TEST_DIALECTS) {
  describe.skipIf(!available)(`automations API on ${dialect}`, () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await startTestApp(dialect);
      expect((await t.request('POST', '/api/v1/teams/ml/projects', { body: { name: 'cifar' } })).status).toBe(
        201,
      );
      expect((await t.request('POST', '/api/v1/teams', { body: { name: 'nlp' } })).status).toBe(201);
      const teams = await t.storage.db.selectFrom('teams').select(['id', 'name']).execute();
      const teamId = (name: string) => teams.find((x) => x.name === name)?.id as string;
      const webhook = (id: string, team: string, token: string | null, secret: string | null) => ({
        id,
        team_id: teamId(team),
        name: id,
        url: 'https://example.com/hook',
        access_token_secret: token,
        secret,
        failing_since: null,
        disabled_at: null,
        disabled_reason: null,
        created_at: 0,
        updated_at: 0,
      });
      await t.storage.db
        .insertInto('webhooks')
        .values([
          webhook('whk_ml', 'ml', 'GITHUB_TOKEN', 'SIGNING_KEY'),
          webhook('whk_nlp', 'nlp', null, null),
        ])
        .execute();
      await t.storage.db
        .insertInto('slack_integrations')
        .values({
          id: 'slk_ml',
          team_id: teamId('ml'),
          kind: 'bot_token',
          name: 'alerts',
          channel: '#alerts',
          workspace: 'acme',
          credential_ciphertext: 'x',
          created_at: 0,
        })
        .execute();
    });
    afterEach(async () => t.close());

    const post = (body: unknown, key?: string) =>
      t.request('POST', AUTOMATIONS, { body, ...(key ? { key } : {}) });
    const paths = (res: TestResponse) => (res.body.errors ?? []).map((e: { path: string }) => e.path);

    it('creates an automation with defaults, reads, edits, lists and deletes it', async () => {
      const created = await post(metricAutomation('loss spike', { window: 5, agg: 'AVERAGE' }));
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        name: 'loss spike',
        description: '',
        enabled: true,
        scope: { type: 'project', team: 'ml', project: 'cifar' },
        event: {
          type: 'RUN_METRIC_THRESHOLD',
          metric: { name: 'loss', window: 5, agg: 'AVERAGE', cmp: '$gt', threshold: 2 },
          cooldown_seconds: 86400,
          rate_limit_per_minute: 60,
        },
        action: { type: 'NO_OP' },
        last_execution_at: null,
      });
      const id = created.body.id as string;
      expect(id).toMatch(/^aut_/);
      expect((await t.request('GET', `/api/v1/automations/${id}`)).body.name).toBe('loss spike');
      const patched = await t.request('PATCH', `/api/v1/automations/${id}`, { body: { enabled: false } });
      expect(patched.status).toBe(200);
      expect(patched.body.enabled).toBe(false);
      expect(patched.body.updated_at).toBeGreaterThan(created.body.updated_at);
      await post({ ...metricAutomation('team wide'), scope: { type: 'team', team: 'ml' } });
      const byScope = await t.request('GET', `${AUTOMATIONS}?scope_type=team`);
      expect(byScope.body.automations.map((a: { name: string }) => a.name)).toEqual(['team wide']);
      const byProject = await t.request('GET', `${AUTOMATIONS}?project=cifar`);
      expect(byProject.body.automations.map((a: { name: string }) => a.name)).toEqual(['loss spike']);
      const bySearch = await t.request('GET', `${AUTOMATIONS}?search=wide&sort=last_execution`);
      expect(bySearch.body.automations.map((a: { name: string }) => a.name)).toEqual(['team wide']);
      expect((await t.request('DELETE', `/api/v1/automations/${id}`)).status).toBe(204);
      expect((await t.request('GET', `/api/v1/automations/${id}`)).status).toBe(404);
    });

    it('refuses invalid definitions with 422 naming the field', async () => {
      const cases: Array<[unknown, string]> = [
        [metricAutomation('a', { cmp: '$between' }), 'event.metric.cmp'],
        [metricAutomation('a', { window: 0, agg: 'AVERAGE' }), 'event.metric.window'],
        [metricAutomation('a', { window: 1001, agg: 'AVERAGE' }), 'event.metric.window'],
        [
          {
            name: 'a',
            scope: { type: 'project', team: 'ml', project: 'cifar' },
            event: { type: 'ADD_ARTIFACT_ALIAS', alias_regex: '(a)\\1' },
            action: { type: 'NO_OP' },
          },
          'event.alias_regex',
        ],
        [
          {
            name: 'a',
            scope: { type: 'registry', registry: 'model' },
            event: { type: 'RUN_STATE', states: ['failed'] },
            action: { type: 'NO_OP' },
          },
          'event.type',
        ],
        [
          {
            ...metricAutomation('a'),
            action: { type: 'GENERIC_WEBHOOK', webhook_id: 'whk_nlp', payload: {} },
          },
          'action.webhook_id',
        ],
        [
          {
            ...metricAutomation('a'),
            action: { type: 'GENERIC_WEBHOOK', webhook_id: 'whk_ml', payload: { x: '${nope}' } },
          },
          'action.payload.x',
        ],
        [
          {
            ...metricAutomation('a'),
            action: {
              type: 'NOTIFICATION',
              slack_integration_id: 'slk_ml',
              title: 'T',
              message: '${GITHUB_TOKEN}',
            },
          },
          'action.message',
        ],
        [
          { ...metricAutomation('a'), scope: { type: 'project', team: 'ml', project: 'ghost' } },
          'scope.project',
        ],
        [
          { ...metricAutomation('a'), scope: { type: 'project', team: 'nlp', project: 'cifar' } },
          'scope.team',
        ],
      ];
      for (const [body, path] of cases) {
        const res = await post(body);
        expect(res.status, path).toBe(422);
        expect(paths(res), JSON.stringify(res.body)).toContain(path);
      }
      const regex = await post({
        ...metricAutomation('a'),
        event: { ...metricAutomation('a').event, run_filter: { display_name: { $regex: '(?=x)' } } },
      });
      expect(regex.status).toBe(422);
      expect(paths(regex)[0]).toMatch(/^event\.run_filter/);
      expect((await t.request('GET', AUTOMATIONS)).body.automations).toEqual([]);
    });

    it('checks a new definition without saving it, answering as create would', async () => {
      const rows = async () =>
        (await t.storage.db.selectFrom('automations').select('id').execute()).map((r) => r.id);
      const hooked = (payload: unknown, webhook = 'whk_ml') => ({
        ...metricAutomation('checked'),
        action: { type: 'GENERIC_WEBHOOK', webhook_id: webhook, payload },
      });
      const valid = await t.request('POST', VALIDATE, {
        body: hooked({ auth: '${ACCESS_TOKEN}', run: '${run_name}' }),
      });
      expect(valid.status, JSON.stringify(valid.body)).toBe(200);
      expect(valid.body).toEqual({ valid: true });
      expect(await rows()).toEqual([]);
      const cases: Array<[unknown, string]> = [
        [hooked({ x: ['${nope}'] }), 'action.payload.x[0]'],
        [hooked({}, 'whk_nlp'), 'action.webhook_id'],
        [hooked('not an object'), 'action.payload'],
        [
          { ...metricAutomation('a'), scope: { type: 'project', team: 'ml', project: 'ghost' } },
          'scope.project',
        ],
        [metricAutomation('a', { cmp: '$between' }), 'event.metric.cmp'],
      ];
      for (const [body, path] of cases) {
        const checked = await t.request('POST', VALIDATE, { body });
        expect(checked.status, path).toBe(422);
        expect(checked.headers.get('content-type')).toBe('application/problem+json');
        expect(paths(checked), JSON.stringify(checked.body)).toContain(path);
        const created = await post(body);
        expect([created.status, created.body.errors]).toEqual([422, checked.body.errors]);
      }
      const member = await t.userWithKey('mia', { ml: 'member' });
      const viewer = await t.userWithKey('vic', { ml: 'viewer' });
      for (const key of [member, viewer]) {
        const refused = await t.request('POST', VALIDATE, { key, body: metricAutomation('mine') });
        expect(refused.status).toBe(403);
        expect((await post(metricAutomation('mine'), key)).status).toBe(403);
      }
      expect((await t.request('POST', '/api/v1/teams/ghost/automations/validate', { body: {} })).status).toBe(
        404,
      );
      expect(await rows()).toEqual([]);
    });

    it('checks an edit against the stored definition as PATCH would, and changes nothing', async () => {
      const created = await post(metricAutomation('stored'));
      expect(created.status).toBe(201);
      const id = created.body.id as string;
      const edit = (body: unknown, team = 'ml', automationId = id, key?: string) =>
        t.request('POST', `/api/v1/teams/${team}/automations/validate?automation_id=${automationId}`, {
          body,
          ...(key ? { key } : {}),
        });
      const renamed = await edit({ ...metricAutomation('renamed'), description: 'new' });
      expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
      const unknown = {
        action: { type: 'GENERIC_WEBHOOK', webhook_id: 'whk_ml', payload: { x: '${nope}' } },
      };
      const refused = await edit(unknown);
      expect(refused.status).toBe(422);
      expect(paths(refused)).toEqual(['action.payload.x']);
      const patched = await t.request('PATCH', `/api/v1/automations/${id}`, { body: unknown });
      expect([patched.status, patched.body.errors]).toEqual([422, refused.body.errors]);
      const viewer = await t.userWithKey('vic', { ml: 'viewer' });
      expect((await edit({ enabled: false }, 'ml', id, viewer)).status).toBe(403);
      expect((await edit({ enabled: false }, 'ml', 'aut_missing')).status).toBe(404);
      expect((await edit({ enabled: false }, 'nlp')).status).toBe(404);
      const stored = await t.request('GET', `/api/v1/automations/${id}`);
      expect(stored.body).toEqual({ ...created.body, last_execution: null });
    });

    it("accepts the webhook's own secrets in a payload and refuses a duplicate name with 409", async () => {
      const ok = await post({
        ...metricAutomation('dispatch'),
        action: {
          type: 'GENERIC_WEBHOOK',
          webhook_id: 'whk_ml',
          payload: { auth: '${ACCESS_TOKEN}', sig: '${SIGNING_KEY}', run: '${run_name}' },
        },
      });
      expect(ok.status, JSON.stringify(ok.body)).toBe(201);
      expect((await post(metricAutomation('dispatch'))).status).toBe(409);
      const other = await post(metricAutomation('other'));
      const rename = await t.request('PATCH', `/api/v1/automations/${other.body.id}`, {
        body: { name: 'dispatch' },
      });
      expect(rename.status).toBe(409);
    });

    it('lets team admins manage, members and viewers read, and outsiders nothing', async () => {
      const member = await t.userWithKey('mia', { ml: 'member' });
      const viewer = await t.userWithKey('vic', { ml: 'viewer' });
      const outsider = await t.userWithKey('otto', { nlp: 'admin' });
      expect((await post(metricAutomation('by member'), member)).status).toBe(403);
      const id = (await post(metricAutomation('by admin'))).body.id as string;
      for (const key of [member, viewer]) {
        expect((await t.request('GET', AUTOMATIONS, { key })).body.automations).toHaveLength(1);
        expect((await t.request('GET', `/api/v1/automations/${id}`, { key })).status).toBe(200);
        expect((await t.request('GET', `/api/v1/automations/${id}/executions`, { key })).status).toBe(200);
        expect(
          (await t.request('PATCH', `/api/v1/automations/${id}`, { key, body: { enabled: false } })).status,
        ).toBe(403);
        expect((await t.request('DELETE', `/api/v1/automations/${id}`, { key })).status).toBe(403);
      }
      expect((await t.request('GET', AUTOMATIONS, { key: outsider })).status).toBe(403);
      expect((await t.request('GET', `/api/v1/automations/${id}`, { key: outsider })).status).toBe(403);
      expect((await t.request('GET', `/api/v1/automations/${id}`)).body.enabled).toBe(true);
    });

    it('lists the executions one artifact version triggered', async () => {
      const A = '/api/v1/teams/ml/projects/cifar/artifacts';
      const created = await post({
        name: 'new version',
        scope: { type: 'project', team: 'ml', project: 'cifar' },
        event: { type: 'CREATE_ARTIFACT' },
        action: { type: 'NO_OP' },
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect((await t.request('POST', A, { body: { name: 'resnet', type: 'model' } })).status).toBe(201);
      const v0 = await t.request('POST', `${A}/resnet/versions`, { body: { digest: 'a' } });
      const v1 = await t.request('POST', `${A}/resnet/versions`, { body: { digest: 'b' } });
      expect([v0.status, v1.status]).toEqual([201, 201]);
      const list = (version?: string) =>
        t.request(
          'GET',
          `/api/v1/teams/ml/projects/cifar/executions${version ? `?artifact_version=${version}` : ''}`,
        );
      expect((await list()).body.executions).toHaveLength(2);
      const only = await list(v1.body.id as string);
      expect(only.status).toBe(200);
      expect(only.body.executions).toHaveLength(1);
      expect(only.body.executions[0].event.refs.artifact_version).toBe(v1.body.id);
      expect((await list('ver_missing')).body.executions).toEqual([]);
    });

    it('lets registry members manage registry automations and hides details from restricted viewers', async () => {
      const R = '/api/v1/registries/model';
      expect((await t.request('POST', '/api/v1/registries', { body: { name: 'model' } })).status).toBe(201);
      const regMember = await t.userWithKey('rita');
      const restricted = await t.userWithKey('rex');
      expect((await t.request('PUT', `${R}/members/rita`, { body: { role: 'member' } })).status).toBe(200);
      expect(
        (await t.request('PUT', `${R}/members/rex`, { body: { role: 'restricted_viewer' } })).status,
      ).toBe(200);
      const linked = {
        name: 'linked',
        scope: { type: 'registry', registry: 'model' },
        event: { type: 'LINK_ARTIFACT', alias_regex: '^prod$' },
        action: { type: 'NO_OP' },
      };
      const foreign = await t.request('POST', '/api/v1/teams/nlp/automations', {
        key: regMember,
        body: linked,
      });
      expect(foreign.status).toBe(403);
      expect((await post(linked, regMember)).status).toBe(403);
      expect((await t.request('PUT', `${R}/members/team:ml`, { body: { role: 'viewer' } })).status).toBe(200);
      const created = await post(linked, regMember);
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect((await post(metricAutomation('project one'), regMember)).status).toBe(403);
      const id = created.body.id as string;
      const patched = await t.request('PATCH', `/api/v1/automations/${id}`, {
        key: regMember,
        body: { description: 'when promoted' },
      });
      expect(patched.status).toBe(200);
      const outline = await t.request('GET', AUTOMATIONS, { key: restricted });
      expect(outline.status).toBe(200);
      expect(outline.body.automations).toEqual([
        expect.objectContaining({ name: 'linked', details_hidden: true, event: { type: 'LINK_ARTIFACT' } }),
      ]);
      expect((await t.request('GET', `/api/v1/automations/${id}`, { key: restricted })).status).toBe(403);
      expect(
        (await t.request('GET', `/api/v1/automations/${id}/executions`, { key: restricted })).status,
      ).toBe(403);
      expect((await t.request('GET', `${R}/executions`, { key: restricted })).status).toBe(403);
      expect((await t.request('GET', `${R}/executions`, { key: regMember })).status).toBe(200);
      expect((await t.request('DELETE', `/api/v1/automations/${id}`, { key: restricted })).status).toBe(403);
      expect((await t.request('DELETE', `/api/v1/automations/${id}`, { key: regMember })).status).toBe(204);
    });

    it("lists a registry's automations across owning teams, in outline for restricted viewers", async () => {
      const R = '/api/v1/registries/model';
      for (const name of ['model', 'data']) {
        expect((await t.request('POST', '/api/v1/registries', { body: { name } })).status).toBe(201);
      }
      const collection = await t.request('POST', `${R}/collections`, {
        body: { name: 'clf', type: 'model' },
      });
      expect(collection.status).toBe(201);
      const viewer = await t.userWithKey('vera');
      const restricted = await t.userWithKey('rex');
      const restrictedInNlp = await t.userWithKey('nina', { nlp: 'viewer' });
      const outsider = await t.userWithKey('otto', { nlp: 'admin' });
      for (const [who, role] of [
        ['vera', 'viewer'],
        ['rex', 'restricted_viewer'],
        ['nina', 'restricted_viewer'],
      ]) {
        expect((await t.request('PUT', `${R}/members/${who}`, { body: { role } })).status).toBe(200);
      }
      const linked = (name: string, scope: Record<string, unknown>) => ({
        name,
        scope,
        event: { type: 'LINK_ARTIFACT', alias_regex: '^prod$' },
        action: { type: 'NO_OP' },
      });
      const inModel = { type: 'registry', registry: 'model' };
      const create = async (team: string, body: unknown) => {
        const res = await t.request('POST', `/api/v1/teams/${team}/automations`, { body });
        expect(res.status, JSON.stringify(res.body)).toBe(201);
        return res.body.id as string;
      };
      const mlId = await create('ml', linked('ml promoted', inModel));
      await create('nlp', linked('nlp promoted', inModel));
      await create(
        'nlp',
        linked('clf spike', { type: 'registry_collection', registry: 'model', collection: 'clf' }),
      );
      await create('ml', linked('elsewhere', { type: 'registry', registry: 'data' }));
      await create('ml', metricAutomation('project one'));
      await t.storage.db
        .updateTable('automations')
        .set({ last_execution_at: 5 })
        .where('id', '=', mlId)
        .execute();

      const list = (query = '', key?: string) =>
        t.request('GET', `${R}/automations${query}`, key ? { key } : {});
      const full = await list('', viewer);
      expect(full.status).toBe(200);
      expect(full.body.automations.map((a: { name: string; team: string }) => [a.name, a.team])).toEqual([
        ['clf spike', 'nlp'],
        ['ml promoted', 'ml'],
        ['nlp promoted', 'nlp'],
      ]);
      expect(full.body.automations[1]).toMatchObject({
        id: mlId,
        details_hidden: false,
        event: { type: 'LINK_ARTIFACT', alias_regex: '^prod$' },
        last_execution_at: 5,
      });
      const sorted = await list('?sort=last_execution&search=promoted');
      expect(sorted.body.automations.map((a: { name: string }) => a.name)).toEqual([
        'ml promoted',
        'nlp promoted',
      ]);
      const collectionOnly = await list('?scope_type=registry_collection');
      expect(collectionOnly.body.automations.map((a: { name: string }) => a.name)).toEqual(['clf spike']);

      const outline = await list('', restricted);
      expect(outline.status).toBe(200);
      expect(outline.body.automations).toHaveLength(3);
      for (const a of outline.body.automations) {
        expect(a).toMatchObject({
          details_hidden: true,
          event: { type: 'LINK_ARTIFACT' },
          action: { type: 'NO_OP' },
        });
      }
      // A restricted viewer sees the details of what their own team owns, as GET /automations/{id} does.
      const mixed = await list('', restrictedInNlp);
      expect(
        mixed.body.automations.map((a: { team: string; details_hidden: boolean }) => [
          a.team,
          a.details_hidden,
        ]),
      ).toEqual([
        ['nlp', false],
        ['ml', true],
        ['nlp', false],
      ]);

      expect((await list('', outsider)).status).toBe(403);
      expect((await t.request('GET', '/api/v1/registries/missing/automations')).status).toBe(404);
    });
  });
}

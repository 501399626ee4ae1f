import type { LocalHttpServer } from '@bellwether/delivery';
import { TEST_DIALECTS } from '@bellwether/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operationFor, operationsOf } from '../testing/openapi-operations.js';
import type { TestApp } from '../testing/test-app.js';
import { type AccessCase, casePath } from './access-case.js';
import {
  AUTOMATION_MATRIX_ROLES,
  type AutomationFixtureIds,
  type AutomationMatrixRole,
  automationAccessCases,
  type PerRoleFixture,
  quietProjectAutomation,
  registryAutomation,
} from './automation-access-cases.js';
import {
  type AutomationAccessFixture,
  type ForeignIds,
  startAutomationAccessFixture,
} from './automation-access-fixture.js';
import { REGISTRY_ACCESS_CASES, REGISTRY_MATRIX_ROLES } from './registry-access-cases.js';
import { TRACKING_ACCESS_CASES, TRACKING_ROLES } from './tracking-access-cases.js';

const T = '/api/v1/teams/ml';
const O = '/api/v1/teams/other';
const A = '/api/v1/automations';

/** The requests of a matrix, as (method, path) for its first role. */
function requestsOf<R extends string>(cases: AccessCase<R>[], roles: R[]): Array<[string, string]> {
  const role = roles[0] as R;
  return cases.map((c) => [c.method, casePath(c, role)]);
}

/** Stand-ins for the fixture's ids, to name the cases before the fixture exists. */
const PLACEHOLDER_IDS: AutomationFixtureIds = {
  projectAutomation: '{project automation}',
  registryAutomation: '{registry automation}',
  hookedRegistryAutomation: '{hooked registry automation}',
  projectExecution: '{project execution}',
  registryExecution: '{registry execution}',
  webhook: '{webhook}',
  perRole: Object.fromEntries(
    AUTOMATION_MATRIX_ROLES.map((role) => [
      role,
      {
        projectAutomation: '{own project automation}',
        registryAutomation: '{own registry automation}',
        webhook: '{own webhook}',
        slackIntegration: '{own integration}',
        deadDelivery: '{own dead delivery}',
        oauthCallback: 'code={code}&state={own state}',
      },
    ]),
  ) as Record<AutomationMatrixRole, PerRoleFixture>,
};
const NAMED_CASES = automationAccessCases(PLACEHOLDER_IDS).map((c, index) => ({
  index,
  method: c.method,
  path: casePath(c, 'teamAdmin').replace(/_\d+$/, '_{n}'),
}));

for (const { dialect, available } of TEST_DIALECTS) {
  describe.skipIf(!available)(`automation, history and integration access matrix on ${dialect}`, () => {
    let f: AutomationAccessFixture;
    let t: TestApp;
    let receiver: LocalHttpServer;
    let keys: AutomationAccessFixture['keys'];
    let ids: AutomationFixtureIds;
    let foreign: ForeignIds;
    let snapshot: AutomationAccessFixture['snapshot'];
    let cases: AccessCase<AutomationMatrixRole>[];
    const ok = async (method: string, path: string, body?: unknown) => {
      const res = await t.request(method, path, body === undefined ? {} : { body });
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    };

    beforeAll(async () => {
      f = await startAutomationAccessFixture(dialect);
      ({ t, receiver, keys, ids, foreign, snapshot } = f);
      cases = automationAccessCases(ids);
    });
    afterAll(async () => f?.close());

    it('has an access case for every operation of the OpenAPI document', async () => {
      const res = await t.request('GET', '/api/openapi.json', { key: null });
      expect(res.status).toBe(200);
      const ops = operationsOf(res.body);
      expect(ops.length).toBeGreaterThan(0);
      const requests = [
        ...requestsOf(TRACKING_ACCESS_CASES, TRACKING_ROLES),
        ...requestsOf(REGISTRY_ACCESS_CASES, REGISTRY_MATRIX_ROLES),
        ...requestsOf(cases, AUTOMATION_MATRIX_ROLES),
      ];
      const covered = new Set<string>();
      const unmatched: string[] = [];
      for (const [method, path] of requests) {
        const op = operationFor(ops, method, path);
        if (op) covered.add(`${op.method} ${op.template}`);
        else unmatched.push(`${method} ${path}`);
      }
      expect(unmatched, 'access cases that match no operation').toEqual([]);
      const uncovered = ops.map((o) => `${o.method} ${o.template}`).filter((o) => !covered.has(o));
      // A new route needs its case in tracking-, registry- or automation-access-cases.ts.
      expect(uncovered, 'operations without an access case').toEqual([]);
    });

    it.each(NAMED_CASES)('$method $path gives each role exactly its allowed status', async ({ index }) => {
      const c = cases[index] as AccessCase<AutomationMatrixRole>;
      const got: Record<string, number> = {};
      for (const role of AUTOMATION_MATRIX_ROLES) {
        const before = await snapshot();
        const res = await t.request(c.method, casePath(c, role), {
          key: keys[role],
          ...(c.body ? { body: c.body(role) } : {}),
        });
        got[role] = res.status;
        if (res.status >= 400) {
          expect(res.headers.get('content-type')).toBe('application/problem+json');
          expect(await snapshot(), `${role} was refused but changed something`).toBe(before);
        }
      }
      expect(got).toEqual(c.expect);
    });

    it('lists for each role only the automations it may see, in outline for restricted viewers', async () => {
      type Listed = { name: string; scope: { type: string }; details_hidden: boolean };
      const seen = async (role: AutomationMatrixRole): Promise<Listed[]> =>
        (await t.request('GET', `${T}/automations`, { key: keys[role] })).body.automations;
      const names = (list: Listed[]) => list.map((a) => `${a.name}${a.details_hidden ? ' (outline)' : ''}`);
      const everything = await seen('orgAdmin');
      expect(names(everything)).toEqual(expect.arrayContaining(['new version', 'linked', 'hooked']));
      for (const role of ['viewer', 'member', 'teamAdmin'] as const) {
        expect(names(await seen(role))).toEqual(names(everything));
      }
      const registryOnes = names(everything.filter((a) => a.scope.type === 'registry'));
      expect(registryOnes.length).toBeLessThan(everything.length);
      for (const role of ['regViewer', 'regMember', 'regAdmin'] as const) {
        expect(names(await seen(role))).toEqual(registryOnes);
      }
      expect(names(await seen('regRestricted'))).toEqual(registryOnes.map((name) => `${name} (outline)`));
    });

    it('sent a webhook test only for the roles allowed to', () => {
      const testers = receiver.received.map((r) => JSON.parse(r.body).tested_by);
      expect(testers).toEqual(['teamAdmin', 'orgAdmin']);
    });

    it("refuses a team admin another team's automations, history and integrations, and changes nothing", async () => {
      const key = keys.teamAdmin;
      const before = await snapshot();
      const sent = receiver.received.length;
      const calls: Array<[number, string, string, unknown?]> = [
        // Reached by id: the owner is another team, so the caller is forbidden.
        [403, 'GET', `${A}/${foreign.automation}`],
        [403, 'PATCH', `${A}/${foreign.automation}`, { enabled: false }],
        [403, 'DELETE', `${A}/${foreign.automation}`],
        [403, 'GET', `${A}/${foreign.automation}/executions`],
        [403, 'GET', `/api/v1/executions/${foreign.execution}`],
        [403, 'POST', `/api/v1/deliveries/${foreign.delivery}/redeliver`],
        // Reached through the other team's path: the caller is not a member there.
        [403, 'GET', `${O}/automations`],
        [
          403,
          'POST',
          `${O}/automations`,
          { ...quietProjectAutomation('planted'), scope: { type: 'team', team: 'other' } },
        ],
        [403, 'GET', `${O}/projects/vision/executions`],
        [403, 'GET', `${O}/secrets`],
        [403, 'PUT', `${O}/secrets/OTHER_TOKEN`, { value: 'hijacked' }],
        [403, 'DELETE', `${O}/secrets/OTHER_TOKEN`],
        [403, 'GET', `${O}/webhooks`],
        [403, 'GET', `${O}/webhooks/${foreign.webhook}`],
        [403, 'PATCH', `${O}/webhooks/${foreign.webhook}`, { url: 'https://attacker.example/' }],
        [403, 'DELETE', `${O}/webhooks/${foreign.webhook}`],
        [403, 'POST', `${O}/webhooks/${foreign.webhook}/test`, { body: {} }],
        [403, 'GET', `${O}/slack-integrations`],
        [403, 'DELETE', `${O}/slack-integrations/${foreign.slack}`],
        [403, 'GET', '/api/v1/slack/oauth/start?team=other'],
        // Another team's id under the caller's own team: there is no such resource in it.
        [404, 'GET', `${T}/webhooks/${foreign.webhook}`],
        [404, 'PATCH', `${T}/webhooks/${foreign.webhook}`, { url: 'https://attacker.example/' }],
        [404, 'DELETE', `${T}/webhooks/${foreign.webhook}`],
        [404, 'POST', `${T}/webhooks/${foreign.webhook}/test`, { body: {} }],
        [404, 'DELETE', `${T}/slack-integrations/${foreign.slack}`],
        // Another team's secret named by one of the caller's webhooks.
        [422, 'POST', `${T}/webhooks`, { name: 'borrowed secret', url: receiver.url, secret: 'OTHER_TOKEN' }],
        [422, 'PATCH', `${T}/webhooks/${ids.webhook}`, { access_token_secret: 'OTHER_TOKEN' }],
        // Another team's webhook, Slack integration or project in one of the caller's automations.
        [
          422,
          'POST',
          `${T}/automations`,
          {
            ...quietProjectAutomation('borrowed hook'),
            action: {
              type: 'GENERIC_WEBHOOK',
              webhook_id: foreign.webhook,
              payload: { t: '${ACCESS_TOKEN}' },
            },
          },
        ],
        [
          422,
          'POST',
          `${T}/automations`,
          {
            ...quietProjectAutomation('borrowed slack'),
            action: {
              type: 'NOTIFICATION',
              slack_integration_id: foreign.slack,
              title: 't',
              message: 'm',
              severity: 'INFO',
            },
          },
        ],
        [
          422,
          'POST',
          `${T}/automations`,
          {
            ...quietProjectAutomation('borrowed project'),
            scope: { type: 'project', team: 'other', project: 'vision' },
          },
        ],
        [
          422,
          'PATCH',
          `${A}/${ids.projectAutomation}`,
          { action: { type: 'GENERIC_WEBHOOK', webhook_id: foreign.webhook, payload: {} } },
        ],
      ];
      const got = [];
      const want = [];
      for (const [status, method, path, body] of calls) {
        const res = await t.request(method, path, { key, ...(body === undefined ? {} : { body }) });
        got.push(`${method} ${path} -> ${res.status}`);
        want.push(`${method} ${path} -> ${status}`);
      }
      // An admin of team other who is also a member of the registry may file registry automations
      // under ml (ml is in the registry), but not send with ml's webhook or Slack integration.
      const registryMember = await t.userWithKey('other-registry-member', { other: 'admin' });
      await ok('PUT', '/api/v1/registries/model/members/other-registry-member', { role: 'member' });
      const viaRegistry: Array<[number, string, string, unknown]> = [
        [
          403,
          'POST',
          `${T}/automations`,
          {
            ...registryAutomation('borrowed via registry'),
            action: { type: 'GENERIC_WEBHOOK', webhook_id: ids.webhook, payload: { t: '${ACCESS_TOKEN}' } },
          },
        ],
        [
          403,
          'POST',
          `${T}/automations`,
          {
            ...registryAutomation('borrowed slack via registry'),
            action: {
              type: 'NOTIFICATION',
              slack_integration_id: ids.perRole.orgAdmin.slackIntegration,
              title: 't',
              message: 'm',
              severity: 'INFO',
            },
          },
        ],
        [
          403,
          'PATCH',
          `${A}/${ids.hookedRegistryAutomation}`,
          { action: { type: 'GENERIC_WEBHOOK', webhook_id: ids.webhook, payload: { t: '${ACCESS_TOKEN}' } } },
        ],
        [
          403,
          'PATCH',
          `${A}/${ids.registryAutomation}`,
          { action: { type: 'GENERIC_WEBHOOK', webhook_id: ids.webhook, payload: {} } },
        ],
      ];
      for (const [status, method, path, body] of viaRegistry) {
        const res = await t.request(method, path, { key: registryMember, body });
        got.push(`${method} ${path} -> ${res.status}`);
        want.push(`${method} ${path} -> ${status}`);
      }
      expect(got).toEqual(want);
      expect(await snapshot()).toBe(before);
      const filed = await t.request('POST', `${T}/automations`, {
        key: registryMember,
        body: registryAutomation('filed via registry'),
      });
      expect(filed.status).toBe(201);
      expect(receiver.received.length).toBe(sent);
    });
  });
}

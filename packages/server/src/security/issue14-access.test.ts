import { type LocalHttpServer, startLocalHttpServer } from '@bellwether/delivery';
import { TEST_DIALECTS } from '@bellwether/storage';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.js';

const T = '/api/v1/teams/ml';
const R = '/api/v1/registries/model';

function registryAutomation(action: unknown) {
  return {
    name: 'leak',
    scope: { type: 'registry', registry: 'model' },
    event: { type: 'ADD_ARTIFACT_ALIAS', alias_regex: '^prod$' },
    action,
  };
}

for (const { dialect, available } of TEST_DIALECTS) {
  describe.skipIf(!available)(`issue 14 access findings on ${dialect}`, () => {
    let t: TestApp;
    let server: LocalHttpServer;
    beforeEach(async () => {
      t = await startTestApp(dialect, { trigger: false });
      server = await startLocalHttpServer((_req, res) => res.end('{}'));
    });
    afterEach(async () => {
      await server.close();
      await t.close();
    });

    it('#1 a team viewer or member with a registry role may not use the team webhook in an automation', async () => {
      expect((await t.request('PUT', `${T}/secrets/ACCESS_TOKEN`, { body: { value: 'tok-1' } })).status).toBe(
        201,
      );
      const hook = await t.request('POST', `${T}/webhooks`, {
        body: { name: 'h', url: server.url, access_token_secret: 'ACCESS_TOKEN' },
      });
      expect(hook.status).toBe(201);
      expect((await t.request('POST', '/api/v1/registries', { body: { name: 'model' } })).status).toBe(201);
      expect((await t.request('PUT', `${R}/members/team:ml`, { body: { role: 'admin' } })).status).toBe(200);
      const action = { type: 'GENERIC_WEBHOOK', webhook_id: hook.body.id, payload: { t: '${ACCESS_TOKEN}' } };
      for (const role of ['viewer', 'member'] as const) {
        const key = await t.userWithKey(`${role}1`, { ml: role });
        const refused = await t.request('POST', `${T}/automations`, {
          key,
          body: registryAutomation(action),
        });
        expect(refused.status, JSON.stringify(refused.body)).toBe(403);
        // NO_OP registry automations stay open to a registry admin who is not a team admin.
        const noop = await t.request('POST', `${T}/automations`, {
          key,
          body: { ...registryAutomation({ type: 'NO_OP' }), name: `noop ${role}` },
        });
        expect(noop.status).toBe(201);
        const patched = await t.request('PATCH', `/api/v1/automations/${noop.body.id}`, {
          key,
          body: { action },
        });
        expect(patched.status).toBe(403);
      }
      const admin = await t.userWithKey('admin1', { ml: 'admin' });
      const allowed = await t.request('POST', `${T}/automations`, {
        key: admin,
        body: registryAutomation(action),
      });
      expect(allowed.status).toBe(201);
    });
  });
}

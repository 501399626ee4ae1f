import { randomBytes } from 'node:crypto';
import { createFakeSlackServer, type LocalHttpServer, startLocalHttpServer } from '@bellwether/delivery';
import { TEST_DIALECTS } from '@bellwether/storage';
import { sql } from 'kysely';
import pino from 'pino';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestResponse } from '../testing/test-app.js';
import { createTestIntegrations } from '../testing/test-integrations.js';
import { startDeliveryFixture, waitFor } from '../worker/delivery-test-fixture.js';

const T = '/api/v1/teams/ml';

for (const { dialect, available } of TEST_DIALECTS) {
  describe.skipIf(!available)(`secrets, webhooks and Slack API on ${dialect}`, () => {
    let t: TestApp;
    let server: LocalHttpServer;
    beforeEach(async () => {
      t = await startTestApp(dialect, { trigger: false });
      server = await startLocalHttpServer((_req, res) => {
        res.setHeader('x-receiver', 'yes');
        res.end('{"received":true}');
      });
    });
    afterEach(async () => {
      await server.close();
      await t.close();
    });

    it('keeps secret values write-only, rotates them, and refuses to delete one in use', async () => {
      const created = await t.request('PUT', `${T}/secrets/API_TOKEN`, { body: { value: 'v1-value' } });
      expect(created.status).toBe(201);
      expect(JSON.stringify(created.body)).not.toContain('v1-value');
      const rotated = await t.request('PUT', `${T}/secrets/API_TOKEN`, { body: { value: 'v2-value' } });
      expect(rotated.status).toBe(200);
      const hook = await t.request('POST', `${T}/webhooks`, {
        body: { name: 'ci hook', url: server.url, access_token_secret: 'API_TOKEN' },
      });
      expect(hook.status).toBe(201);
      const list = await t.request('GET', `${T}/secrets`);
      expect(list.body.secrets).toEqual([
        expect.objectContaining({ name: 'API_TOKEN', used_by: [{ id: hook.body.id, name: 'ci hook' }] }),
      ]);
      expect(JSON.stringify(list.body)).not.toMatch(/v[12]-value/);
      const refused = await t.request('DELETE', `${T}/secrets/API_TOKEN`);
      expect(refused.status).toBe(409);
      expect(refused.body.detail).toContain("webhook 'ci hook'");
      expect((await t.request('DELETE', `${T}/webhooks/${hook.body.id}`)).status).toBe(204);
      expect((await t.request('DELETE', `${T}/secrets/API_TOKEN`)).status).toBe(204);
      expect((await t.request('GET', `${T}/secrets`)).body.secrets).toEqual([]);
    });

    it('validates secret names and sizes', async () => {
      const badName = await t.request('PUT', `${T}/secrets/1abc`, { body: { value: 'x' } });
      expect(badName.status).toBe(422);
      expect(badName.body.errors[0].path).toBe('path.name');
      expect(
        (await t.request('PUT', `${T}/secrets/${'A'.repeat(65)}`, { body: { value: 'x' } })).status,
      ).toBe(422);
      const big = await t.request('PUT', `${T}/secrets/BIG`, { body: { value: 'x'.repeat(16 * 1024 + 1) } });
      expect(big.status).toBe(422);
      expect(big.body.errors[0].path).toBe('value');
      expect(
        (await t.request('PUT', `${T}/secrets/OK_1`, { body: { value: 'x'.repeat(16 * 1024) } })).status,
      ).toBe(201);
    });

    it('lets only team admins manage secrets, webhooks and Slack integrations', async () => {
      await t.request('PUT', `${T}/secrets/S`, { body: { value: 'admin-value' } });
      const hook = await t.request('POST', `${T}/webhooks`, { body: { name: 'h', url: server.url } });
      for (const role of ['member', 'viewer'] as const) {
        const key = await t.userWithKey(`${role}1`, { ml: role });
        const calls: Array<[string, string, unknown?]> = [
          ['GET', `${T}/secrets`],
          ['PUT', `${T}/secrets/S`, { value: 'hijacked' }],
          ['DELETE', `${T}/secrets/S`],
          ['GET', `${T}/webhooks`],
          ['POST', `${T}/webhooks`, { name: 'x', url: server.url }],
          ['GET', `${T}/webhooks/${hook.body.id}`],
          ['PATCH', `${T}/webhooks/${hook.body.id}`, { name: 'renamed' }],
          ['POST', `${T}/webhooks/${hook.body.id}/test`, { body: {} }],
          ['DELETE', `${T}/webhooks/${hook.body.id}`],
          ['GET', `${T}/slack-integrations`],
          ['POST', `${T}/slack-integrations`, { type: 'incoming_webhook', url: server.url }],
          ['GET', '/api/v1/slack/oauth/start?team=ml'],
        ];
        for (const [method, path, body] of calls) {
          const res = await t.request(method, path, { key, ...(body === undefined ? {} : { body }) });
          expect([method, path, res.status]).toEqual([method, path, 403]);
        }
      }
      expect(server.received).toHaveLength(0);
      expect((await t.request('GET', `${T}/webhooks/${hook.body.id}`)).body.name).toBe('h');
      expect((await t.request('GET', `${T}/secrets`)).body.secrets).toHaveLength(1);
    });

    it('validates webhooks: names, URLs, secrets and uniqueness', async () => {
      const post = (body: unknown) => t.request('POST', `${T}/webhooks`, { body });
      expect((await post({ name: 'two  spaces', url: server.url })).body.errors[0].path).toBe('name');
      expect((await post({ name: 'h', url: 'ftp://example.com' })).status).toBe(422);
      const plain = await post({ name: 'h', url: 'http://example.com/hook' });
      expect(plain.body.errors[0]).toMatchObject({ path: 'url', message: expect.stringContaining('https') });
      for (const url of [
        'https://10.0.0.1/',
        'https://169.254.169.254/',
        'https://[fd00::1]/',
        'https://localhost/',
      ]) {
        const refused = await post({ name: 'h', url });
        expect([url, refused.status]).toEqual([url, 422]);
        expect(refused.body.errors[0].message).toMatch(/refused/);
      }
      const missing = await post({
        name: 'h',
        url: server.url,
        secret: 'NOPE',
        access_token_secret: 'ALSO_NOPE',
      });
      expect(missing.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
        'access_token_secret',
        'secret',
      ]);
      expect((await post({ name: 'h', url: server.url })).status).toBe(201);
      expect((await post({ name: 'h', url: server.url })).status).toBe(409);
      expect((await post({ name: 'h2', url: 'https://hooks.example.com/x' })).status).toBe(201);
      const other = await post({ name: 'other', url: server.url });
      expect(
        (await t.request('PATCH', `${T}/webhooks/${other.body.id}`, { body: { name: 'h' } })).status,
      ).toBe(409);
      const patched = await t.request('PATCH', `${T}/webhooks/${other.body.id}`, {
        body: { name: 'renamed hook' },
      });
      expect(patched.body).toMatchObject({ name: 'renamed hook', url: server.url, disabled_at: null });
    });

    it('tests a webhook with its credentials and saves nothing', async () => {
      const signing = `whsec_${randomBytes(24).toString('base64')}`;
      await t.request('PUT', `${T}/secrets/TOKEN`, { body: { value: 'test-token-value' } });
      await t.request('PUT', `${T}/secrets/SIGNING`, { body: { value: signing } });
      const hook = await t.request('POST', `${T}/webhooks`, {
        body: { name: 'h', url: server.url, access_token_secret: 'TOKEN', secret: 'SIGNING' },
      });
      const res = await t.request('POST', `${T}/webhooks/${hook.body.id}/test`, {
        body: { body: { hello: 'world' } },
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 200, body: '{"received":true}', error: null });
      expect(res.body.headers['x-receiver']).toBe('yes');
      expect(res.body.latency_ms).toBeGreaterThanOrEqual(0);
      const [req] = server.received;
      expect(req?.headers.authorization).toBe('Bearer test-token-value');
      const headers = Object.fromEntries(
        ['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((h) => [h, String(req?.headers[h])]),
      );
      expect(new StandardWebhook(signing).verify(req?.body ?? '', headers)).toEqual({ hello: 'world' });
      const text = await t.request('POST', `${T}/webhooks/${hook.body.id}/test`, {
        body: { body: 'plain text' },
      });
      expect(text.body.status).toBe(200);
      expect(server.received[1]?.body).toBe('plain text');
      const rows = await t.storage.db.selectFrom('delivery_attempts').selectAll().execute();
      expect(rows).toEqual([]);
    });

    it('stores Slack integrations without ever returning their credentials', async () => {
      const bot = await t.request('POST', `${T}/slack-integrations`, {
        body: { type: 'bot_token', bot_token: 'xoxb-secret-token', channel: 'ml-alerts' },
      });
      expect(bot.status).toBe(201);
      expect(bot.body).toMatchObject({ type: 'bot_token', channel: 'ml-alerts', name: '#ml-alerts' });
      const hook = await t.request('POST', `${T}/slack-integrations`, {
        body: { type: 'incoming_webhook', url: `${server.url}/services/T1/B1/secretpart` },
      });
      expect(hook.status).toBe(201);
      const list = await t.request('GET', `${T}/slack-integrations`);
      expect(list.body.slack_integrations).toHaveLength(2);
      expect(JSON.stringify(list.body)).not.toMatch(/xoxb-secret-token|secretpart/);
      const rows = JSON.stringify(await t.storage.db.selectFrom('slack_integrations').selectAll().execute());
      expect(rows).not.toMatch(/xoxb-secret-token|secretpart/);
      expect((await t.request('DELETE', `${T}/slack-integrations/${bot.body.id}`)).status).toBe(204);
      expect((await t.request('DELETE', `${T}/slack-integrations/${bot.body.id}`)).status).toBe(404);
      expect((await t.request('GET', '/api/v1/slack/oauth/start?team=ml')).status).toBe(409);
    });

    it('connects Slack through OAuth: redirects with a signed state and stores the integration on callback', async () => {
      const slack = createFakeSlackServer();
      const apiUrl = await slack.start();
      const app = await startTestApp(dialect, {
        trigger: false,
        integrations: createTestIntegrations({
          slackApiUrl: apiUrl,
          slackClientId: slack.clientId,
          slackClientSecret: slack.clientSecret,
        }),
      });
      try {
        const start = await app.request('GET', '/api/v1/slack/oauth/start?team=ml');
        expect(start.status).toBe(302);
        const location = new URL(start.headers.get('location') ?? '');
        expect(location.origin + location.pathname).toBe('https://slack.com/oauth/v2/authorize');
        expect(location.searchParams.get('client_id')).toBe(slack.clientId);
        expect(location.searchParams.get('scope')).toBe('chat:write,channels:read');
        const state = location.searchParams.get('state') ?? '';
        const forged = await app.request(
          'GET',
          `/api/v1/slack/oauth/callback?code=x&state=${state.slice(0, -3)}abc`,
        );
        expect(forged.status).toBe(422);
        const code = slack.issueOAuthCode({ incomingWebhookChannel: 'C0ALERTS01' });
        const done = await app.request(
          'GET',
          `/api/v1/slack/oauth/callback?code=${code}&state=${encodeURIComponent(state)}`,
        );
        expect(done.status).toBe(302);
        const list = await app.request('GET', `${T}/slack-integrations`);
        expect(list.body.slack_integrations).toEqual([
          expect.objectContaining({ type: 'oauth', channel: 'C0ALERTS01', workspace: 'Bellwether Test' }),
        ]);
        const reused = await app.request(
          'GET',
          `/api/v1/slack/oauth/callback?code=${code}&state=${encodeURIComponent(state)}`,
        );
        expect(reused.status).toBe(422);
      } finally {
        await app.close();
        await slack.stop();
      }
    });

    it('redelivers a dead delivery for team admins only', async () => {
      const f = await startDeliveryFixture(dialect, { storage: t.storage, delaysMs: [0] });
      try {
        let ok = false;
        const flaky = await startLocalHttpServer((_req, res) => {
          res.statusCode = ok ? 200 : 503;
          res.end();
        });
        const hook = await f.addWebhook({ url: flaky.url });
        const { executionId, deliveryId } = await f.queue({
          type: 'GENERIC_WEBHOOK',
          webhook_id: hook.id,
          payload: {},
        });
        const worker = f.worker();
        await worker.runOnce();
        const member = await t.userWithKey('member2', { ml: 'member' });
        expect(
          (await t.request('POST', `/api/v1/deliveries/${deliveryId}/redeliver`, { key: member })).status,
        ).toBe(403);
        ok = true;
        const queued = await t.request('POST', `/api/v1/deliveries/${deliveryId}/redeliver`);
        expect(queued).toMatchObject({ status: 202, body: { id: deliveryId, status: 'pending' } });
        expect((await t.request('POST', `/api/v1/deliveries/${deliveryId}/redeliver`)).status).toBe(409);
        expect((await t.request('POST', '/api/v1/deliveries/dlv_nope/redeliver')).status).toBe(404);
        await worker.runOnce();
        const execution = await t.storage.db
          .selectFrom('executions')
          .selectAll()
          .where('id', '=', executionId)
          .executeTakeFirst();
        expect(execution?.status).toBe('finished');
        await flaky.close();
      } finally {
        await f.close();
      }
    });

    it('never shows a secret value in any response, log line or table but secrets', async () => {
      const canary = `canary-${randomBytes(12).toString('hex')}`;
      const logs: string[] = [];
      const logger = pino({ level: 'trace' }, { write: (line: string) => void logs.push(line) });
      const app = await startTestApp(dialect, { trigger: false, logger });
      const f = await startDeliveryFixture(dialect, { storage: app.storage });
      const responses: TestResponse[] = [];
      const call = async (method: string, path: string, body?: unknown) => {
        const res = await app.request(method, path, body === undefined ? {} : { body });
        responses.push(res);
        return res;
      };
      try {
        await call('PUT', `${T}/secrets/CANARY`, { value: canary });
        const hook = await call('POST', `${T}/webhooks`, {
          name: 'canary hook',
          url: `${server.url}/echo`,
          access_token_secret: 'CANARY',
          secret: 'CANARY',
        });
        const echo = await startLocalHttpServer((req, res) =>
          res.end(`you sent ${req.headers.authorization} ${req.body}`),
        );
        await call('PATCH', `${T}/webhooks/${hook.body.id}`, { url: echo.url });
        const { executionId } = await f.queue({
          type: 'GENERIC_WEBHOOK',
          webhook_id: hook.body.id,
          payload: { token: '${ACCESS_TOKEN}', again: '${CANARY}', run: '${run_name}' },
        });
        f.worker().start();
        await waitFor(async () => {
          const row = await app.storage.db
            .selectFrom('executions')
            .select('status')
            .where('id', '=', executionId)
            .executeTakeFirst();
          return row?.status === 'finished';
        });
        expect(echo.received[0]?.body).toContain(canary);
        await call('POST', `${T}/webhooks/${hook.body.id}/test`, { body: { t: canary } });
        await call('GET', `${T}/secrets`);
        await call('GET', `${T}/webhooks`);
        await call('GET', `${T}/webhooks/${hook.body.id}`);
        await call('DELETE', `${T}/secrets/CANARY`);
        await echo.close();

        for (const res of responses) expect(JSON.stringify(res.body)).not.toContain(canary);
        for (const line of [...logs, ...f.logs]) expect(line).not.toContain(canary);
        const schema =
          dialect === 'postgres'
            ? (await sql<{ s: string }>`select current_schema() as s`.execute(app.storage.db)).rows[0]?.s
            : undefined;
        const tables = (await app.storage.db.introspection.getTables()).filter(
          (table) => !table.isView && (schema === undefined || table.schema === schema),
        );
        expect(tables.map((table) => table.name)).toContain('delivery_attempts');
        for (const table of tables) {
          if (table.name === 'secrets') continue;
          const rows = await sql`select * from ${sql.table(table.name)}`.execute(app.storage.db);
          expect([table.name, JSON.stringify(rows.rows).includes(canary)]).toEqual([table.name, false]);
        }
        const attempts = await app.storage.db.selectFrom('delivery_attempts').selectAll().execute();
        expect(attempts[0]?.response_body).toContain('[REDACTED]');
      } finally {
        await f.close();
        await app.close();
      }
    });
  });
}

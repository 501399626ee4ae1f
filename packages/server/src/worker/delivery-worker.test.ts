import {
  createFakeSlackServer,
  type LocalHttpServer,
  sendWebhook,
  startLocalHttpServer,
} from '@bellwether/delivery';
import { claimDeliveries, findDelivery, redeliverDelivery, TEST_DIALECTS } from '@bellwether/storage';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { type DeliveryFixture, startDeliveryFixture, waitFor } from './delivery-test-fixture.js';

const SIGNING = `whsec_${Buffer.from('a signing key of 24 bytes').toString('base64')}`;

for (const { dialect, available } of TEST_DIALECTS) {
  describe.skipIf(!available)(`delivery worker on ${dialect}`, () => {
    let f: DeliveryFixture;
    const servers: LocalHttpServer[] = [];
    const receiver = async (handler: Parameters<typeof startLocalHttpServer>[0]) => {
      const server = await startLocalHttpServer(handler);
      servers.push(server);
      return server;
    };
    afterEach(async () => {
      await f.close();
      await Promise.all(servers.splice(0).map((s) => s.close()));
    });

    const attempts = (deliveryId: string) =>
      f.storage.db
        .selectFrom('delivery_attempts')
        .selectAll()
        .where('delivery_id', '=', deliveryId)
        .orderBy('attempt_no')
        .execute();
    const executionStatus = async (id: string) =>
      (
        await f.storage.db
          .selectFrom('executions')
          .select('status')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).status;

    it('sends a signed POST with the bearer token and rendered payload, records the attempt and finishes the execution', async () => {
      f = await startDeliveryFixture(dialect);
      const server = await receiver((_req, res) => res.end('thanks'));
      await f.setSecret('TOKEN', 'tok-123');
      await f.setSecret('SIGNING', SIGNING);
      const hook = await f.addWebhook({
        url: `${server.url}/hook`,
        accessTokenSecret: 'TOKEN',
        secret: 'SIGNING',
      });
      const { executionId, deliveryId } = await f.queue({
        type: 'GENERIC_WEBHOOK',
        webhook_id: hook.id,
        payload: {
          run: '${run_name}',
          value: '${metric_value}',
          name: '${automation_name}',
          auth: '${ACCESS_TOKEN}',
        },
      });
      expect(await f.worker().runOnce()).toBe(1);
      const [req] = server.received;
      expect(req?.headers.authorization).toBe('Bearer tok-123');
      const verified = new StandardWebhook(SIGNING).verify(req?.body ?? '', {
        'webhook-id': String(req?.headers['webhook-id']),
        'webhook-timestamp': String(req?.headers['webhook-timestamp']),
        'webhook-signature': String(req?.headers['webhook-signature']),
      });
      expect(verified).toEqual({ run: 'resnet-1', value: '2.5', name: f.automationName, auth: 'tok-123' });
      expect(req?.headers['webhook-id']).toBe(deliveryId);
      const [attempt] = await attempts(deliveryId);
      expect(attempt).toMatchObject({
        attempt_no: 1,
        outcome: 'success',
        status_code: 200,
        response_body: 'thanks',
      });
      expect(attempt?.request_body).not.toContain('tok-123');
      expect(JSON.parse(attempt?.request_headers ?? '{}').authorization).toBe('Bearer [REDACTED]');
      expect(await executionStatus(executionId)).toBe('finished');
      expect((await findDelivery(f.storage.db, deliveryId))?.status).toBe('succeeded');
    });

    it('sends a new delivery as soon as it is woken, without waiting for the poll', async () => {
      f = await startDeliveryFixture(dialect, { pollIntervalMs: 60_000 });
      const server = await receiver((_req, res) => res.end());
      const hook = await f.addWebhook({ url: server.url });
      const worker = f.worker();
      worker.start();
      await new Promise((r) => setTimeout(r, 50));
      const { executionId } = await f.queue({ type: 'GENERIC_WEBHOOK', webhook_id: hook.id, payload: {} });
      worker.wake();
      await waitFor(async () => (await executionStatus(executionId)) === 'finished', 2000);
      expect(server.received).toHaveLength(1);
    });

    it('finishes a NO_OP delivery without sending anything', async () => {
      f = await startDeliveryFixture(dialect);
      const { executionId } = await f.queue({ type: 'NO_OP' });
      expect(await f.worker().runOnce()).toBe(1);
      expect(await executionStatus(executionId)).toBe('finished');
    });

    it('retries a 500 twice and succeeds on the third attempt', async () => {
      f = await startDeliveryFixture(dialect, { delaysMs: [0, 50, 50] });
      let calls = 0;
      const server = await receiver((_req, res) => {
        res.statusCode = ++calls <= 2 ? 500 : 200;
        res.end();
      });
      const hook = await f.addWebhook({ url: server.url });
      const { executionId, deliveryId } = await f.queue({
        type: 'GENERIC_WEBHOOK',
        webhook_id: hook.id,
        payload: {},
      });
      f.worker().start();
      await waitFor(async () => (await executionStatus(executionId)) === 'finished');
      expect((await attempts(deliveryId)).map((a) => a.status_code)).toEqual([500, 500, 200]);
      expect(server.received.map((r) => r.headers['webhook-id'])).toEqual([
        deliveryId,
        deliveryId,
        deliveryId,
      ]);
    });

    it('waits for Retry-After on a 429 and fails a 400 at once', async () => {
      f = await startDeliveryFixture(dialect, { delaysMs: [0, 50, 50] });
      const limited = await receiver((_req, res) => {
        res.writeHead(429, { 'retry-after': '1' });
        res.end();
      });
      const refused = await receiver((_req, res) => {
        res.statusCode = 400;
        res.end('bad payload');
      });
      const a = await f.queue({
        type: 'GENERIC_WEBHOOK',
        webhook_id: (await f.addWebhook({ url: limited.url })).id,
        payload: {},
      });
      const b = await f.queue({
        type: 'GENERIC_WEBHOOK',
        webhook_id: (await f.addWebhook({ url: refused.url })).id,
        payload: {},
      });
      const before = Date.now();
      expect(await f.worker().runOnce()).toBe(2);
      const retried = await findDelivery(f.storage.db, a.deliveryId);
      expect(retried?.status).toBe('pending');
      expect(retried?.next_attempt_at).toBeGreaterThanOrEqual(before + 1000);
      expect(await f.worker().runOnce()).toBe(0);
      const failed = await findDelivery(f.storage.db, b.deliveryId);
      expect(failed).toMatchObject({ status: 'failed', last_error: 'HTTP 400' });
      expect(await executionStatus(b.executionId)).toBe('failed');
    });

    it('times out a hanging receiver, retries, goes dead after the last attempt, and succeeds when redelivered', async () => {
      f = await startDeliveryFixture(dialect, { delaysMs: [0, 50], timeoutMs: 200 });
      let hang = true;
      const server = await receiver((_req, res) => {
        if (!hang) res.end('ok');
      });
      const hook = await f.addWebhook({ url: server.url });
      const { executionId, deliveryId } = await f.queue({
        type: 'GENERIC_WEBHOOK',
        webhook_id: hook.id,
        payload: {},
      });
      const worker = f.worker();
      worker.start();
      await waitFor(async () => (await findDelivery(f.storage.db, deliveryId))?.status === 'dead');
      const tries = await attempts(deliveryId);
      expect(tries.map((t) => t.error?.startsWith('timeout'))).toEqual([true, true]);
      expect(await executionStatus(executionId)).toBe('failed');
      hang = false;
      expect(await redeliverDelivery(f.storage.db, deliveryId, Date.now())).toBe(true);
      expect(await executionStatus(executionId)).toBe('pending');
      worker.wake();
      await waitFor(async () => (await executionStatus(executionId)) === 'finished');
      expect((await attempts(deliveryId)).map((t) => t.attempt_no)).toEqual([1, 2, 3]);
    });

    it('keeps delivering other rounds while one waits on a hanging receiver', async () => {
      f = await startDeliveryFixture(dialect, { batchSize: 1, timeoutMs: 2000, pollIntervalMs: 60_000 });
      const slow = await receiver(() => {});
      const fast = await receiver((_req, res) => res.end('ok'));
      const slowHook = await f.addWebhook({ url: slow.url });
      const fastHook = await f.addWebhook({ name: 'fast', url: fast.url });
      const hanging = await f.queue({ type: 'GENERIC_WEBHOOK', webhook_id: slowHook.id, payload: {} });
      await new Promise((r) => setTimeout(r, 5)); // the hanging delivery is due first, so claimed first
      for (let i = 0; i < 3; i++)
        await f.queue({ type: 'GENERIC_WEBHOOK', webhook_id: fastHook.id, payload: {} });
      const worker = f.worker();
      worker.start();
      // One round at a time would hold the fast deliveries until the slow one times out (2 s).
      await waitFor(() => fast.received.length === 3, 1200);
      expect((await findDelivery(f.storage.db, hanging.deliveryId))?.status).toBe('pending');
      expect(slow.received).toHaveLength(1);
    });

    it('sends again with the same webhook-id after a worker died between claim and completion', async () => {
      f = await startDeliveryFixture(dialect);
      const server = await receiver((_req, res) => res.end());
      const hook = await f.addWebhook({ url: server.url });
      const { executionId, deliveryId } = await f.queue({
        type: 'GENERIC_WEBHOOK',
        webhook_id: hook.id,
        payload: {},
      });
      const [claimed] = await claimDeliveries(f.storage.db, dialect, {
        workerId: 'doomed',
        now: Date.now(),
        leaseMs: 300,
        limit: 10,
      });
      // The doomed worker sends, then dies before recording anything.
      await sendWebhook({
        client: f.client,
        url: server.url,
        body: '{}',
        deliveryId: claimed?.id ?? '',
        now: Date.now(),
      });
      const survivor = f.worker();
      expect(await survivor.runOnce()).toBe(0);
      await new Promise((r) => setTimeout(r, 320));
      expect(await survivor.runOnce()).toBe(1);
      expect(server.received.map((r) => r.headers['webhook-id'])).toEqual([deliveryId, deliveryId]);
      expect(await executionStatus(executionId)).toBe('finished');
    });

    it('releases what is still unanswered at the shutdown deadline, so another worker sends it at once', async () => {
      f = await startDeliveryFixture(dialect, { timeoutMs: 1500, leaseMs: 60_000, pollIntervalMs: 60_000 });
      let answer = false;
      const server = await receiver((_req, res) => {
        if (answer) res.end('ok');
      });
      const hook = await f.addWebhook({ url: server.url });
      const { executionId, deliveryId } = await f.queue({
        type: 'GENERIC_WEBHOOK',
        webhook_id: hook.id,
        payload: {},
      });
      const leaving = f.worker('leaving');
      leaving.start();
      await waitFor(() => server.received.length === 1);
      const started = Date.now();
      await leaving.stop(200);
      expect(Date.now() - started).toBeLessThan(2000);
      const released = await findDelivery(f.storage.db, deliveryId);
      expect(released).toMatchObject({ status: 'pending', locked_by: null, attempts: 1 });
      expect(released?.next_attempt_at).toBeLessThanOrEqual(Date.now());
      // Without the release the lease would hold it for a minute; the next worker takes it now.
      answer = true;
      const next = f.worker('next');
      expect(await next.runOnce()).toBe(1);
      expect(server.received.map((r) => r.headers['webhook-id'])).toEqual([deliveryId, deliveryId]);
      expect(await executionStatus(executionId)).toBe('finished');
    });

    it('refuses loopback, private, link-local and metadata destinations that are not allow-listed', async () => {
      f = await startDeliveryFixture(dialect, { allow: '' });
      const urls = [
        'http://127.0.0.1:9/',
        'http://10.0.0.1/',
        'http://[::1]:9/',
        'http://169.254.169.254/latest/meta-data',
        'http://localhost:9/',
      ];
      const ids: string[] = [];
      for (const url of urls) {
        ids.push(
          (
            await f.queue({
              type: 'GENERIC_WEBHOOK',
              webhook_id: (await f.addWebhook({ url })).id,
              payload: {},
            })
          ).deliveryId,
        );
      }
      expect(await f.worker().runOnce()).toBe(urls.length);
      for (const id of ids) {
        const [attempt] = await attempts(id);
        expect(attempt?.outcome).toBe('permanent');
        expect(attempt?.error).toMatch(/refused: .*BELLWETHER_OUTBOUND_ALLOW/);
        expect((await findDelivery(f.storage.db, id))?.status).toBe('failed');
      }
    });

    it('uses a rotated secret on the next delivery', async () => {
      f = await startDeliveryFixture(dialect);
      const server = await receiver((_req, res) => res.end());
      await f.setSecret('TOKEN', 'first-token');
      const hook = await f.addWebhook({ url: server.url, accessTokenSecret: 'TOKEN' });
      await f.queue({ type: 'GENERIC_WEBHOOK', webhook_id: hook.id, payload: {} });
      await f.worker().runOnce();
      await f.setSecret('TOKEN', 'second-token');
      await f.queue({ type: 'GENERIC_WEBHOOK', webhook_id: hook.id, payload: {} });
      await f.worker().runOnce();
      expect(server.received.map((r) => r.headers.authorization)).toEqual([
        'Bearer first-token',
        'Bearer second-token',
      ]);
    });

    it('disables a webhook that kept failing and fails its deliveries with the reason', async () => {
      f = await startDeliveryFixture(dialect, { disableAfterMs: 0, delaysMs: [0] });
      const server = await receiver((_req, res) => {
        res.statusCode = 503;
        res.end();
      });
      const hook = await f.addWebhook({ url: server.url });
      await f.queue({ type: 'GENERIC_WEBHOOK', webhook_id: hook.id, payload: {} });
      await f.worker().runOnce();
      const row = await f.storage.db
        .selectFrom('webhooks')
        .selectAll()
        .where('id', '=', hook.id)
        .executeTakeFirstOrThrow();
      expect(row.disabled_reason).toMatch(/without a successful delivery/);
      const next = await f.queue({ type: 'GENERIC_WEBHOOK', webhook_id: hook.id, payload: {} });
      await f.worker().runOnce();
      expect(server.received).toHaveLength(1);
      expect((await findDelivery(f.storage.db, next.deliveryId))?.last_error).toMatch(
        /the webhook is disabled/,
      );
    });

    it('posts NOTIFICATION messages to Slack and retries a rate-limited one after Retry-After', async () => {
      const slack = createFakeSlackServer();
      const apiUrl = await slack.start();
      try {
        f = await startDeliveryFixture(dialect, { slackApiUrl: apiUrl, delaysMs: [0, 0, 0] });
        const token = slack.issueBotToken();
        const credential = f.box.encrypt(JSON.stringify({ bot_token: token, channel: 'C0ALERTS01' }));
        await f.storage.db
          .insertInto('slack_integrations')
          .values({
            id: 'slk_1',
            team_id: f.teamId,
            kind: 'bot_token',
            name: '#ml-alerts',
            channel: 'C0ALERTS01',
            workspace: null,
            credential_ciphertext: credential,
            created_at: Date.now(),
          })
          .execute();
        const action = {
          type: 'NOTIFICATION',
          slack_integration_id: 'slk_1',
          title: 'Loss of ${run_name}',
          message: '${metric_name} is ${metric_value}',
          severity: 'WARN',
        };
        const first = await f.queue(action);
        const second = await f.queue(action);
        const worker = f.worker();
        const started = Date.now();
        worker.start();
        await waitFor(async () => (await executionStatus(second.executionId)) === 'finished', 5000);
        expect(await executionStatus(first.executionId)).toBe('finished');
        expect(slack.messages).toHaveLength(2);
        expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
        const message = slack.messages[0];
        expect(message?.channel).toBe('C0ALERTS01');
        expect(JSON.stringify(message?.blocks)).toContain('Loss of resnet-1');
        expect(JSON.stringify(message?.attachments)).toContain('loss is 2.5');
        const all = [...(await attempts(first.deliveryId)), ...(await attempts(second.deliveryId))];
        expect(all.map((a) => a.status_code).sort()).toEqual([200, 200, 429]);
        expect(JSON.stringify(all)).not.toContain(token);
      } finally {
        await slack.stop();
      }
    });
  });
}

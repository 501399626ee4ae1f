import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { createGuardedClient, type GuardedClient } from '../guarded-client.js';
import { createSsrfGuard } from '../ssrf-guard.js';
import {
  type LocalHandler,
  type LocalHttpServer,
  startLocalHttpServer,
} from '../testing/local-http-server.js';
import { sendWebhook, WEBHOOK_USER_AGENT } from './webhook-channel.js';

const guard = createSsrfGuard({ allow: '127.0.0.1/32' });
const cleanups: Array<() => Promise<void>> = [];
const secret = `whsec_${Buffer.from('a-32-byte-signing-key-for-tests!').toString('base64')}`;
const body = '{"automation_name":"loss spike","metric_value":"2.5"}';

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(
  handler: LocalHandler,
  timeoutMs = 1000,
): Promise<{ server: LocalHttpServer; client: GuardedClient }> {
  const server = await startLocalHttpServer(handler);
  const client = createGuardedClient({ guard, timeoutMs });
  cleanups.push(
    () => server.close(),
    () => client.close(),
  );
  return { server, client };
}

function respond(status: number, headers: Record<string, string> = {}, text = ''): LocalHandler {
  return (_req, res) => {
    res.writeHead(status, headers);
    res.end(text);
  };
}

describe('sendWebhook', () => {
  it('posts the body with content type, user agent, bearer token and a verifiable signature', async () => {
    const { server, client } = await setup(respond(200, { 'x-receiver': 'r1' }, 'thanks'));
    const result = await sendWebhook({
      client,
      url: `${server.url}/hooks`,
      body,
      deliveryId: 'dlv_abc',
      signingSecret: secret,
      accessToken: 'tok-123',
      now: Date.now(),
    });
    expect(result).toMatchObject({
      outcome: 'success',
      status: 200,
      error: null,
      responseBody: 'thanks',
      responseHeaders: { 'x-receiver': 'r1' },
    });
    const received = server.received[0];
    expect(received?.body).toBe(body);
    expect(received?.headers['content-type']).toBe('application/json');
    expect(received?.headers['user-agent']).toBe(WEBHOOK_USER_AGENT);
    expect(received?.headers.authorization).toBe('Bearer tok-123');
    expect(received?.headers['webhook-id']).toBe('dlv_abc');
    const headers = received?.headers as Record<string, string>;
    expect(new Webhook(secret).verify(received?.body ?? '', headers)).toEqual(JSON.parse(body));
  });

  it('keeps webhook-id stable across attempts and omits signature and auth when not configured', async () => {
    const { server, client } = await setup(respond(204));
    for (let i = 0; i < 2; i++) {
      await sendWebhook({ client, url: server.url, body, deliveryId: 'dlv_same', now: Date.now() });
    }
    expect(server.received.map((r) => r.headers['webhook-id'])).toEqual(['dlv_same', 'dlv_same']);
    expect(server.received[0]?.headers['webhook-signature']).toBeUndefined();
    expect(server.received[0]?.headers.authorization).toBeUndefined();
  });

  it('treats a 500 as retryable', async () => {
    const { server, client } = await setup(respond(500, {}, 'boom'));
    const result = await sendWebhook({ client, url: server.url, body, deliveryId: 'd', now: Date.now() });
    expect(result).toMatchObject({
      outcome: 'retryable',
      status: 500,
      error: 'HTTP 500',
      responseBody: 'boom',
    });
    expect(result.retryAfterMs).toBeUndefined();
  });

  it('treats a 429 as retryable after the Retry-After it names', async () => {
    const { server, client } = await setup(respond(429, { 'retry-after': '30' }));
    const result = await sendWebhook({ client, url: server.url, body, deliveryId: 'd', now: Date.now() });
    expect(result).toMatchObject({ outcome: 'retryable', status: 429, retryAfterMs: 30_000 });
  });

  it('reads a Retry-After date against the injected clock', async () => {
    const now = Date.UTC(2026, 0, 1);
    const { server, client } = await setup(
      respond(503, { 'retry-after': new Date(now + 120_000).toUTCString() }),
    );
    const result = await sendWebhook({ client, url: server.url, body, deliveryId: 'd', now });
    expect(result).toMatchObject({ outcome: 'retryable', status: 503, retryAfterMs: 120_000 });
  });

  it('treats a 400 as permanent', async () => {
    const { server, client } = await setup(respond(400, {}, 'bad payload'));
    const result = await sendWebhook({ client, url: server.url, body, deliveryId: 'd', now: Date.now() });
    expect(result).toMatchObject({ outcome: 'permanent', status: 400, error: 'HTTP 400' });
  });

  it('treats a receiver that hangs as a retryable timeout', async () => {
    const { server, client } = await setup(() => {
      // never respond
    }, 200);
    const result = await sendWebhook({ client, url: server.url, body, deliveryId: 'd', now: Date.now() });
    expect(result).toMatchObject({ outcome: 'retryable', status: null, responseBody: null });
    expect(result.error).toMatch(/^timeout: /);
  });

  it('treats a refused destination as permanent', async () => {
    const strict = createGuardedClient({ guard: createSsrfGuard() });
    cleanups.push(() => strict.close());
    const result = await sendWebhook({
      client: strict,
      url: 'http://10.0.0.1/hook',
      body,
      deliveryId: 'd',
      now: 0,
    });
    expect(result).toMatchObject({ outcome: 'permanent', status: null });
    expect(result.error).toBe(
      'refused: 10.0.0.1 is a private address (allow it with BELLWETHER_OUTBOUND_ALLOW)',
    );
  });
});

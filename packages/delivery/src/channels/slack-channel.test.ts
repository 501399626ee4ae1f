import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGuardedClient } from '../guarded-client.js';
import { createSsrfGuard } from '../ssrf-guard.js';
import { createFakeSlackServer, type FakeSlackServer } from '../testing/fake-slack-server.js';
import { startLocalHttpServer } from '../testing/local-http-server.js';
import { createSlackChannel, type SlackChannel } from './slack-channel.js';
import { buildSlackMessage } from './slack-message.js';

const guard = createSsrfGuard({ allow: '127.0.0.1/32' });
const message = buildSlackMessage({
  title: 'Loss spiked',
  message: 'loss is *2.5*',
  severity: 'WARN',
  event: { type: 'RUN_METRIC_THRESHOLD', run_name: 'resnet-1', metric_name: 'loss', metric_value: 2.5 },
  linkUrl: 'https://bellwether.example/executions/exe_1',
});

let clock = Date.UTC(2026, 0, 1);
let slack: FakeSlackServer;
let apiUrl: string;
const cleanups: Array<() => Promise<void> | void> = [];

function channel(options: { strict?: boolean } = {}): SlackChannel {
  const g = options.strict ? createSsrfGuard() : guard;
  const client = createGuardedClient({ guard: g, timeoutMs: 1000 });
  const c = createSlackChannel({ guard: g, client, slackApiUrl: apiUrl, timeoutMs: 1000 });
  cleanups.push(
    () => c.close(),
    () => client.close(),
  );
  return c;
}

beforeEach(async () => {
  clock = Date.UTC(2026, 0, 1);
  slack = createFakeSlackServer({ now: () => clock });
  apiUrl = await slack.start();
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await slack.stop();
});

describe('createSlackChannel with a bot token', () => {
  it('posts the Block Kit message with chat.postMessage', async () => {
    const token = slack.issueBotToken();
    const result = await channel().send({ type: 'bot_token', token, channel: 'C0ALERTS01' }, message);
    expect(result).toMatchObject({ outcome: 'success', status: 200, error: null });
    expect(JSON.parse(result.responseBody ?? '{}')).toMatchObject({ ok: true, channel: 'C0ALERTS01' });
    expect(slack.messages).toHaveLength(1);
    expect(slack.messages[0]).toMatchObject({
      via: 'chat.postMessage',
      channel: 'C0ALERTS01',
      text: message.text,
      blocks: message.blocks,
      attachments: message.attachments,
    });
  });

  it('accepts a channel by #name', async () => {
    const token = slack.issueBotToken();
    const result = await channel().send({ type: 'bot_token', token, channel: '#general' }, message);
    expect(result.outcome).toBe('success');
    expect(slack.messages[0]?.channel).toBe('C0GENERAL1');
  });

  it('maps a second message to the same channel within a second to a retryable rate limit', async () => {
    const token = slack.issueBotToken();
    const c = channel();
    const target = { type: 'bot_token', token, channel: 'C0ALERTS01' } as const;
    expect((await c.send(target, message)).outcome).toBe('success');
    const limited = await c.send(target, message);
    expect(limited).toMatchObject({ outcome: 'retryable', status: 429 });
    expect(limited.retryAfterMs).toBeGreaterThanOrEqual(1000);
    expect((await c.send({ ...target, channel: 'C0GENERAL1' }, message)).outcome).toBe('success');
    clock += 1000;
    expect((await c.send(target, message)).outcome).toBe('success');
    expect(slack.messages).toHaveLength(3);
  });

  it.each([
    ['a bad token', 'xoxb-not-a-real-token', 'C0ALERTS01', 'slack: invalid_auth'],
    ['an unknown channel', null, 'C0NOPE0000', 'slack: channel_not_found'],
    ['a channel the bot is not in', null, 'C0PRIVATE1', 'slack: not_in_channel'],
  ])('treats %s as permanent', async (_case, badToken, channelId, error) => {
    const token = badToken ?? slack.issueBotToken();
    const result = await channel().send({ type: 'bot_token', token, channel: channelId }, message);
    expect(result).toMatchObject({ outcome: 'permanent', error });
    expect(slack.messages).toHaveLength(0);
  });

  it('treats an unreachable Slack API as a retryable network error', async () => {
    const token = slack.issueBotToken();
    const c = channel();
    await slack.stop();
    const result = await c.send({ type: 'bot_token', token, channel: 'C0ALERTS01' }, message);
    expect(result).toMatchObject({ outcome: 'retryable', status: null });
    expect(result.error).toMatch(/^network: /);
  });

  it('treats a Slack API that hangs as a retryable timeout', async () => {
    const hanging = await startLocalHttpServer(() => {
      // never respond
    });
    cleanups.push(() => hanging.close());
    const client = createGuardedClient({ guard, timeoutMs: 200 });
    const c = createSlackChannel({ guard, client, slackApiUrl: `${hanging.url}/api/`, timeoutMs: 200 });
    cleanups.push(
      () => c.close(),
      () => client.close(),
    );
    const result = await c.send({ type: 'bot_token', token: 'xoxb-1', channel: 'C1' }, message);
    expect(result).toMatchObject({ outcome: 'retryable', status: null });
    expect(result.error).toMatch(/^timeout: /);
    expect(result.durationMs).toBeLessThan(2000);
  });

  it('refuses a Slack API on a loopback address that is not allow-listed', async () => {
    const token = slack.issueBotToken();
    const result = await channel({ strict: true }).send(
      { type: 'bot_token', token, channel: 'C0ALERTS01' },
      message,
    );
    expect(result).toMatchObject({ outcome: 'permanent', status: null });
    expect(result.error).toContain('refused: 127.0.0.1 is a loopback address');
    expect(slack.messages).toHaveLength(0);
  });
});

describe('createSlackChannel with an incoming webhook', () => {
  it('posts the message as JSON and succeeds on "ok"', async () => {
    const url = slack.addIncomingWebhook('C0GENERAL1');
    const result = await channel().send({ type: 'incoming_webhook', url }, message);
    expect(result).toMatchObject({ outcome: 'success', status: 200, responseBody: 'ok' });
    expect(slack.messages[0]).toMatchObject({
      via: 'incoming_webhook',
      channel: 'C0GENERAL1',
      blocks: message.blocks,
      attachments: message.attachments,
    });
  });

  it('maps an unknown webhook to permanent and a burst to a retryable rate limit', async () => {
    const url = slack.addIncomingWebhook('C0GENERAL1');
    const c = channel();
    const unknown = await c.send({ type: 'incoming_webhook', url: `${url}x` }, message);
    expect(unknown).toMatchObject({ outcome: 'permanent', status: 404, responseBody: 'no_service' });
    expect((await c.send({ type: 'incoming_webhook', url }, message)).outcome).toBe('success');
    expect(await c.send({ type: 'incoming_webhook', url }, message)).toMatchObject({
      outcome: 'retryable',
      status: 429,
      retryAfterMs: 1000,
    });
  });
});

describe('the fake Slack server', () => {
  it('exchanges an OAuth code it issued for a working bot token, once', async () => {
    const web = new WebClient(undefined, { slackApiUrl: apiUrl, retryConfig: { retries: 0 } });
    const code = slack.issueOAuthCode({ incomingWebhookChannel: 'C0ALERTS01' });
    const access = await web.oauth.v2.access({
      client_id: slack.clientId,
      client_secret: slack.clientSecret,
      code,
    });
    expect(access).toMatchObject({ ok: true, token_type: 'bot', team: { id: slack.teamId } });
    expect(access.incoming_webhook?.channel_id).toBe('C0ALERTS01');
    const token = access.access_token ?? '';
    const bot = new WebClient(token, { slackApiUrl: apiUrl, retryConfig: { retries: 0 } });
    expect(await bot.auth.test()).toMatchObject({ ok: true, team_id: slack.teamId });
    const list = await bot.conversations.list();
    expect(list.channels?.map((c) => c.name)).toEqual(['general', 'ml-alerts', 'private']);
    const hook = await channel().send(
      { type: 'incoming_webhook', url: access.incoming_webhook?.url ?? '' },
      message,
    );
    expect(hook.outcome).toBe('success');
    await expect(
      web.oauth.v2.access({ client_id: slack.clientId, client_secret: slack.clientSecret, code }),
    ).rejects.toMatchObject({ data: { error: 'invalid_code' } });
  });

  it('checks the client credentials', async () => {
    const web = new WebClient(undefined, { slackApiUrl: apiUrl, retryConfig: { retries: 0 } });
    const code = slack.issueOAuthCode();
    await expect(
      web.oauth.v2.access({ client_id: slack.clientId, client_secret: 'wrong', code }),
    ).rejects.toMatchObject({ data: { error: 'bad_client_secret' } });
    await expect(
      web.oauth.v2.access({ client_id: 'other', client_secret: slack.clientSecret, code }),
    ).rejects.toMatchObject({ data: { error: 'invalid_client_id' } });
  });
});

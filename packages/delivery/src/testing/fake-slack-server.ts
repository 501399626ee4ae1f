import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A channel the fake workspace has; the bot can post only where it is a member. */
export interface FakeSlackChannel {
  id: string;
  name: string;
  /** Whether the bot was invited (default true); otherwise posting answers `not_in_channel`. */
  member?: boolean;
}

/** A message the fake received, through the Web API or an incoming webhook. */
export interface FakeSlackMessage {
  via: 'chat.postMessage' | 'incoming_webhook';
  channel: string;
  ts: string;
  text: string | undefined;
  blocks: unknown;
  attachments: unknown;
  /** Every field as received (form fields with JSON values already parsed). */
  raw: Record<string, unknown>;
}

/** Options of {@link createFakeSlackServer}. */
export interface FakeSlackServerOptions {
  teamId?: string;
  teamName?: string;
  /** The Slack app's OAuth client credentials that `oauth.v2.access` checks. */
  clientId?: string;
  clientSecret?: string;
  channels?: FakeSlackChannel[];
  /** The clock for the per-channel rate limit (epoch ms). Default `Date.now`. */
  now?: () => number;
}

/** Options of {@link FakeSlackServer.issueOAuthCode}: what the install grants. */
export interface FakeOAuthGrant {
  /** When set, the install also creates an incoming webhook for this channel id. */
  incomingWebhookChannel?: string;
}

/** A local stand-in for Slack's Web API and incoming webhooks, for tests. */
export interface FakeSlackServer {
  /** Binds 127.0.0.1 on an OS-chosen port; returns the Web API base URL (`http://127.0.0.1:PORT/api/`). */
  start(): Promise<string>;
  stop(): Promise<void>;
  /** The Web API base URL; throws before `start()`. */
  readonly apiUrl: string;
  readonly teamId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Every message accepted, in order. */
  readonly messages: FakeSlackMessage[];
  /** A new bot token (`xoxb-…`) the fake accepts. */
  issueBotToken(): string;
  /** A new single-use OAuth code for `oauth.v2.access`. */
  issueOAuthCode(grant?: FakeOAuthGrant): string;
  /** A new incoming-webhook URL (`…/services/T…/B…/…`) posting to the channel id. */
  addIncomingWebhook(channelId: string): string;
}

type Body = Record<string, unknown>;

function parseBody(req: IncomingMessage, raw: string): Body {
  const type = req.headers['content-type'] ?? '';
  if (type.includes('application/json')) {
    const parsed: unknown = JSON.parse(raw || '{}');
    return typeof parsed === 'object' && parsed !== null ? (parsed as Body) : {};
  }
  const body: Body = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    // @slack/web-api sends objects (blocks, attachments) as JSON text inside form fields.
    try {
      body[key] = /^[[{]/.test(value) ? JSON.parse(value) : value;
    } catch {
      body[key] = value;
    }
  }
  return body;
}

function sendJson(
  res: ServerResponse,
  status: number,
  payload: unknown,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(payload));
}

function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
  res.end(text);
}

function hasContent(body: Body): boolean {
  return ['text', 'blocks', 'attachments'].some((key) => {
    const value = body[key];
    return Array.isArray(value) ? value.length > 0 : typeof value === 'string' && value !== '';
  });
}

/**
 * Creates a fake Slack: `chat.postMessage` (Bearer bot token, known channels, form or JSON
 * bodies, like Slack at most one message per second per channel, else HTTP 429 with
 * `Retry-After: 1`), `conversations.list`, `auth.test`, `oauth.v2.access` (exchanges codes it
 * issued, checking client_id and client_secret) and incoming webhooks, recording every message.
 */
export function createFakeSlackServer(options: FakeSlackServerOptions = {}): FakeSlackServer {
  const teamId = options.teamId ?? 'T0FAKE0001';
  const teamName = options.teamName ?? 'Bellwether Test';
  const clientId = options.clientId ?? '1111.2222';
  const clientSecret = options.clientSecret ?? `secret-${randomBytes(8).toString('hex')}`;
  const channels = options.channels ?? [
    { id: 'C0GENERAL1', name: 'general' },
    { id: 'C0ALERTS01', name: 'ml-alerts' },
    { id: 'C0PRIVATE1', name: 'private', member: false },
  ];
  const now = options.now ?? Date.now;
  const tokens = new Set<string>();
  const codes = new Map<string, FakeOAuthGrant>();
  const webhooks = new Map<string, string>();
  const lastPostAt = new Map<string, number>();
  const messages: FakeSlackMessage[] = [];
  let server: Server | null = null;
  let baseUrl: string | null = null;
  let counter = 0;

  const nextTs = () => `${Math.floor(now() / 1000)}.${String(++counter).padStart(6, '0')}`;
  const findChannel = (ref: unknown) =>
    typeof ref === 'string'
      ? channels.find((c) => c.id === ref || c.name === ref.replace(/^#/, ''))
      : undefined;

  // Slack's "1 message per second per channel" limit, answered the way Slack answers it.
  const rateLimited = (channelId: string): boolean => {
    const at = now();
    const last = lastPostAt.get(channelId);
    if (last !== undefined && at - last < 1000) return true;
    lastPostAt.set(channelId, at);
    return false;
  };

  const bearer = (req: IncomingMessage, body: Body): string | null => {
    const header = req.headers.authorization ?? '';
    if (header.startsWith('Bearer ')) return header.slice(7);
    return typeof body.token === 'string' ? body.token : null;
  };

  const authorized = (req: IncomingMessage, body: Body, res: ServerResponse): boolean => {
    const token = bearer(req, body);
    if (!token) sendJson(res, 200, { ok: false, error: 'not_authed' });
    else if (!tokens.has(token)) sendJson(res, 200, { ok: false, error: 'invalid_auth' });
    else return true;
    return false;
  };

  const postMessage = (req: IncomingMessage, body: Body, res: ServerResponse) => {
    if (!authorized(req, body, res)) return;
    const channel = findChannel(body.channel);
    if (!channel) return sendJson(res, 200, { ok: false, error: 'channel_not_found' });
    if (channel.member === false) return sendJson(res, 200, { ok: false, error: 'not_in_channel' });
    if (!hasContent(body)) return sendJson(res, 200, { ok: false, error: 'no_text' });
    if (rateLimited(channel.id)) {
      return sendJson(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': '1' });
    }
    const ts = nextTs();
    const text = typeof body.text === 'string' ? body.text : undefined;
    messages.push({
      via: 'chat.postMessage',
      channel: channel.id,
      ts,
      text,
      blocks: body.blocks,
      attachments: body.attachments,
      raw: body,
    });
    sendJson(res, 200, {
      ok: true,
      channel: channel.id,
      ts,
      message: { type: 'message', user: 'U0BOT00001', bot_id: 'B0BOT00001', text, ts, blocks: body.blocks },
    });
  };

  const oauthAccess = (req: IncomingMessage, body: Body, res: ServerResponse) => {
    let id = body.client_id;
    let secret = body.client_secret;
    const basic = req.headers.authorization ?? '';
    if (basic.startsWith('Basic ')) {
      [id, secret] = Buffer.from(basic.slice(6), 'base64').toString('utf8').split(':');
    }
    if (id !== clientId) return sendJson(res, 200, { ok: false, error: 'invalid_client_id' });
    if (secret !== clientSecret) return sendJson(res, 200, { ok: false, error: 'bad_client_secret' });
    const code = typeof body.code === 'string' ? body.code : '';
    const grant = codes.get(code);
    if (!grant) return sendJson(res, 200, { ok: false, error: 'invalid_code' });
    codes.delete(code);
    const accessToken = api.issueBotToken();
    const hookChannel = grant.incomingWebhookChannel ? findChannel(grant.incomingWebhookChannel) : undefined;
    sendJson(res, 200, {
      ok: true,
      app_id: 'A0FAKEAPP1',
      authed_user: { id: 'U0INSTALL1' },
      scope: 'chat:write,channels:read',
      token_type: 'bot',
      access_token: accessToken,
      bot_user_id: 'U0BOT00001',
      team: { id: teamId, name: teamName },
      enterprise: null,
      is_enterprise_install: false,
      ...(hookChannel
        ? {
            incoming_webhook: {
              channel: `#${hookChannel.name}`,
              channel_id: hookChannel.id,
              configuration_url: `${origin()}/services/${teamId}`,
              url: api.addIncomingWebhook(hookChannel.id),
            },
          }
        : {}),
    });
  };

  const webApi = (method: string, req: IncomingMessage, body: Body, res: ServerResponse) => {
    switch (method) {
      case 'chat.postMessage':
        return postMessage(req, body, res);
      case 'oauth.v2.access':
        return oauthAccess(req, body, res);
      case 'auth.test':
        if (!authorized(req, body, res)) return;
        return sendJson(res, 200, {
          ok: true,
          url: `${origin()}/`,
          team: teamName,
          user: 'bellwether',
          team_id: teamId,
          user_id: 'U0BOT00001',
          bot_id: 'B0BOT00001',
        });
      case 'conversations.list':
        if (!authorized(req, body, res)) return;
        return sendJson(res, 200, {
          ok: true,
          channels: channels.map((c) => ({
            id: c.id,
            name: c.name,
            is_channel: true,
            is_member: c.member !== false,
          })),
          response_metadata: { next_cursor: '' },
        });
      default:
        return sendJson(res, 404, { ok: false, error: 'unknown_method' });
    }
  };

  const incomingWebhook = (path: string, raw: string, res: ServerResponse) => {
    const channelId = webhooks.get(path);
    if (!channelId) return sendText(res, 404, 'no_service');
    let body: Body;
    try {
      const parsed: unknown = JSON.parse(raw);
      if (typeof parsed !== 'object' || parsed === null) throw new Error('not an object');
      body = parsed as Body;
    } catch {
      return sendText(res, 400, 'invalid_payload');
    }
    if (!hasContent(body)) return sendText(res, 400, 'no_text');
    if (rateLimited(channelId)) return sendText(res, 429, 'rate_limited', { 'retry-after': '1' });
    messages.push({
      via: 'incoming_webhook',
      channel: channelId,
      ts: nextTs(),
      text: typeof body.text === 'string' ? body.text : undefined,
      blocks: body.blocks,
      attachments: body.attachments,
      raw: body,
    });
    sendText(res, 200, 'ok');
  };

  const handle = (req: IncomingMessage, res: ServerResponse, raw: string) => {
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    if (req.method !== 'POST' && req.method !== 'GET') return sendText(res, 405, 'method_not_allowed');
    if (path.startsWith('/api/')) {
      let body: Body;
      try {
        body = {
          ...Object.fromEntries(new URL(req.url ?? '/', 'http://fake').searchParams),
          ...parseBody(req, raw),
        };
      } catch {
        return sendJson(res, 200, { ok: false, error: 'invalid_json' });
      }
      return webApi(path.slice('/api/'.length), req, body, res);
    }
    if (path.startsWith('/services/') && req.method === 'POST') return incomingWebhook(path, raw, res);
    sendText(res, 404, 'not_found');
  };

  const origin = () => {
    if (!baseUrl) throw new Error('the fake Slack server is not started');
    return baseUrl;
  };

  const api: FakeSlackServer = {
    async start() {
      server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
      });
      const listening = server;
      await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
      baseUrl = `http://127.0.0.1:${(listening.address() as AddressInfo).port}`;
      return `${baseUrl}/api/`;
    },
    stop() {
      const running = server;
      server = null;
      if (!running) return Promise.resolve();
      return new Promise<void>((resolve) => {
        running.closeAllConnections();
        running.close(() => resolve());
      });
    },
    get apiUrl() {
      return `${origin()}/api/`;
    },
    teamId,
    clientId,
    clientSecret,
    messages,
    issueBotToken() {
      const token = `xoxb-${randomBytes(6).toString('hex')}-${randomBytes(12).toString('hex')}`;
      tokens.add(token);
      return token;
    },
    issueOAuthCode(grant = {}) {
      const code = `code-${randomBytes(10).toString('hex')}`;
      codes.set(code, grant);
      return code;
    },
    addIncomingWebhook(channelId) {
      if (!findChannel(channelId)) throw new Error(`the fake workspace has no channel ${channelId}`);
      const path = `/services/${teamId}/B${randomBytes(5).toString('hex').toUpperCase()}/${randomBytes(12).toString('hex')}`;
      webhooks.set(path, channelId);
      return `${origin()}${path}`;
    },
  };
  return api;
}

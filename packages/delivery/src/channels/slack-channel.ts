import {
  type ChatPostMessageArguments,
  ErrorCode,
  type FetchFunction,
  type Logger,
  LogLevel,
  WebClient,
} from '@slack/web-api';
import { type AttemptResult, attemptFromSendResult, classifyStatus } from '../attempt-result.js';
import { BODY_PREVIEW_BYTES, type GuardedClient } from '../guarded-client.js';
import { createGuardedFetch } from '../guarded-fetch.js';
import { OutboundRefusedError, type SsrfGuard } from '../ssrf-guard.js';
import type { SlackMessage } from './slack-message.js';

/** Slack's Web API base URL. */
export const DEFAULT_SLACK_API_URL = 'https://slack.com/api/';

/** Where a Slack message goes: a bot token and channel, or an incoming-webhook URL. */
export type SlackTarget =
  | { type: 'bot_token'; token: string; channel: string }
  | { type: 'incoming_webhook'; url: string };

/** Options of {@link createSlackChannel}. */
export interface SlackChannelOptions {
  guard: SsrfGuard;
  /** Sends incoming-webhook posts (the same guarded client as webhooks). */
  client: GuardedClient;
  /** Default `https://slack.com/api/`; tests point it at a local fake. */
  slackApiUrl?: string;
  /** Per Web API call. Default 15 000 ms. */
  timeoutMs?: number;
  /** Wall-clock epoch milliseconds, for durations and `Retry-After` dates. Default `Date.now`. */
  now?: () => number;
}

/** Sends NOTIFICATION messages to Slack; one instance per worker, shared by all integrations. */
export interface SlackChannel {
  send(target: SlackTarget, message: SlackMessage): Promise<AttemptResult>;
  /** Closes pooled connections to the Web API. */
  close(): Promise<void>;
}

/**
 * Slack error codes worth retrying: the platform's own trouble. Every other error (invalid_auth,
 * channel_not_found, not_in_channel, is_archived, token_revoked, missing_scope, …) needs a person.
 */
const RETRYABLE_SLACK_ERRORS = new Set([
  'ratelimited',
  'rate_limited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
  'team_added_to_org',
]);

// @slack/web-api logs rate limits and retries to the console by default; attempts record them instead.
const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => LogLevel.ERROR,
  setName: () => {},
};

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? '';
  return Buffer.from(text).subarray(0, BODY_PREVIEW_BYTES).toString('utf8');
}

function field(err: unknown, name: string): unknown {
  return typeof err === 'object' && err !== null ? (err as Record<string, unknown>)[name] : undefined;
}

function findRefusal(err: unknown): OutboundRefusedError | null {
  let current: unknown = err;
  for (let depth = 0; depth < 6 && typeof current === 'object' && current !== null; depth++) {
    if (current instanceof OutboundRefusedError) return current;
    current = field(current, 'original') ?? field(current, 'cause');
  }
  return null;
}

/** Maps a `@slack/web-api` error to an attempt (the call itself took `durationMs`). */
export function attemptFromSlackError(err: unknown, durationMs: number): AttemptResult {
  const base = { durationMs, responseHeaders: {}, responseBody: null };
  const code = field(err, 'code');
  if (code === ErrorCode.PlatformError) {
    const data = field(err, 'data');
    const error = String(field(data, 'error') ?? 'unknown_error');
    return {
      ...base,
      outcome: RETRYABLE_SLACK_ERRORS.has(error) ? 'retryable' : 'permanent',
      status: 200,
      error: `slack: ${error}`,
      responseBody: preview(data),
    };
  }
  if (code === ErrorCode.RateLimitedError) {
    const seconds = Number(field(err, 'retryAfter'));
    return {
      ...base,
      outcome: 'retryable',
      status: 429,
      error: 'slack: rate limited',
      ...(Number.isFinite(seconds) ? { retryAfterMs: seconds * 1000 } : {}),
    };
  }
  if (code === ErrorCode.HTTPError) {
    const status = Number(field(err, 'statusCode'));
    return {
      ...base,
      outcome: classifyStatus(status),
      status,
      error: `HTTP ${status}`,
      responseBody: preview(field(err, 'body') ?? null),
    };
  }
  const refusal = findRefusal(err);
  if (refusal) return { ...base, outcome: 'permanent', status: null, error: refusal.message };
  const original = field(err, 'original');
  const message =
    original instanceof Error ? original.message : err instanceof Error ? err.message : String(err);
  const timedOut = /timeout/i.test(message) || field(original, 'code') === 'ECONNABORTED';
  return {
    ...base,
    outcome: 'retryable',
    status: null,
    error: `${timedOut ? 'timeout' : 'network'}: ${message}`,
  };
}

/**
 * Creates the Slack channel: bot tokens post through `@slack/web-api` 8 (`chat.postMessage`, no
 * retries of its own, rate limits rejected so the queue schedules the retry, requests through the
 * SSRF-guarded fetch); incoming webhooks post JSON through the guarded client.
 */
export function createSlackChannel(options: SlackChannelOptions): SlackChannel {
  const slackApiUrl = options.slackApiUrl ?? DEFAULT_SLACK_API_URL;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const now = options.now ?? Date.now;
  const guardedFetch = createGuardedFetch(options.guard, timeoutMs);
  // The types differ only in whose FormData class a body may be (Node's global one or this
  // undici's); chat.postMessage sends string bodies, and undici recognises FormData by shape.
  const slackFetch: FetchFunction = (url, init) =>
    guardedFetch.fetch(url, init as Parameters<typeof guardedFetch.fetch>[1]);

  const sendBotMessage = async (target: { token: string; channel: string }, message: SlackMessage) => {
    const web = new WebClient(target.token, {
      slackApiUrl,
      fetch: slackFetch,
      timeout: timeoutMs,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      allowAbsoluteUrls: false,
      logger: silentLogger,
    });
    const started = now();
    try {
      const args = { channel: target.channel, ...message } as ChatPostMessageArguments;
      const result = await web.chat.postMessage(args);
      return {
        outcome: 'success',
        status: 200,
        durationMs: now() - started,
        error: null,
        responseHeaders: {},
        responseBody: preview(result),
      } satisfies AttemptResult;
    } catch (err) {
      return attemptFromSlackError(err, now() - started);
    }
  };

  const sendIncomingWebhook = async (url: string, message: SlackMessage): Promise<AttemptResult> => {
    const result = await options.client.send({
      url,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(message),
    });
    return attemptFromSendResult(result, now());
  };

  return Object.freeze({
    send: (target: SlackTarget, message: SlackMessage) =>
      target.type === 'bot_token'
        ? sendBotMessage(target, message)
        : sendIncomingWebhook(target.url, message),
    close: () => guardedFetch.close(),
  });
}

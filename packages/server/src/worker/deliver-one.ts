import type { IdGenerator } from '@bellwether/core';
import { renderMessageTemplate } from '@bellwether/core';
import {
  type AttemptResult,
  buildSlackMessage,
  type GuardedClient,
  type RetryDecision,
  type RetrySchedule,
  type SlackChannel,
  type SlackSeverity,
  type SlackTarget,
  sendWebhook,
} from '@bellwether/delivery';
import type { ClaimedDelivery, Database, DeliveryAttemptRecord, DialectName } from '@bellwether/storage';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { ServerMetrics } from '../observability/server-metrics.js';
import type { SecretBox } from '../secrets/secret-box.js';
import type { DeliveryLookups } from './delivery-lookups.js';
import { addSecretValues, deliveryValues } from './delivery-values.js';
import type { ParsedAction, SendCaches } from './send-caches.js';

/** What sending a delivery uses. */
export interface DeliverDeps {
  db: Kysely<Database>;
  dialect: DialectName;
  secretBox: SecretBox;
  client: GuardedClient;
  slack: SlackChannel;
  clock: () => number;
  ids: IdGenerator;
  logger: Logger;
  /** Counts attempts by outcome and their latency (absent in most tests). */
  metrics?: Pick<ServerMetrics, 'deliveries' | 'attemptDuration'> | undefined;
}

/** The settings sending a delivery reads. */
export interface DeliverOptions {
  workerId: string;
  publicUrl: string;
  retry: RetrySchedule;
  /** A webhook failing this long with no success is disabled. */
  disableAfterMs: number;
  /** The Slack Web API base URL, recorded as the request URL of bot-token messages. */
  slackApiUrl: string;
}

/** A request ready to send, with what recording it needs. */
interface Prepared {
  requestUrl: string;
  requestBody: string;
  requestHeaders: Record<string, string>;
  webhookId: string | null;
  send(): Promise<AttemptResult & { requestHeaders?: Record<string, string> }>;
}

/** Why a delivery cannot be sent at all (a permanent failure), with what is known of the request. */
interface Unsendable {
  error: string;
  requestUrl: string;
}

type Preparation = { prepared: Prepared; secrets: string[] } | { unsendable: Unsendable; secrets: string[] };

type Action = Record<string, unknown>;

async function prepareWebhook(
  deps: DeliverDeps,
  lookups: DeliveryLookups,
  delivery: ClaimedDelivery,
  { action, payload }: ParsedAction,
  values: Record<string, unknown>,
): Promise<Preparation> {
  const webhook = await lookups.webhook(String(action.webhook_id));
  if (!webhook || webhook.teamId !== delivery.team_id) {
    return { unsendable: { error: 'the webhook was deleted', requestUrl: '' }, secrets: [] };
  }
  if (webhook.disabledAt !== null) {
    const error = `the webhook is disabled: ${webhook.disabledReason ?? 'by an admin'}`;
    return { unsendable: { error, requestUrl: webhook.url }, secrets: [] };
  }
  const names = [webhook.accessTokenSecret, webhook.secret].filter((n): n is string => n !== null);
  const sealed = await lookups.secrets(delivery.team_id, names);
  const secrets: Array<{ name: string; value: string; accessToken: boolean }> = [];
  for (const name of names) {
    const ciphertext = sealed.get(name);
    if (ciphertext === undefined) {
      const error = `the secret '${name}' that the webhook uses no longer exists`;
      return { unsendable: { error, requestUrl: webhook.url }, secrets: [] };
    }
    secrets.push({
      name,
      value: lookups.decrypt(ciphertext),
      accessToken: name === webhook.accessTokenSecret,
    });
  }
  const values_ = secrets.map((s) => s.value);
  const accessToken = secrets.find((s) => s.accessToken)?.value ?? null;
  const signingSecret =
    webhook.secret === null ? null : (secrets.find((s) => s.name === webhook.secret)?.value ?? null);
  let body: string;
  try {
    if (payload === null) throw new Error('the action has no payload template');
    if (payload instanceof Error) throw payload;
    body = payload.render(addSecretValues(values, secrets));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      unsendable: { error: `the payload template cannot be rendered: ${message}`, requestUrl: webhook.url },
      secrets: values_,
    };
  }
  const now = deps.clock();
  return {
    secrets: values_,
    prepared: {
      requestUrl: webhook.url,
      requestBody: body,
      requestHeaders: {},
      webhookId: webhook.id,
      send: () =>
        sendWebhook({
          client: deps.client,
          url: webhook.url,
          body,
          deliveryId: delivery.id,
          signingSecret,
          accessToken,
          now,
        }),
    },
  };
}

async function prepareSlack(
  deps: DeliverDeps,
  lookups: DeliveryLookups,
  options: DeliverOptions,
  delivery: ClaimedDelivery,
  action: Action,
  values: Record<string, unknown>,
  event: Record<string, unknown>,
): Promise<Preparation> {
  const integration = await lookups.slackIntegration(String(action.slack_integration_id));
  if (!integration || integration.teamId !== delivery.team_id) {
    return { unsendable: { error: 'the Slack integration was deleted', requestUrl: '' }, secrets: [] };
  }
  const credential = JSON.parse(lookups.decrypt(integration.credentialCiphertext)) as {
    bot_token?: string;
    channel?: string;
    url?: string;
  };
  const target: SlackTarget =
    credential.url !== undefined
      ? { type: 'incoming_webhook', url: credential.url }
      : { type: 'bot_token', token: credential.bot_token ?? '', channel: credential.channel ?? '' };
  const secrets = target.type === 'bot_token' ? [target.token] : [target.url];
  const linkUrl = String(values.run_url || values.automation_url);
  const message = buildSlackMessage({
    title: renderMessageTemplate(String(action.title ?? ''), values),
    message: renderMessageTemplate(String(action.message ?? ''), values),
    severity: (['INFO', 'WARN', 'ERROR'].includes(String(action.severity))
      ? action.severity
      : 'INFO') as SlackSeverity,
    event,
    linkUrl,
  });
  const requestUrl =
    target.type === 'bot_token' ? `${options.slackApiUrl.replace(/\/?$/, '/')}chat.postMessage` : target.url;
  const body = target.type === 'bot_token' ? { channel: target.channel, ...message } : message;
  return {
    secrets,
    prepared: {
      requestUrl,
      requestBody: JSON.stringify(body),
      requestHeaders: { 'content-type': 'application/json' },
      webhookId: null,
      send: () => deps.slack.send(target, message),
    },
  };
}

async function prepare(
  deps: DeliverDeps,
  lookups: DeliveryLookups,
  options: DeliverOptions,
  delivery: ClaimedDelivery,
  caches: SendCaches,
): Promise<Preparation> {
  const [stored, automationName] = await Promise.all([
    lookups.event(delivery.execution_id),
    lookups.automationName(delivery.automation_id),
  ]);
  const event = stored === undefined ? {} : (JSON.parse(stored) as Record<string, unknown>);
  const parsed = caches.action(delivery.action);
  const { action } = parsed;
  // A Slack message summarises the event as stored; a webhook's values may take it over.
  const values = deliveryValues({
    event: action.type === 'NOTIFICATION' ? { ...event } : event,
    automationId: delivery.automation_id,
    automationName: automationName ?? '',
    executionId: delivery.execution_id,
    publicUrl: options.publicUrl,
  });
  if (action.type === 'GENERIC_WEBHOOK') return prepareWebhook(deps, lookups, delivery, parsed, values);
  if (action.type === 'NOTIFICATION') {
    return prepareSlack(deps, lookups, options, delivery, action, values, event);
  }
  if (action.type === 'NO_OP') {
    // Nothing to send: the execution is recorded, and succeeds, for testing an automation.
    const done: AttemptResult = {
      outcome: 'success',
      status: null,
      durationMs: 0,
      error: null,
      responseHeaders: {},
      responseBody: null,
    };
    return {
      secrets: [],
      prepared: {
        requestUrl: '',
        requestBody: '',
        requestHeaders: {},
        webhookId: null,
        send: async () => done,
      },
    };
  }
  return { unsendable: { error: `unknown action type ${String(action.type)}`, requestUrl: '' }, secrets: [] };
}

/** One attempt of a claimed delivery, redacted and decided, ready to be recorded. */
export interface DeliveryOutcome {
  delivery: ClaimedDelivery;
  attempt: DeliveryAttemptRecord;
  decision: RetryDecision;
  /** Why it failed (redacted), for the delivery's last error; null on success. */
  reason: string | null;
  /** The webhook whose failure clock the outcome moves, if any. */
  webhookId: string | null;
  /** When the attempt ended. */
  now: number;
}

/**
 * Sends one claimed delivery and decides what comes next, recording nothing (see
 * settle-deliveries.ts): the attempt with secrets redacted from the URL, headers and bodies, and
 * success, a scheduled retry, or the end (failed/dead). A delivery that cannot be sent at all
 * (webhook deleted or disabled, secret gone) fails at once with the reason.
 */
export async function attemptDelivery(
  deps: DeliverDeps,
  options: DeliverOptions,
  delivery: ClaimedDelivery,
  lookups: DeliveryLookups,
  caches: SendCaches,
): Promise<DeliveryOutcome> {
  const startedAt = deps.clock();
  let preparation: Preparation;
  try {
    preparation = await prepare(deps, lookups, options, delivery, caches);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    preparation = {
      unsendable: { error: `cannot prepare the delivery: ${message}`, requestUrl: '' },
      secrets: [],
    };
  }
  const redactor = caches.redactor(preparation.secrets);
  const attempt: AttemptResult & { requestHeaders?: Record<string, string> } =
    'prepared' in preparation
      ? await preparation.prepared.send()
      : {
          outcome: 'permanent',
          status: null,
          durationMs: 0,
          error: preparation.unsendable.error,
          responseHeaders: {},
          responseBody: null,
        };
  const request =
    'prepared' in preparation
      ? preparation.prepared
      : {
          requestUrl: preparation.unsendable.requestUrl,
          requestBody: '',
          requestHeaders: {},
          webhookId: null,
        };
  const now = deps.clock();
  const decision = options.retry.nextAttemptDelay(delivery.attempts, attempt, now);
  const error = attempt.error === null ? null : redactor.redact(attempt.error);
  return {
    delivery,
    decision,
    reason:
      decision.kind === 'success'
        ? null
        : redactor.redact(decision.kind === 'retry' ? (attempt.error ?? 'failed') : decision.reason),
    webhookId: request.webhookId,
    now,
    attempt: {
      id: deps.ids('att'),
      teamId: delivery.team_id,
      deliveryId: delivery.id,
      attemptNo: delivery.attempts,
      startedAt,
      durationMs: attempt.durationMs,
      outcome: attempt.outcome,
      statusCode: attempt.status,
      requestUrl: redactor.redact(request.requestUrl),
      requestHeaders: redactor.redactHeaders(attempt.requestHeaders ?? request.requestHeaders),
      requestBody: redactor.redact(request.requestBody),
      responseHeaders: 'prepared' in preparation ? redactor.redactHeaders(attempt.responseHeaders) : null,
      responseBody: attempt.responseBody === null ? null : redactor.redact(attempt.responseBody),
      error,
    },
  };
}

import { type AttemptResult, attemptFromSendResult } from '../attempt-result.js';
import type { GuardedClient } from '../guarded-client.js';
import { signStandardWebhook } from '../standard-webhooks-signer.js';

/** The User-Agent of every webhook request. */
export const WEBHOOK_USER_AGENT = 'Bellwether-Webhooks/0.1';

/** One webhook delivery attempt's input; secrets are already resolved to their values. */
export interface WebhookSendInput {
  client: GuardedClient;
  url: string;
  /** The rendered JSON payload, sent byte for byte and signed as is. */
  body: string;
  /** The delivery id: sent as `webhook-id`, the same on every retry so receivers can dedupe. */
  deliveryId: string;
  /** The webhook's secret value; when present the request carries Standard Webhooks signature headers. */
  signingSecret?: string | null | undefined;
  /** The access-token secret's value, sent as `Authorization: Bearer …`. */
  accessToken?: string | null | undefined;
  /** Wall-clock time in epoch milliseconds: the signature timestamp and the base of `Retry-After` dates. */
  now: number;
}

/** A webhook attempt: the common attempt fields plus the request headers that were sent (unredacted). */
export interface WebhookAttemptResult extends AttemptResult {
  requestHeaders: Record<string, string>;
}

/** The headers of a webhook request: content type, user agent, bearer token and signature. */
export function webhookRequestHeaders(
  input: Omit<WebhookSendInput, 'client' | 'url'>,
): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': WEBHOOK_USER_AGENT,
  };
  if (input.accessToken) headers.authorization = `Bearer ${input.accessToken}`;
  if (input.signingSecret) {
    Object.assign(
      headers,
      signStandardWebhook({
        secret: input.signingSecret,
        id: input.deliveryId,
        timestampSeconds: Math.floor(input.now / 1000),
        body: input.body,
      }),
    );
  } else {
    // Receivers dedupe on webhook-id whether or not the webhook signs.
    headers['webhook-id'] = input.deliveryId;
  }
  return headers;
}

/**
 * Sends one webhook attempt (an HTTP POST through the guarded client) and classifies it:
 * 2xx success; network errors, timeouts, 408/409/425/429 and 5xx retryable (with the receiver's
 * `Retry-After` when given); everything else permanent. Never throws for receiver trouble.
 */
export async function sendWebhook(input: WebhookSendInput): Promise<WebhookAttemptResult> {
  const requestHeaders = webhookRequestHeaders(input);
  const result = await input.client.send({
    url: input.url,
    method: 'POST',
    headers: requestHeaders,
    body: input.body,
  });
  return { ...attemptFromSendResult(result, input.now), requestHeaders };
}

import { createHmac } from 'node:crypto';

/** The prefix that marks a base64-encoded Standard Webhooks signing secret. */
export const STANDARD_WEBHOOKS_SECRET_PREFIX = 'whsec_';

/** The three headers a Standard Webhooks receiver verifies. */
export interface StandardWebhookHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/** What one signature covers. */
export interface SignInput {
  /** The secret's stored value: `whsec_<base64>` or any other text (used as UTF-8 bytes). */
  secret: string;
  /** The message id, stable across retries so receivers can dedupe (the delivery id). */
  id: string;
  /** Unix time in seconds; receivers reject timestamps too far from their clock. */
  timestampSeconds: number;
  /** The exact request body bytes as sent. */
  body: string;
}

/**
 * The HMAC key for a secret value: the base64-decoded remainder after `whsec_` when the value has
 * that prefix (as Standard Webhooks and Svix issue them), else the value's UTF-8 bytes.
 */
export function standardWebhookKey(secret: string): Buffer {
  return secret.startsWith(STANDARD_WEBHOOKS_SECRET_PREFIX)
    ? Buffer.from(secret.slice(STANDARD_WEBHOOKS_SECRET_PREFIX.length), 'base64')
    : Buffer.from(secret, 'utf8');
}

/** Signs a message per Standard Webhooks: `v1,` + base64 HMAC-SHA256 of `id.timestamp.body`. */
export function signStandardWebhook(input: SignInput): StandardWebhookHeaders {
  const timestamp = String(Math.floor(input.timestampSeconds));
  const signature = createHmac('sha256', standardWebhookKey(input.secret))
    .update(`${input.id}.${timestamp}.${input.body}`)
    .digest('base64');
  return { 'webhook-id': input.id, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${signature}` };
}

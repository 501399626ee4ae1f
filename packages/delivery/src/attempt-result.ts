import type { SendResult } from './guarded-client.js';
import { parseRetryAfter } from './retry-after.js';

/** How one delivery attempt ended, for the retry decision. */
export type AttemptOutcome = 'success' | 'retryable' | 'permanent';

/**
 * One recorded delivery attempt, as every channel returns it. Bodies and headers are raw: the
 * caller redacts secrets before storing them.
 */
export interface AttemptResult {
  outcome: AttemptOutcome;
  /** The HTTP status, or null when no response arrived. */
  status: number | null;
  durationMs: number;
  /** What went wrong, for people (null on success). */
  error: string | null;
  responseHeaders: Record<string, string>;
  /** The first 4 KiB of the response body, or null when no response arrived. */
  responseBody: string | null;
  /** How long the receiver asked us to wait (`Retry-After`, Slack's rate limit). */
  retryAfterMs?: number;
}

// DESIGN.md "Delivery": 4xx other than these is final; they say "try again later".
const RETRYABLE_4XX = new Set([408, 409, 425, 429]);

/**
 * Classifies an HTTP status: 2xx success; 408, 409, 425, 429 and 5xx retryable; any other
 * status (other 4xx, and 3xx since redirects are not followed) permanent.
 */
export function classifyStatus(status: number): AttemptOutcome {
  if (status >= 200 && status < 300) return 'success';
  if (status >= 500 || RETRYABLE_4XX.has(status)) return 'retryable';
  return 'permanent';
}

/**
 * Classifies what the guarded client returned: responses by status; timeouts and network errors
 * retryable; SSRF refusals and invalid URLs permanent (retrying cannot fix configuration); an
 * oversized body by the status it came with.
 */
export function classifySendResult(result: SendResult): AttemptOutcome {
  if (result.outcome === 'response') return classifyStatus(result.status);
  switch (result.errorClass) {
    case 'timeout':
    case 'network':
      return 'retryable';
    case 'refused':
    case 'invalid_url':
      return 'permanent';
    case 'too_large':
      return result.status === undefined ? 'retryable' : classifyStatus(result.status);
  }
}

/**
 * Turns what the guarded client returned into an attempt: classified, with a readable error and
 * the receiver's `Retry-After` (read against `now`, epoch ms) when the attempt may be retried.
 */
export function attemptFromSendResult(result: SendResult, now: number): AttemptResult {
  const outcome = classifySendResult(result);
  if (result.outcome === 'error') {
    return {
      outcome,
      status: result.status ?? null,
      durationMs: result.durationMs,
      error: result.message.startsWith(`${result.errorClass}:`)
        ? result.message
        : `${result.errorClass}: ${result.message}`,
      responseHeaders: result.headers ?? {},
      responseBody: result.bodyPreview ?? null,
    };
  }
  const retryAfterMs = outcome === 'retryable' ? parseRetryAfter(result.headers['retry-after'], now) : null;
  return {
    outcome,
    status: result.status,
    durationMs: result.durationMs,
    error: outcome === 'success' ? null : `HTTP ${result.status}`,
    responseHeaders: result.headers,
    responseBody: result.bodyPreview,
    ...(retryAfterMs === null ? {} : { retryAfterMs }),
  };
}

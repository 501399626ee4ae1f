import { type FieldError, invalidFields } from '@bellwether/core';
import type { AttemptResult } from './attempt-result.js';

/**
 * The default delays before each attempt: the first is immediate, then 5 s, 5 min, 30 min, 2 h,
 * 5 h, 10 h and 10 h (eight attempts over about 28 hours, like Svix's schedule).
 */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = Object.freeze([
  0,
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  5 * 3_600_000,
  10 * 3_600_000,
  10 * 3_600_000,
]);

/** What to do after an attempt. `failed`: a permanent error; `dead`: retries are used up. */
export type RetryDecision =
  | { kind: 'success' }
  | { kind: 'retry'; delayMs: number; nextAttemptAt: number }
  | { kind: 'dead'; reason: string }
  | { kind: 'failed'; reason: string };

/** Options of {@link createRetrySchedule}; every key has a default. */
export interface RetryScheduleOptions {
  /** Delay before attempt n+1 at index n; index 0 (the first attempt) is normally 0. */
  delaysMs?: readonly number[];
  /** Each delay is multiplied by a random factor in [1 − jitter, 1 + jitter]. Default 0.2. */
  jitter?: number;
  /** Returns a number in [0, 1); injected so tests control the jitter. Default `Math.random`. */
  random?: () => number;
  /** A `Retry-After` longer than this is capped to it. Default 24 hours. */
  maxRetryAfterMs?: number;
}

/** The retry policy of deliveries: how many attempts, and how long to wait between them. */
export interface RetrySchedule {
  readonly delaysMs: readonly number[];
  readonly maxAttempts: number;
  /**
   * The decision after attempt number `attemptNo` (1-based) ended with `attempt`. A retry waits
   * the jittered scheduled delay, or the receiver's `Retry-After` when that is longer.
   */
  nextAttemptDelay(
    attemptNo: number,
    attempt: Pick<AttemptResult, 'outcome' | 'error'> & { retryAfterMs?: number | undefined },
    now: number,
  ): RetryDecision;
}

function validate(delays: readonly number[], jitter: number): FieldError[] {
  const errors: FieldError[] = [];
  if (delays.length === 0) errors.push({ path: 'retry.delays_ms', message: 'needs at least one attempt' });
  delays.forEach((d, i) => {
    if (!Number.isFinite(d) || d < 0) {
      errors.push({
        path: `retry.delays_ms[${i}]`,
        message: 'must be a non-negative number of milliseconds',
      });
    }
  });
  if (!(jitter >= 0 && jitter < 1)) errors.push({ path: 'retry.jitter', message: 'must be in [0, 1)' });
  return errors;
}

/** Creates a retry schedule; throws a validation error for negative delays or a jitter outside [0, 1). */
export function createRetrySchedule(options: RetryScheduleOptions = {}): RetrySchedule {
  const delaysMs = Object.freeze([...(options.delaysMs ?? DEFAULT_RETRY_DELAYS_MS)]);
  const jitter = options.jitter ?? 0.2;
  const random = options.random ?? Math.random;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 24 * 3_600_000;
  const errors = validate(delaysMs, jitter);
  if (errors.length > 0) throw invalidFields(errors);

  const nextAttemptDelay: RetrySchedule['nextAttemptDelay'] = (attemptNo, attempt, now) => {
    if (attempt.outcome === 'success') return { kind: 'success' };
    if (attempt.outcome === 'permanent') {
      return { kind: 'failed', reason: attempt.error ?? 'the receiver refused the delivery' };
    }
    const scheduled = delaysMs[attemptNo];
    if (scheduled === undefined) {
      return {
        kind: 'dead',
        reason: `gave up after ${attemptNo} attempts; last error: ${attempt.error ?? 'unknown'}`,
      };
    }
    const factor = 1 + jitter * (2 * random() - 1);
    const retryAfter = Math.min(attempt.retryAfterMs ?? 0, maxRetryAfterMs);
    const delayMs = Math.round(Math.max(scheduled * factor, retryAfter));
    return { kind: 'retry', delayMs, nextAttemptAt: now + delayMs };
  };

  return Object.freeze({ delaysMs, maxAttempts: delaysMs.length, nextAttemptDelay });
}

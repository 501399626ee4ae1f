/** How a failed request is retried: exponential backoff with full jitter, capped. */
export interface RetryPolicy {
  /** Attempts in all, the first included (default 10). */
  maxAttempts: number;
  /** The delay before the second attempt, before jitter (default 200 ms). */
  baseDelayMs: number;
  /** The longest delay between attempts (default 10 s). */
  maxDelayMs: number;
}

/** The retry policy of the run logger when none is given. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  maxAttempts: 10,
  baseDelayMs: 200,
  maxDelayMs: 10_000,
});

/**
 * The delay before attempt `attempt + 1` (attempt 1 failed → the first retry). Full jitter keeps
 * many clients that failed together from retrying together; `random` is injected for tests.
 */
export function retryDelayMs(
  policy: RetryPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/** Whether a response status is worth retrying: server errors, rate limiting and request timeouts. */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 429 || status === 408;
}

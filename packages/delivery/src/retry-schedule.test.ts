import { BellwetherError } from '@bellwether/core';
import { describe, expect, it } from 'vitest';
import { classifySendResult, classifyStatus } from './attempt-result.js';
import { parseRetryAfter } from './retry-after.js';
import { createRetrySchedule, DEFAULT_RETRY_DELAYS_MS } from './retry-schedule.js';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const retryable = { outcome: 'retryable' as const, error: 'HTTP 503' };

describe('createRetrySchedule', () => {
  it('has eight attempts: immediately, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h', () => {
    const schedule = createRetrySchedule();
    expect(schedule.maxAttempts).toBe(8);
    expect(schedule.delaysMs).toEqual([0, 5e3, 3e5, 18e5, 72e5, 18e6, 36e6, 36e6]);
    expect(schedule.delaysMs).toBe(schedule.delaysMs);
    expect(DEFAULT_RETRY_DELAYS_MS[1]).toBe(5000);
  });

  it('keeps the jittered delay within ±20 % of the scheduled one', () => {
    const low = createRetrySchedule({ random: () => 0 });
    const high = createRetrySchedule({ random: () => 0.999_999 });
    const mid = createRetrySchedule({ random: () => 0.5 });
    expect(low.nextAttemptDelay(2, retryable, NOW)).toEqual({
      kind: 'retry',
      delayMs: 240_000,
      nextAttemptAt: NOW + 240_000,
    });
    const highDelay = high.nextAttemptDelay(2, retryable, NOW);
    expect(highDelay.kind === 'retry' && highDelay.delayMs).toBe(360_000);
    expect(mid.nextAttemptDelay(1, retryable, NOW)).toMatchObject({ delayMs: 5000 });
    let seed = 1;
    const random = () => {
      seed = (seed * 16_807) % 2_147_483_647;
      return (seed - 1) / 2_147_483_646;
    };
    const seeded = createRetrySchedule({ random });
    for (let attempt = 1; attempt < 8; attempt++) {
      const decision = seeded.nextAttemptDelay(attempt, retryable, NOW);
      const base = DEFAULT_RETRY_DELAYS_MS[attempt] ?? 0;
      expect(decision.kind).toBe('retry');
      if (decision.kind !== 'retry') return;
      expect(decision.delayMs).toBeGreaterThanOrEqual(base * 0.8);
      expect(decision.delayMs).toBeLessThanOrEqual(base * 1.2);
    }
  });

  it('waits at least as long as Retry-After asks, and never less than the schedule', () => {
    const schedule = createRetrySchedule({ random: () => 0.5 });
    expect(schedule.nextAttemptDelay(1, { ...retryable, retryAfterMs: 60_000 }, NOW)).toMatchObject({
      delayMs: 60_000,
    });
    expect(schedule.nextAttemptDelay(3, { ...retryable, retryAfterMs: 1_000 }, NOW)).toMatchObject({
      delayMs: 1_800_000,
    });
  });

  it('caps an absurd Retry-After', () => {
    const schedule = createRetrySchedule({ random: () => 0.5, maxRetryAfterMs: 3_600_000 });
    expect(schedule.nextAttemptDelay(1, { ...retryable, retryAfterMs: 365 * 86_400_000 }, NOW)).toMatchObject(
      {
        delayMs: 3_600_000,
      },
    );
  });

  it('declares the delivery dead after the last attempt fails', () => {
    const schedule = createRetrySchedule();
    expect(schedule.nextAttemptDelay(8, retryable, NOW)).toEqual({
      kind: 'dead',
      reason: 'gave up after 8 attempts; last error: HTTP 503',
    });
  });

  it('stops at once on success and on a permanent failure', () => {
    const schedule = createRetrySchedule();
    expect(schedule.nextAttemptDelay(1, { outcome: 'success', error: null }, NOW)).toEqual({
      kind: 'success',
    });
    expect(schedule.nextAttemptDelay(1, { outcome: 'permanent', error: 'HTTP 404' }, NOW)).toEqual({
      kind: 'failed',
      reason: 'HTTP 404',
    });
  });

  it('follows a configured schedule and rejects nonsense with field paths', () => {
    const schedule = createRetrySchedule({ delaysMs: [0, 100], jitter: 0 });
    expect(schedule.nextAttemptDelay(1, retryable, NOW)).toMatchObject({ kind: 'retry', delayMs: 100 });
    expect(schedule.nextAttemptDelay(2, retryable, NOW).kind).toBe('dead');
    let caught: unknown;
    try {
      createRetrySchedule({ delaysMs: [0, -1], jitter: 1.5 });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(BellwetherError);
    expect((caught as BellwetherError).errors.map((e) => e.path)).toEqual([
      'retry.delays_ms[1]',
      'retry.jitter',
    ]);
  });
});

describe('classifyStatus', () => {
  it.each([
    [200, 'success'],
    [204, 'success'],
    [299, 'success'],
    [301, 'permanent'],
    [302, 'permanent'],
    [400, 'permanent'],
    [401, 'permanent'],
    [403, 'permanent'],
    [404, 'permanent'],
    [410, 'permanent'],
    [422, 'permanent'],
    [408, 'retryable'],
    [409, 'retryable'],
    [425, 'retryable'],
    [429, 'retryable'],
    [500, 'retryable'],
    [502, 'retryable'],
    [503, 'retryable'],
    [599, 'retryable'],
  ])('classifies HTTP %i as %s', (status, outcome) => {
    expect(classifyStatus(status)).toBe(outcome);
  });

  it('classifies client errors by their kind', () => {
    const error = (errorClass: 'timeout' | 'refused' | 'network' | 'too_large' | 'invalid_url') => ({
      outcome: 'error' as const,
      errorClass,
      message: '',
      durationMs: 1,
    });
    expect(classifySendResult(error('timeout'))).toBe('retryable');
    expect(classifySendResult(error('network'))).toBe('retryable');
    expect(classifySendResult(error('refused'))).toBe('permanent');
    expect(classifySendResult(error('invalid_url'))).toBe('permanent');
    expect(classifySendResult({ ...error('too_large'), status: 200 })).toBe('success');
    expect(classifySendResult({ ...error('too_large'), status: 503 })).toBe('retryable');
  });
});

describe('parseRetryAfter', () => {
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('120', NOW)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', NOW)).toBe(0);
    expect(parseRetryAfter(['7', '9'], NOW)).toBe(7_000);
  });

  it('reads an HTTP-date relative to now, and a past date as zero', () => {
    expect(parseRetryAfter(new Date(NOW + 90_000).toUTCString(), NOW)).toBe(90_000);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:00 GMT', NOW)).toBe(0);
  });

  it('ignores what it cannot read', () => {
    for (const value of [undefined, null, '', 'soon', '-5', '1.5', '12:30']) {
      expect(parseRetryAfter(value, NOW)).toBeNull();
    }
  });
});

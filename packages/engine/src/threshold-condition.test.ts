import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { metricEvent, truthsOf } from './test-fixtures.js';
import { compareValue, ThresholdCondition } from './threshold-condition.js';

const threshold = (metric: Record<string, unknown>) =>
  metricEvent({
    type: 'RUN_METRIC_THRESHOLD',
    metric: { name: 'loss', cmp: '$gt', threshold: 2, ...metric },
  });

describe('threshold condition', () => {
  it('is not evaluable until the window is full, then compares the average', () => {
    expect(truthsOf(threshold({ agg: 'AVERAGE', window: 3 }), [3, 3, 0, 9, 0, 0, 0])).toEqual([
      -1, -1, 0, 1, 1, 1, 0,
    ]);
  });

  it('compares the latest value alone without aggregation', () => {
    expect(truthsOf(threshold({}), [1, 3, 2, 2.5])).toEqual([0, 1, 0, 1]);
  });

  it('tracks the window minimum and maximum as values leave it', () => {
    expect(truthsOf(threshold({ agg: 'MIN', window: 2 }), [3, 1, 5, 4, 2])).toEqual([-1, 0, 0, 1, 0]);
    expect(truthsOf(threshold({ agg: 'MAX', window: 2, cmp: '$lt' }), [3, 1, 1, 5, 0, 1])).toEqual([
      -1, 0, 1, 0, 0, 1,
    ]);
  });

  it('never fires while a NaN is in the window, even with $ne, and fires again once it left', () => {
    const values = [3, Number.NaN, 3, 3, 3];
    expect(truthsOf(threshold({ agg: 'AVERAGE', window: 2 }), values)).toEqual([-1, 0, 0, 1, 1]);
    expect(truthsOf(threshold({ agg: 'MAX', window: 2, cmp: '$ne' }), values)).toEqual([-1, 0, 0, 1, 1]);
  });

  it('treats ±Infinity as ordinary values, and +∞ with −∞ averages to NaN', () => {
    const inf = Number.POSITIVE_INFINITY;
    expect(truthsOf(threshold({ agg: 'AVERAGE', window: 2 }), [0, inf, -inf, 0, 0])).toEqual([
      -1, 1, 0, 0, 0,
    ]);
    expect(truthsOf(threshold({ agg: 'MIN', window: 2, cmp: '$lt' }), [0, -inf, 5, 5])).toEqual([
      -1, 1, 1, 0,
    ]);
  });

  it('averages huge values without overflowing', () => {
    const condition = new ThresholdCondition(
      threshold({ agg: 'AVERAGE', window: 2, threshold: 1e308 }).metric as never,
    );
    condition.push(1.5e308);
    expect(condition.push(1.5e308)).toBe(1);
    expect(condition.explain().value).toBe(1.5e308);
  });

  it('compares exactly with every operator and NaN satisfies none', () => {
    const ops = ['$gt', '$gte', '$lt', '$lte', '$eq', '$ne'] as const;
    expect(ops.map((op) => compareValue(2, op, 2))).toEqual([false, true, false, true, true, false]);
    expect(ops.map((op) => compareValue(Number.NaN, op, 2))).toEqual(ops.map(() => false));
  });

  it('appends a batch at once only when pushing it value by value would give no true', () => {
    // Values and thresholds a few ulps apart, huge and subnormal ones: where a bound could slip.
    const near = (x: number) =>
      fc.integer({ min: -3, max: 3 }).map((k) => x + k * Number.EPSILON * Math.max(1, Math.abs(x)));
    const base = fc.constantFrom(0, 1, -1, 0.1, 0.3, 1e12, 1e300, -1e300, 5e-324, 1e-310, 1.7e308);
    const value = fc.oneof(
      base.chain(near),
      fc.double({ noNaN: true }),
      fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0),
    );
    fc.assert(
      fc.property(
        fc.constantFrom('AVERAGE', 'MIN', 'MAX', null),
        fc.integer({ min: 1, max: 6 }),
        fc.constantFrom('$gt', '$gte', '$lt', '$lte', '$eq', '$ne'),
        base.chain(near),
        fc.array(fc.array(value, { maxLength: 9 }), { maxLength: 8 }),
        (agg, window, cmp, t, batches) => {
          const event = threshold({ agg, ...(agg === null ? {} : { window }), cmp, threshold: t });
          const oneByOne = new ThresholdCondition(event.metric as never);
          const batched = new ThresholdCondition(event.metric as never);
          for (const batch of batches) {
            const truths = batch.map((v) => oneByOne.push(v));
            const quiet = batched.pushIfNeverTrue(batch.map((v) => ({ value: v })));
            if (quiet === null) {
              expect(batch.map((v) => batched.push(v))).toEqual(truths);
            } else {
              expect(truths).not.toContain(1);
              expect(quiet).toBe(truths.includes(0) ? 0 : -1);
            }
            expect(batched.heldValues()).toEqual(oneByOne.heldValues());
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});

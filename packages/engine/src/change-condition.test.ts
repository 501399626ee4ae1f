import { describe, expect, it } from 'vitest';
import { ChangeCondition } from './change-condition.js';
import { metricEvent, truthsOf } from './test-fixtures.js';

const change = (metric: Record<string, unknown>) =>
  metricEvent({
    type: 'RUN_METRIC_CHANGE',
    metric: {
      name: 'loss',
      current_window: 2,
      prior_window: 3,
      direction: 'INCREASE',
      amount: 0.5,
      ...metric,
    },
  });

describe('change condition', () => {
  it('is evaluable only once both windows are full', () => {
    expect(truthsOf(change({}), [1, 1, 1, 2, 2, 2])).toEqual([-1, -1, -1, -1, 1, 1]);
  });

  it('compares consecutive, non-overlapping windows (prior then current)', () => {
    const condition = new ChangeCondition(change({ change_type: 'ABSOLUTE', amount: 1 }).metric as never);
    for (const v of [1, 2, 3, 10, 20]) condition.push(v);
    expect(condition.explain()).toEqual({
      value: 15,
      values: [10, 20],
      details: { prior_value: 2, change: 13 },
    });
    condition.push(30);
    expect(condition.explain()).toMatchObject({ value: 25, details: { prior_value: 5 } });
  });

  it('never fires a relative change when the prior aggregate is 0', () => {
    expect(truthsOf(change({ direction: 'ANY' }), [0, 0, 0, 5, 5])).toEqual([-1, -1, -1, -1, 0]);
    expect(truthsOf(change({ direction: 'ANY', change_type: 'ABSOLUTE' }), [0, 0, 0, 5, 5])).toEqual([
      -1, -1, -1, -1, 1,
    ]);
  });

  it('uses |prior| so a rise from a negative prior is an increase', () => {
    expect(truthsOf(change({ amount: 1 }), [-2, -2, -2, 0, 0])).toEqual([-1, -1, -1, -1, 1]);
  });

  it('fires on decreases and on either direction', () => {
    const values = [4, 4, 4, 1, 1];
    expect(truthsOf(change({ direction: 'DECREASE' }), values)).toEqual([-1, -1, -1, -1, 1]);
    expect(truthsOf(change({ direction: 'ANY' }), values)).toEqual([-1, -1, -1, -1, 1]);
    expect(truthsOf(change({ direction: 'INCREASE' }), values)).toEqual([-1, -1, -1, -1, 0]);
  });

  it('blocks firing while a NaN is in either window', () => {
    expect(truthsOf(change({ current_window: 1, prior_window: 1 }), [1, Number.NaN, 5, 9])).toEqual([
      -1, 0, 0, 1,
    ]);
  });
});

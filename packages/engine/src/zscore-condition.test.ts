import { describe, expect, it } from 'vitest';
import { metricEvent, truthsOf } from './test-fixtures.js';
import { ZScoreCondition } from './zscore-condition.js';

const zscore = (metric: Record<string, unknown>) =>
  metricEvent({
    type: 'RUN_METRIC_ZSCORE',
    metric: { name: 'loss', window: 4, threshold: 2, direction: 'ANY', ...metric },
  });

describe('z-score condition', () => {
  it('waits for `window` earlier values, then scores the latest against them', () => {
    const condition = new ZScoreCondition(zscore({}).metric as never);
    expect([1, 2, 3, 4].map((v) => condition.push(v))).toEqual([-1, -1, -1, -1]);
    expect(condition.push(10)).toBe(1);
    const sigma = Math.sqrt(1.25);
    expect(condition.explain()).toEqual({
      value: 10,
      values: [1, 2, 3, 4],
      details: { mean: 2.5, std: sigma, zscore: 7.5 / sigma },
    });
    condition.push(3);
    expect(condition.explain().values).toEqual([2, 3, 4, 10]);
  });

  it('never fires when σ is 0', () => {
    expect(truthsOf(zscore({}), [5, 5, 5, 5, 100])).toEqual([-1, -1, -1, -1, 0]);
  });

  it('respects the direction', () => {
    expect(truthsOf(zscore({ direction: 'INCREASE' }), [1, 2, 3, 4, -10])).toEqual([-1, -1, -1, -1, 0]);
    expect(truthsOf(zscore({ direction: 'DECREASE' }), [1, 2, 3, 4, -10])).toEqual([-1, -1, -1, -1, 1]);
  });

  it('keeps its precision for large values with small deltas', () => {
    const values = [1e12, 1e12 + 1, 1e12 - 1, 1e12, 1e12 + 3];
    // mean 1e12, σ = √0.5, z = 3/√0.5 ≈ 4.24.
    expect(truthsOf(zscore({ threshold: 4.2 }), values)).toEqual([-1, -1, -1, -1, 1]);
    expect(truthsOf(zscore({ threshold: 4.25 }), values)).toEqual([-1, -1, -1, -1, 0]);
  });

  it('never fires while a NaN or an infinity is among the earlier values; an infinite latest value does', () => {
    expect(truthsOf(zscore({ window: 2 }), [1, Number.NaN, 1, 2, 50])).toEqual([-1, -1, 0, 0, 1]);
    expect(truthsOf(zscore({ window: 2 }), [1, 2, Number.POSITIVE_INFINITY, 9])).toEqual([-1, -1, 1, 0]);
  });
});

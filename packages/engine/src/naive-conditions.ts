import type { Aggregation, MetricEventSpec } from '@bellwether/core';
import { changeBetween, meetsDirection } from './change-condition.js';
import { addExactProduct, ExactSum, exactDeviationSum, exactSumOf } from './exact-sum.js';
import type { Truth } from './metric-condition.js';
import { FALSE, NOT_EVALUABLE, TRUE } from './metric-condition.js';
import { HUGE_MAGNITUDE, meanOfScaledSum, scaledForSum } from './rolling-window.js';
import { compareValue } from './threshold-condition.js';

/**
 * Reference implementations that recompute every condition from scratch over the whole
 * sequence: slow and obviously faithful to SPEC §3, for property tests of the incremental ones.
 */

/** The aggregate of a window recomputed from scratch (null aggregation: the latest value). */
export function naiveAggregate(values: readonly number[], agg: Aggregation | null): number {
  if (values.some(Number.isNaN)) return Number.NaN;
  if (agg === null) return values[values.length - 1] ?? Number.NaN;
  if (agg === 'MIN') return Math.min(...values);
  if (agg === 'MAX') return Math.max(...values);
  const pos = values.includes(Number.POSITIVE_INFINITY);
  const neg = values.includes(Number.NEGATIVE_INFINITY);
  if (pos || neg) return pos && neg ? Number.NaN : pos ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  return meanOfScaledSum(exactSumOf(values.map(scaledForSum)), values.length);
}

/** The z-score of `value` against `earlier`, recomputed from scratch; NaN when it cannot fire. */
export function naiveZScore(value: number, earlier: readonly number[]): number {
  if (earlier.some((x) => !Number.isFinite(x) || Math.abs(x) >= HUGE_MAGNITUDE)) return Number.NaN;
  const sum = new ExactSum();
  const squares = new ExactSum();
  for (const x of earlier) {
    sum.add(x);
    addExactProduct(squares, x, x, 1);
  }
  const n = earlier.length;
  const deviation = exactDeviationSum(n, sum, squares, new ExactSum());
  if (!(deviation > 0)) return Number.NaN;
  return (value - sum.value() / n) / (Math.sqrt(deviation) / n);
}

/** The condition's truth after each value of `values`, each recomputed from scratch. */
export function naiveConditionTruths(event: MetricEventSpec, values: readonly number[]): Truth[] {
  return values.map((_, i) => naiveTruthAt(event, values, i));
}

function naiveTruthAt(event: MetricEventSpec, values: readonly number[], i: number): Truth {
  const seen = values.slice(0, i + 1);
  switch (event.type) {
    case 'RUN_METRIC_THRESHOLD': {
      const m = event.metric;
      if (seen.length < m.window) return NOT_EVALUABLE;
      const aggregate = naiveAggregate(seen.slice(-m.window), m.agg);
      return compareValue(aggregate, m.cmp, m.threshold) ? TRUE : FALSE;
    }
    case 'RUN_METRIC_CHANGE': {
      const m = event.metric;
      const total = m.current_window + m.prior_window;
      if (seen.length < total) return NOT_EVALUABLE;
      const both = seen.slice(-total);
      const prior = naiveAggregate(both.slice(0, m.prior_window), m.agg);
      const current = naiveAggregate(both.slice(m.prior_window), m.agg);
      return meetsDirection(changeBetween(current, prior, m.change_type), m.direction, m.amount)
        ? TRUE
        : FALSE;
    }
    case 'RUN_METRIC_ZSCORE': {
      const m = event.metric;
      if (seen.length <= m.window) return NOT_EVALUABLE;
      const z = naiveZScore(values[i] as number, seen.slice(-m.window - 1, -1));
      return meetsDirection(z, m.direction, m.threshold) ? TRUE : FALSE;
    }
  }
}

/**
 * The indices that fire, from scratch: a value fires when its truth turns true (the previous
 * evaluable truth was false, or there was none) and no firing happened within `cooldownMs`.
 */
export function naiveFiringIndices(
  truths: readonly Truth[],
  times: readonly number[],
  cooldownMs: number,
): number[] {
  const fired: number[] = [];
  for (let i = 0; i < truths.length; i++) {
    if (truths[i] !== TRUE) continue;
    const previous = truths.slice(0, i).filter((t) => t !== NOT_EVALUABLE);
    if (previous.length > 0 && previous[previous.length - 1] === TRUE) continue;
    const last = fired[fired.length - 1];
    if (last !== undefined && cooldownMs > 0 && (times[i] as number) - (times[last] as number) < cooldownMs)
      continue;
    fired.push(i);
  }
  return fired;
}

import type { Comparator, ThresholdMetric } from '@bellwether/core';
import type { ConditionExplanation, MetricCondition, Truth } from './metric-condition.js';
import { FALSE, NOT_EVALUABLE, TRUE } from './metric-condition.js';
import { pointRanges } from './point-ranges.js';
import { RollingWindow } from './rolling-window.js';

/** Whether `value cmp threshold` holds; NaN never satisfies a comparison, not even `$ne`. */
export function compareValue(value: number, cmp: Comparator, threshold: number): boolean {
  switch (cmp) {
    case '$gt':
      return value > threshold;
    case '$gte':
      return value >= threshold;
    case '$lt':
      return value < threshold;
    case '$lte':
      return value <= threshold;
    case '$eq':
      return value === threshold;
    case '$ne':
      return value !== threshold && !Number.isNaN(value);
  }
}

// Far wider than the rounding of a mean (an ulp or two) and than scaling subnormals for the sum.
const RELATIVE_MARGIN = 2 ** -40;
const ABSOLUTE_MARGIN = 1e-300;

/**
 * Whether `x cmp threshold` fails for every x (and NaN) that an aggregate of values within
 * [lo, hi] can take, with a safety margin around the bounds.
 */
export function neverHolds(cmp: Comparator, threshold: number, lo: number, hi: number): boolean {
  const above = hi === Number.NEGATIVE_INFINITY ? hi : hi + Math.abs(hi) * RELATIVE_MARGIN + ABSOLUTE_MARGIN;
  const below = lo === Number.POSITIVE_INFINITY ? lo : lo - Math.abs(lo) * RELATIVE_MARGIN - ABSOLUTE_MARGIN;
  switch (cmp) {
    case '$gt':
      return above <= threshold;
    case '$gte':
      return above < threshold;
    case '$lt':
      return below >= threshold;
    case '$lte':
      return below > threshold;
    case '$eq':
      return above < threshold || below > threshold;
    case '$ne':
      return false;
  }
}

/** Threshold: the aggregate of the last `window` values (or the latest value alone) vs a threshold. */
export class ThresholdCondition implements MetricCondition {
  private readonly window: RollingWindow;
  private last = Number.NaN;
  private readonly bounds: [number, number] = [0, 0];

  constructor(private readonly metric: ThresholdMetric) {
    this.window = new RollingWindow(metric.window, metric.agg ?? 'LATEST');
  }

  /** Adds a value; evaluable once `window` values exist. */
  push(value: number): Truth {
    this.window.push(value);
    if (!this.window.full) return NOT_EVALUABLE;
    this.last = this.window.aggregate();
    return compareValue(this.last, this.metric.cmp, this.metric.threshold) ? TRUE : FALSE;
  }

  /**
   * Appends a batch of values at once when no aggregate of any window they can form (with the
   * values held now) can satisfy the comparison: every value in a window lies within the batch's
   * and the window's extremes, and so does every aggregate (the mean up to rounding, which the
   * margin covers); NaN satisfies nothing. Returns FALSE when some value was evaluable (the edge
   * trigger re-arms), NOT_EVALUABLE when none was, or null, having appended nothing, when the
   * values may satisfy it and must be pushed one by one.
   */
  pushIfNeverTrue(points: readonly { value: number }[]): Truth | null {
    const bounds = this.bounds;
    this.window.extremes(bounds);
    const range = pointRanges(points);
    const lo = Math.min(range.minValue, bounds[0]);
    const hi = Math.max(range.maxValue, bounds[1]);
    if (!neverHolds(this.metric.cmp, this.metric.threshold, lo, hi)) return null;
    this.window.pushTail(points);
    return points.length > 0 && this.window.full ? FALSE : NOT_EVALUABLE;
  }

  /** The aggregate and the window that produced it. */
  explain(): ConditionExplanation {
    return { value: this.last, values: this.window.values(), details: {} };
  }

  /** The window's values, oldest first. */
  heldValues(): number[] {
    return this.window.values();
  }
}

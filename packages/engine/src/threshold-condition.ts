import type { Comparator, ThresholdMetric } from '@bellwether/core';
import type { ConditionExplanation, MetricCondition, Truth } from './metric-condition.js';
import { FALSE, NOT_EVALUABLE, TRUE } from './metric-condition.js';
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

/** Threshold: the aggregate of the last `window` values (or the latest value alone) vs a threshold. */
export class ThresholdCondition implements MetricCondition {
  private readonly window: RollingWindow;
  private last = Number.NaN;

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

  /** The aggregate and the window that produced it. */
  explain(): ConditionExplanation {
    return { value: this.last, values: this.window.values(), details: {} };
  }

  /** The window's values, oldest first. */
  heldValues(): number[] {
    return this.window.values();
  }
}

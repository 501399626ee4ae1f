import type { ZScoreMetric } from '@bellwether/core';
import { meetsDirection } from './change-condition.js';
import type { ConditionExplanation, MetricCondition, Truth } from './metric-condition.js';
import { FALSE, NOT_EVALUABLE, TRUE } from './metric-condition.js';
import { RollingWindow } from './rolling-window.js';

/**
 * Z-score: the latest value against the mean and population σ of the `window` values logged
 * before it. σ = 0 never fires.
 */
export class ZScoreCondition implements MetricCondition {
  private readonly window: RollingWindow;
  private lastValue = Number.NaN;
  private lastZ = Number.NaN;

  constructor(private readonly metric: ZScoreMetric) {
    this.window = new RollingWindow(metric.window, 'MOMENTS');
  }

  /** Evaluates the value against the earlier values, then adds it to them. */
  push(value: number): Truth {
    let truth: Truth = NOT_EVALUABLE;
    if (this.window.full) {
      this.lastZ = this.window.zscore(value);
      this.lastValue = value;
      truth = meetsDirection(this.lastZ, this.metric.direction, this.metric.threshold) ? TRUE : FALSE;
    }
    this.window.push(value);
    return truth;
  }

  /** The latest value, the window it was compared with, and its mean, σ and z. */
  explain(): ConditionExplanation {
    // The window already holds the latest value; put back the one it pushed out.
    const values = this.window.values();
    values.pop();
    if (this.window.didEvict) values.unshift(this.window.evicted);
    return {
      value: this.lastValue,
      values,
      details: { mean: this.window.lastMean, std: this.window.lastStd, zscore: this.lastZ },
    };
  }

  /** The last `window` values, oldest first. */
  heldValues(): number[] {
    return this.window.values();
  }
}

import type { ChangeMetric, Direction } from '@bellwether/core';
import type { ConditionExplanation, MetricCondition, Truth } from './metric-condition.js';
import { FALSE, NOT_EVALUABLE, TRUE } from './metric-condition.js';
import { RollingWindow } from './rolling-window.js';

/** Whether `change` moved at least `amount` in `direction`; NaN never does. */
export function meetsDirection(change: number, direction: Direction, amount: number): boolean {
  switch (direction) {
    case 'INCREASE':
      return change >= amount;
    case 'DECREASE':
      return change <= -amount;
    case 'ANY':
      return change >= amount || change <= -amount;
  }
}

/** The absolute or relative change from `prior` to `current`; relative with prior 0 is NaN (never fires). */
export function changeBetween(current: number, prior: number, type: ChangeMetric['change_type']): number {
  if (type === 'ABSOLUTE') return current - prior;
  return prior === 0 ? Number.NaN : (current - prior) / Math.abs(prior);
}

/**
 * Change: the aggregate of the newest `current_window` values vs the aggregate of the
 * `prior_window` values just before them. A value leaving the current window enters the prior one.
 */
export class ChangeCondition implements MetricCondition {
  private readonly current: RollingWindow;
  private readonly prior: RollingWindow;
  private lastCurrent = Number.NaN;
  private lastPrior = Number.NaN;
  private lastChange = Number.NaN;

  constructor(private readonly metric: ChangeMetric) {
    this.current = new RollingWindow(metric.current_window, metric.agg);
    this.prior = new RollingWindow(metric.prior_window, metric.agg);
  }

  /** Adds a value; evaluable once both windows are full. */
  push(value: number): Truth {
    this.current.push(value);
    if (this.current.didEvict) this.prior.push(this.current.evicted);
    if (!this.prior.full) return NOT_EVALUABLE;
    this.lastCurrent = this.current.aggregate();
    this.lastPrior = this.prior.aggregate();
    this.lastChange = changeBetween(this.lastCurrent, this.lastPrior, this.metric.change_type);
    return meetsDirection(this.lastChange, this.metric.direction, this.metric.amount) ? TRUE : FALSE;
  }

  /** The current aggregate and window, with the prior aggregate and the change. */
  explain(): ConditionExplanation {
    return {
      value: this.lastCurrent,
      values: this.current.values(),
      details: { prior_value: this.lastPrior, change: this.lastChange },
    };
  }

  /** The prior window's values then the current window's, oldest first. */
  heldValues(): number[] {
    return [...this.prior.values(), ...this.current.values()];
  }
}

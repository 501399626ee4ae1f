import { EventBuilder } from './event-builder.js';

type Aggregation = 'AVERAGE' | 'MIN' | 'MAX';
type Direction = 'INCREASE' | 'DECREASE' | 'ANY';

/** How much a metric must change: a fraction of the prior value (`frac`) or an absolute amount (`diff`). */
export type ChangeAmount = { frac: number; diff?: never } | { diff: number; frac?: never };

/** Options of a change condition beyond the amount. */
export interface ChangeOptions {
  /** Which way the change must go (default ANY). */
  direction?: Direction | 'increase' | 'decrease' | 'any';
  /** Values before the current window that form the baseline (default 50). */
  priorWindow?: number;
}

/** Comparisons shared by a metric's latest value and its window aggregate. */
class Comparable {
  protected readonly metric: { name: string; window?: number; agg: Aggregation | null };

  constructor(metric: { name: string; window?: number; agg: Aggregation | null }) {
    this.metric = metric;
  }

  private threshold(cmp: string, value: number): EventBuilder {
    return new EventBuilder({
      type: 'RUN_METRIC_THRESHOLD',
      metric: { ...this.metric, cmp, threshold: value },
    });
  }

  /** Fires when the value turns greater than `value`. */
  gt(value: number): EventBuilder {
    return this.threshold('$gt', value);
  }
  /** Fires when the value turns ≥ `value`. */
  gte(value: number): EventBuilder {
    return this.threshold('$gte', value);
  }
  /** Fires when the value turns less than `value`. */
  lt(value: number): EventBuilder {
    return this.threshold('$lt', value);
  }
  /** Fires when the value turns ≤ `value`. */
  lte(value: number): EventBuilder {
    return this.threshold('$lte', value);
  }
  /** Fires when the value turns equal to `value`. */
  eq(value: number): EventBuilder {
    return this.threshold('$eq', value);
  }
  /** Fires when the value turns different from `value`. */
  ne(value: number): EventBuilder {
    return this.threshold('$ne', value);
  }

  /**
   * Fires when the aggregate of the newest values changes by at least the amount against the
   * values before them: `{ frac: 0.1 }` is a 10% relative change, `{ diff: 0.5 }` an absolute one.
   */
  changesBy(amount: ChangeAmount, options: ChangeOptions = {}): EventBuilder {
    const relative = amount.frac !== undefined;
    const metric: Record<string, unknown> = {
      name: this.metric.name,
      agg: this.metric.agg ?? 'AVERAGE',
      change_type: relative ? 'RELATIVE' : 'ABSOLUTE',
      direction: (options.direction ?? 'ANY').toUpperCase(),
      amount: relative ? amount.frac : amount.diff,
    };
    if (this.metric.agg !== null && this.metric.window !== undefined)
      metric.current_window = this.metric.window;
    if (options.priorWindow !== undefined) metric.prior_window = options.priorWindow;
    return new EventBuilder({ type: 'RUN_METRIC_CHANGE', metric });
  }

  /** `changesBy` going up only. */
  increasesBy(amount: ChangeAmount, options: Omit<ChangeOptions, 'direction'> = {}): EventBuilder {
    return this.changesBy(amount, { ...options, direction: 'INCREASE' });
  }

  /** `changesBy` going down only. */
  decreasesBy(amount: ChangeAmount, options: Omit<ChangeOptions, 'direction'> = {}): EventBuilder {
    return this.changesBy(amount, { ...options, direction: 'DECREASE' });
  }
}

/** A z-score of the latest value against the `window` values before it. */
export class ZScoreMetric {
  private readonly name: string;
  private readonly window: number;

  constructor(name: string, window: number) {
    this.name = name;
    this.window = window;
  }

  private event(threshold: number, direction: Direction): EventBuilder {
    return new EventBuilder({
      type: 'RUN_METRIC_ZSCORE',
      metric: { name: this.name, window: this.window, threshold, direction },
    });
  }

  /** Fires when z ≥ `threshold` (the value jumps above the recent mean). */
  gt(threshold: number): EventBuilder {
    return this.event(threshold, 'INCREASE');
  }

  /** Fires when z ≤ `threshold`, a negative number (the value drops below the recent mean). */
  lt(threshold: number): EventBuilder {
    return this.event(Math.abs(threshold), 'DECREASE');
  }

  /** Fires when |z| ≥ `threshold`, either way. */
  absGt(threshold: number): EventBuilder {
    return this.event(threshold, 'ANY');
  }
}

/** A metric by name: compare its latest value, or aggregate a window first. */
export class MetricRef extends Comparable {
  constructor(name: string) {
    super({ name, agg: null });
  }

  /** The average of the last `window` values (default 5). */
  avg(window = 5): Comparable {
    return new Comparable({ name: this.metric.name, window, agg: 'AVERAGE' });
  }
  /** The minimum of the last `window` values (default 5). */
  min(window = 5): Comparable {
    return new Comparable({ name: this.metric.name, window, agg: 'MIN' });
  }
  /** The maximum of the last `window` values (default 5). */
  max(window = 5): Comparable {
    return new Comparable({ name: this.metric.name, window, agg: 'MAX' });
  }
  /** The z-score of the latest value against the `window` values before it (default 30). */
  zscore(window = 30): ZScoreMetric {
    return new ZScoreMetric(this.metric.name, window);
  }
}

/** Run events, W&B style: `RunEvent.metric('loss').avg(5).gt(2)`, `RunEvent.state.in(['failed'])`. */
export const RunEvent = {
  /** A condition on a logged metric. */
  metric: (name: string): MetricRef => new MetricRef(name),
  /** A condition on the run's state. */
  state: {
    /** Fires when a run enters one of these states. */
    in: (states: readonly ('running' | 'finished' | 'failed')[]): EventBuilder =>
      new EventBuilder({ type: 'RUN_STATE', states: [...states] }),
  },
};

/** The outcome of one value: the condition is false, true, or not yet evaluable (windows not full). */
export type Truth = -1 | 0 | 1;
/** The windows are not full yet: nothing changes for the edge trigger. */
export const NOT_EVALUABLE = -1 as const;
/** The condition does not hold (this re-arms the edge trigger). */
export const FALSE = 0 as const;
/** The condition holds. */
export const TRUE = 1 as const;

/** What decided the last evaluation, for the firing's snapshot. */
export interface ConditionExplanation {
  /** The aggregate (or latest value) compared: `metric_value`. */
  value: number;
  /** The window values that produced it: `metric_values`. */
  values: number[];
  /** Condition-specific numbers (prior aggregate, change, mean, σ, z). */
  details: Record<string, number>;
}

/**
 * The JSON-safe saved form of a metric condition: the metric and its last logged values, oldest
 * first, with NaN/±Infinity as strings. Every aggregate is an order-independent function of these
 * values (exact sums), so feeding them to a fresh condition restores it exactly.
 */
export interface MetricConditionState {
  metric: string;
  values: Array<number | string>;
}

/** An incremental metric condition of one (automation, run): O(1) amortised work per value. */
export interface MetricCondition {
  /** Adds the next logged value of the metric and evaluates the condition. */
  push(value: number): Truth;
  /**
   * Optionally, appends a batch of values at once when it can prove that none of them makes the
   * condition true: FALSE when some were evaluable, NOT_EVALUABLE when none was; null (nothing
   * appended) when it cannot, and the values must be pushed one by one.
   */
  pushIfNeverTrue?(points: readonly { value: number }[]): Truth | null;
  /** Explains the last evaluation (allocates; call only when firing). */
  explain(): ConditionExplanation;
  /** The values the condition needs to continue, oldest first (allocates). */
  heldValues(): number[];
}

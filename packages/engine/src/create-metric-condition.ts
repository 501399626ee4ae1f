import type { MetricEventSpec } from '@bellwether/core';
import { jsonNumber, numericValue } from '@bellwether/core';
import { ChangeCondition } from './change-condition.js';
import type { MetricCondition, MetricConditionState } from './metric-condition.js';
import { ThresholdCondition } from './threshold-condition.js';
import { ZScoreCondition } from './zscore-condition.js';

/** A fresh incremental condition for a metric event. */
export function createMetricCondition(event: MetricEventSpec): MetricCondition {
  switch (event.type) {
    case 'RUN_METRIC_THRESHOLD':
      return new ThresholdCondition(event.metric);
    case 'RUN_METRIC_CHANGE':
      return new ChangeCondition(event.metric);
    case 'RUN_METRIC_ZSCORE':
      return new ZScoreCondition(event.metric);
  }
}

/** The JSON-safe form of a condition's state (NaN and ±Infinity become strings). */
export function serializeCondition(event: MetricEventSpec, condition: MetricCondition): MetricConditionState {
  return { metric: event.metric.name, values: condition.heldValues().map(jsonNumber) };
}

/**
 * A condition continuing from a saved state. Values saved for another metric are ignored; saved
 * values beyond what the (possibly edited) windows hold simply fall out, so editing a threshold
 * or window keeps as much of the run's history as still applies.
 */
export function deserializeCondition(
  event: MetricEventSpec,
  state: MetricConditionState | undefined,
): MetricCondition {
  const condition = createMetricCondition(event);
  if (!state || state.metric !== event.metric.name || !Array.isArray(state.values)) return condition;
  for (const saved of state.values) {
    const value = numericValue(saved);
    if (value !== undefined) condition.push(value);
  }
  return condition;
}

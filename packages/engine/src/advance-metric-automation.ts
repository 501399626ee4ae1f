import type { MetricPoint, RunHistoryEvent } from '@bellwether/core';
import { jsonNumber } from '@bellwether/core';
import type { CompiledMetricAutomation } from './compile-automation.js';
import type { EventSnapshot } from './event-snapshot.js';
import { addMetricFields, addRunFields, baseSnapshot } from './event-snapshot.js';
import type { EdgeState } from './firing-controls.js';
import { stepEdge } from './firing-controls.js';
import type { MetricCondition } from './metric-condition.js';
import { pointRanges } from './point-ranges.js';

/** A firing before the rate limit has been applied: what fired and why. */
export interface UnratedFiring {
  automation: CompiledMetricAutomation;
  snapshot: EventSnapshot;
  reason: string;
}

/** Whether a metric automation tracks this run at all: killed runs and filtered-out runs are not. */
export function tracksRun(automation: CompiledMetricAutomation, event: RunHistoryEvent): boolean {
  if (event.run.state === 'killed') return false;
  return !automation.runFilter || automation.runFilter(event.run);
}

/**
 * Feeds the values of one metric automation's key, in log order, through its live condition and
 * edge trigger, mutating both, and hands each firing to `fire`. `points` must hold only points of
 * the automation's metric (the caller groups a batch by key once, not once per automation). The
 * pure evaluator and the server's cached live states both run through this one function, so the
 * property tests that compare the former with a naive recompute cover the latter too.
 */
export function advanceMetricAutomation(
  automation: CompiledMetricAutomation,
  event: RunHistoryEvent,
  points: readonly MetricPoint[],
  state: { edge: EdgeState; condition: MetricCondition },
  now: number,
  fire: (firing: UnratedFiring) => void,
): void {
  const { edge, condition } = state;
  const cooldownMs = automation.cooldownMs;
  const fresh = pointsAfter(points, edge.lastStep);
  if (fresh.length === 0) return;
  edge.lastStep = highestStep(fresh, edge.lastStep);
  // Most batches cannot make a threshold true (values far from it): skip the per-value work.
  const quiet = condition.pushIfNeverTrue?.(fresh);
  if (quiet !== undefined && quiet !== null) {
    stepEdge(edge, quiet, now, cooldownMs);
    return;
  }
  for (let i = 0; i < fresh.length; i++) {
    const point = fresh[i] as MetricPoint;
    const truth = condition.push(point.value);
    if (stepEdge(edge, truth, now, cooldownMs) !== 'fire') continue;
    const explanation = condition.explain();
    const snapshot = addMetricFields(
      addRunFields(baseSnapshot(automation.eventType, event), event.run),
      {
        name: automation.metricName,
        step: point.step,
        filter: automation.metricFilter,
        short: automation.metricFilterShort,
      },
      explanation,
    );
    const value = jsonNumber(explanation.value);
    fire({
      automation,
      snapshot,
      reason: `${automation.metricFilter} held at step ${point.step} (value ${value})`,
    });
  }
}

/**
 * The points above `lastStep` (all of them when it is null): what has not been evaluated yet. The
 * same array when nothing is dropped, the common case, so a batch is not copied.
 */
function pointsAfter(points: readonly MetricPoint[], lastStep: number | null): readonly MetricPoint[] {
  if (lastStep === null || pointRanges(points).minStep > lastStep) return points;
  return points.filter((p) => p.step > lastStep);
}

function highestStep(points: readonly MetricPoint[], lastStep: number | null): number {
  const { maxStep } = pointRanges(points);
  return lastStep === null || maxStep > lastStep ? maxStep : lastStep;
}

/** The points of each key of a batch, in log order: grouped once per batch. */
export function groupPointsByKey(points: readonly MetricPoint[]): Map<string, MetricPoint[]> {
  const byKey = new Map<string, MetricPoint[]>();
  for (const point of points) {
    const list = byKey.get(point.key);
    if (list) list.push(point);
    else byKey.set(point.key, [point]);
  }
  return byKey;
}

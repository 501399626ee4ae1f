import type { DomainEvent, RunHistoryEvent, RunStateEvent } from '@bellwether/core';
import { advanceMetricAutomation, tracksRun } from './advance-metric-automation.js';
import type {
  CompiledArtifactAutomation,
  CompiledAutomation,
  CompiledMetricAutomation,
  CompiledRunStateAutomation,
} from './compile-automation.js';
import { deserializeCondition, serializeCondition } from './create-metric-condition.js';
import type { EventSnapshot } from './event-snapshot.js';
import { addRunFields, addVersionFields, baseSnapshot } from './event-snapshot.js';
import type { EdgeState, RateState } from './firing-controls.js';
import { stepEdge, takeRate } from './firing-controls.js';
import type { MetricConditionState } from './metric-condition.js';
import { FALSE, TRUE } from './metric-condition.js';

/** The stored state of one (automation, run): edge trigger, cooldown and metric windows; JSON-safe. */
export interface RunConditionState extends EdgeState {
  condition?: MetricConditionState;
}

/** One firing: becomes an execution (history row); `skipped` ones are past the rate limit. */
export interface Firing {
  automationId: string;
  status: 'pending' | 'skipped';
  snapshot: EventSnapshot;
  reason: string;
}

/** Everything one evaluation needs; the states are those of the event's run (if any) per automation. */
export interface EvaluateEventInput {
  automations: readonly CompiledAutomation[];
  event: DomainEvent;
  runStates: ReadonlyMap<string, RunConditionState | undefined>;
  rateStates: ReadonlyMap<string, RateState | undefined>;
  now: number;
}

/** The firings in order, and the states to store for the automations whose state changed. */
export interface EvaluateEventResult {
  firings: Firing[];
  runStateUpdates: Map<string, RunConditionState>;
  rateStateUpdates: Map<string, RateState>;
}

/**
 * Evaluates one domain event against candidate automations (storage picked them by scope).
 * Pure: inputs are not mutated; the caller stores the returned states in the same transaction
 * as the executions it inserts for the firings.
 */
export function evaluateEvent(input: EvaluateEventInput): EvaluateEventResult {
  const result: EvaluateEventResult = {
    firings: [],
    runStateUpdates: new Map(),
    rateStateUpdates: new Map(),
  };
  const emit = (automation: CompiledAutomation, snapshot: EventSnapshot, reason: string): void => {
    result.firings.push(
      rateFiring(automation, snapshot, reason, result.rateStateUpdates, input.rateStates, input.now),
    );
  };
  const { event } = input;
  for (const automation of input.automations) {
    if (!automation.enabled || automation.domainType !== event.type) continue;
    if (automation.kind === 'metric' && event.type === 'run_history') {
      evaluateHistory(automation, event, input, result, emit);
    } else if (automation.kind === 'run_state' && event.type === 'run_state') {
      evaluateRunState(automation, event, input, result, emit);
    } else if (automation.kind === 'artifact') {
      evaluateArtifact(automation, event, emit);
    }
  }
  return result;
}

type Emit = (automation: CompiledAutomation, snapshot: EventSnapshot, reason: string) => void;

function edgeStateOf(stored: RunConditionState | undefined): EdgeState {
  return {
    armed: stored?.armed ?? true,
    lastFiredAt: stored?.lastFiredAt ?? null,
    lastStep: stored?.lastStep ?? null,
  };
}

function evaluateHistory(
  automation: CompiledMetricAutomation,
  event: RunHistoryEvent,
  input: EvaluateEventInput,
  result: EvaluateEventResult,
  emit: Emit,
): void {
  // A killed run never triggers anything; a run outside the filter is not tracked at all.
  if (!tracksRun(automation, event)) return;
  const points = event.points.filter((p) => p.key === automation.metricName);
  if (points.length === 0) return;
  const stored = input.runStates.get(automation.id);
  const state = {
    edge: edgeStateOf(stored),
    condition: deserializeCondition(automation.event, stored?.condition),
  };
  advanceMetricAutomation(automation, event, points, state, input.now, (f) =>
    emit(automation, f.snapshot, f.reason),
  );
  result.runStateUpdates.set(automation.id, {
    armed: state.edge.armed,
    lastFiredAt: state.edge.lastFiredAt,
    lastStep: state.edge.lastStep,
    condition: serializeCondition(automation.event, state.condition),
  });
}

/**
 * A firing counted against its automation's per-minute rate limit: `pending` within the limit,
 * `skipped` (with the reason saying so) past it. `updates` holds the counters as counted so far
 * in this evaluation; a counter not counted yet starts from `stored`.
 */
export function rateFiring(
  automation: Pick<CompiledAutomation, 'id' | 'rateLimitPerMinute'>,
  snapshot: EventSnapshot,
  reason: string,
  updates: Map<string, RateState>,
  stored: ReadonlyMap<string, RateState | undefined>,
  now: number,
): Firing {
  let rate = updates.get(automation.id);
  if (!rate) {
    const saved = stored.get(automation.id);
    rate = saved ? { minute: saved.minute, count: saved.count } : { minute: -1, count: 0 };
    updates.set(automation.id, rate);
  }
  const allowed = takeRate(rate, automation.rateLimitPerMinute, now);
  return {
    automationId: automation.id,
    status: allowed ? 'pending' : 'skipped',
    snapshot,
    reason: allowed ? reason : `${reason} (skipped: over ${automation.rateLimitPerMinute} firings a minute)`,
  };
}

function evaluateRunState(
  automation: CompiledRunStateAutomation,
  event: RunStateEvent,
  input: EvaluateEventInput,
  result: EvaluateEventResult,
  emit: Emit,
): void {
  if (event.to === 'killed') return;
  if (automation.runFilter && !automation.runFilter(event.run)) return;
  const state = event.to === 'crashed' ? 'failed' : event.to;
  const edge = edgeStateOf(input.runStates.get(automation.id));
  const outcome = stepEdge(
    edge,
    automation.states.has(state) ? TRUE : FALSE,
    input.now,
    automation.cooldownMs,
  );
  result.runStateUpdates.set(automation.id, {
    armed: edge.armed,
    lastFiredAt: edge.lastFiredAt,
    lastStep: edge.lastStep,
  });
  if (outcome !== 'fire') return;
  const snapshot = addRunFields(baseSnapshot(automation.eventType, event), event.run);
  snapshot.run_status = event.to;
  snapshot.run_previous_status = event.from;
  emit(
    automation,
    snapshot,
    `run ${event.run.runId} is ${event.to}${event.to === 'crashed' ? ' (counts as failed)' : ''}`,
  );
}

function evaluateArtifact(automation: CompiledArtifactAutomation, event: DomainEvent, emit: Emit): void {
  if (!('version' in event)) return;
  const match = automation.match(event);
  if (!match) return;
  const snapshot = addVersionFields(baseSnapshot(automation.eventType, event), event.version);
  if (match.alias !== undefined) snapshot.alias = match.alias;
  if (match.tag !== undefined) snapshot.tag = match.tag;
  const what =
    match.alias !== undefined
      ? ` (alias ${match.alias})`
      : match.tag !== undefined
        ? ` (tag ${match.tag})`
        : '';
  emit(automation, snapshot, `${automation.eventType} on ${event.version.artifactPath}${what}`);
}

import type {
  DomainEvent,
  EventPlace,
  MetricEventSpec,
  RunHistoryEvent,
  RunSnapshot,
  RunState,
} from '@bellwether/core';
import { parseAutomationInput } from '@bellwether/core';
import type { CompileDeps, CompiledAutomation } from './compile-automation.js';
import { compileAutomation } from './compile-automation.js';
import { createMetricCondition } from './create-metric-condition.js';
import type { EvaluateEventResult, Firing, RunConditionState } from './evaluate-event.js';
import { evaluateEvent } from './evaluate-event.js';
import type { RateState } from './firing-controls.js';
import type { Truth } from './metric-condition.js';

/** Test fixtures of the engine's tests (not exported from the package). */

/** A project place in team `ml`. */
export const projectPlace: EventPlace = {
  teamId: 'team_1',
  teamName: 'ml',
  projectId: 'prj_1',
  projectName: 'cifar',
  registryId: null,
  registryName: null,
};

/** A run in `projectPlace`. */
export function makeRun(overrides: Partial<RunSnapshot> = {}): RunSnapshot {
  return {
    id: 'run_pk1',
    teamId: 'team_1',
    projectId: 'prj_1',
    runId: 'abc123',
    displayName: 'resnet-1',
    userId: 'usr_1',
    username: 'ada',
    state: 'running',
    config: {},
    tags: ['baseline'],
    ...overrides,
  };
}

/** A history event logging `values` of `key`, steps counting from `firstStep`. */
export function historyEvent(
  values: readonly number[],
  options: { key?: string; firstStep?: number; run?: RunSnapshot; at?: number } = {},
): RunHistoryEvent {
  const firstStep = options.firstStep ?? 0;
  const at = options.at ?? 1_700_000_000_000;
  return {
    type: 'run_history',
    place: projectPlace,
    author: 'ada',
    authorId: 'usr_1',
    at,
    run: options.run ?? makeRun(),
    points: values.map((value, i) => ({
      key: options.key ?? 'loss',
      step: firstStep + i,
      value,
      timestamp: at,
    })),
  };
}

/** A run-state event. */
export function runStateEvent(
  to: RunState,
  from: RunState | null = 'running',
  run = makeRun({ state: to }),
): DomainEvent {
  return {
    type: 'run_state',
    place: projectPlace,
    author: 'ada',
    authorId: 'usr_1',
    at: 1_700_000_000_000,
    run,
    from,
    to,
  };
}

/** A test run filter language: `{ "tag": "x" }` keeps runs tagged x. */
export const testDeps: CompileDeps = {
  compileRunFilter: (filter) => {
    const tag = (filter as { tag?: string }).tag;
    return (run) => tag === undefined || run.tags.includes(tag);
  },
};

/** Compiles an automation with `event` on the project scope (NO_OP action). */
export function compileEvent(
  event: unknown,
  options: { id?: string; enabled?: boolean; scope?: unknown } = {},
): CompiledAutomation {
  const definition = parseAutomationInput({
    name: options.id ?? 'aut_1',
    scope: options.scope ?? { type: 'project', team: 'ml', project: 'cifar' },
    event,
    action: { type: 'NO_OP' },
  });
  return compileAutomation(
    {
      id: options.id ?? 'aut_1',
      teamId: 'team_1',
      name: definition.name,
      enabled: options.enabled ?? true,
      definition,
    },
    testDeps,
  );
}

/**
 * Plays events through `evaluateEvent` like storage would, for one run, passing every stored
 * state through JSON so that states that are not JSON-safe fail the tests.
 */
export class EngineHarness {
  runStates = new Map<string, RunConditionState>();
  rateStates = new Map<string, RateState>();
  constructor(readonly automations: CompiledAutomation[]) {}

  /** Evaluates one event at `now` and stores the returned states. */
  feed(event: DomainEvent, now = 1_700_000_000_000): Firing[] {
    const result: EvaluateEventResult = evaluateEvent({
      automations: this.automations,
      event,
      runStates: this.runStates,
      rateStates: this.rateStates,
      now,
    });
    for (const [id, state] of result.runStateUpdates)
      this.runStates.set(id, JSON.parse(JSON.stringify(state)));
    for (const [id, state] of result.rateStateUpdates)
      this.rateStates.set(id, JSON.parse(JSON.stringify(state)));
    return JSON.parse(JSON.stringify(result.firings));
  }
}

/** Parses a metric event's wire form (defaults filled in). */
export function metricEvent(event: unknown): MetricEventSpec {
  const parsed = parseAutomationInput({
    name: 'm',
    scope: { type: 'team', team: 'ml' },
    event,
    action: { type: 'NO_OP' },
  }).event;
  if (parsed.type === 'RUN_STATE' || !('metric' in parsed)) throw new Error('not a metric event');
  return parsed;
}

/** The truths a fresh incremental condition gives for `values`. */
export function truthsOf(event: MetricEventSpec, values: readonly number[]): Truth[] {
  const condition = createMetricCondition(event);
  return values.map((v) => condition.push(v));
}

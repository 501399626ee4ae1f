import type { RunConditionState } from './evaluate-event.js';
import type { RateState } from './firing-controls.js';

/**
 * Per-(automation, run) condition state, stored by storage in the write's transaction. `load`
 * locks the rows it reads (Postgres: FOR UPDATE) so concurrent writes to one run serialise.
 */
export interface ConditionStateStore {
  /** The states of these automations for one run (the run's internal id); missing ones are absent. */
  load(automationIds: readonly string[], runPk: string): Promise<Map<string, RunConditionState>>;
  /** Upserts the states `evaluateEvent` returned for one run. */
  save(runPk: string, states: ReadonlyMap<string, RunConditionState>): Promise<void>;
}

/** Per-automation rate-limit counters, stored likewise. */
export interface RateStateStore {
  /** The counters of these automations; missing ones are absent. */
  load(automationIds: readonly string[]): Promise<Map<string, RateState>>;
  /** Upserts the counters `evaluateEvent` returned. */
  save(states: ReadonlyMap<string, RateState>): Promise<void>;
}

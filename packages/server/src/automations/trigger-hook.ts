import type { DomainEvent, IdGenerator, MetricPoint, RunHistoryEvent } from '@bellwether/core';
import {
  advanceMetricAutomation,
  automationEventTypesFor,
  type CompiledAutomation,
  type CompiledMetricAutomation,
  createMetricCondition,
  type EvaluateEventResult,
  evaluateEvent,
  type Firing,
  groupPointsByKey,
  type MetricCondition,
  type RateState,
  type RunConditionState,
  rateFiring,
  tracksRun,
  type UnratedFiring,
} from '@bellwether/engine';
import {
  type Database,
  insertDeliveries,
  insertExecutions,
  loadRateStates,
  loadRunStates,
  type NewDelivery,
  type NewExecution,
  saveRateStates,
  saveRunStatePack,
  saveRunStates,
  setLastExecutionAt,
} from '@bellwether/storage';
import type { EventHook } from '@bellwether/tracking';
import type { Kysely } from 'kysely';
import type { ServerMetrics } from '../observability/server-metrics.js';
import {
  type CandidateAutomationCache,
  createCandidateAutomationCache,
} from './candidate-automation-cache.js';
import { type CompiledAutomationCache, createCompiledAutomationCache } from './compiled-automation-cache.js';
import { createLiveRunStateCache, type LiveRunStateCache, newPackToken } from './live-run-state-cache.js';
import { encodeRunStatePack, heldValuesOf, type MetricRunEntry } from './run-state-pack.js';
import { scopeKeysFor } from './scope-keys.js';

/** What the trigger hook needs: time and ids (injected for tests), and optionally shared caches. */
export interface TriggerHookDeps {
  clock: () => number;
  ids: IdGenerator;
  cache?: CompiledAutomationCache;
  liveStates?: LiveRunStateCache;
  /** Counts evaluations and firings once the write commits (absent in most tests). */
  metrics?: Pick<ServerMetrics, 'evaluations' | 'firings'>;
}

/** What one write's events did, counted into the metrics after its commit. */
interface Tally {
  evaluated: Map<string, number>;
  fired: Map<string, number>;
}

function add(counts: Map<string, number>, key: string, n = 1): void {
  counts.set(key, (counts.get(key) ?? 0) + n);
}

interface Caches {
  candidates: CandidateAutomationCache;
  liveStates: LiveRunStateCache;
}

/**
 * The trigger engine wired into writes: for each domain event, finds the enabled automations whose
 * scope covers it (cached per automations version), evaluates them against their stored condition
 * state, and stores the new state, the executions and their pending deliveries, all in the write's
 * transaction `trx`, so a write and what it fired commit together or not at all.
 *
 * Metric history takes a fast path: the run's metric states live in one packed row, kept live in
 * this process between batches (see live-run-state-cache.ts), so a batch evaluates without loading
 * them and saves them with one upsert.
 *
 * Concurrency (Postgres): run events are emitted by writes that hold the run row FOR UPDATE (see
 * tracking/log-history.ts and put-run.ts), so writers of one run take turns and the load-evaluate-
 * save of its (automation, run) states cannot interleave and lose an update. SQLite has one writer.
 */
export function createTriggerHook(deps: TriggerHookDeps): EventHook {
  const caches: Caches = {
    candidates: createCandidateAutomationCache(deps.cache ?? createCompiledAutomationCache()),
    liveStates: deps.liveStates ?? createLiveRunStateCache(),
  };
  const metrics = deps.metrics;
  return async (trx, events) => {
    const tally: Tally = { evaluated: new Map(), fired: new Map() };
    for (const event of events) await handleEvent(trx, event, deps, caches, tally);
    if (!metrics || (tally.evaluated.size === 0 && tally.fired.size === 0)) return;
    return () => {
      for (const [event, n] of tally.evaluated) metrics.evaluations.inc({ event }, n);
      for (const [status, n] of tally.fired) metrics.firings.inc({ status }, n);
    };
  };
}

async function handleEvent(
  trx: Kysely<Database>,
  event: DomainEvent,
  deps: TriggerHookDeps,
  caches: Caches,
  tally: Tally,
): Promise<void> {
  const eventTypes = automationEventTypesFor(event.type);
  if (eventTypes.length === 0) return;
  const keys = await scopeKeysFor(trx, event);
  const automations = await caches.candidates.get(trx, keys, eventTypes);
  if (automations.length === 0) return;
  add(tally.evaluated, event.type);
  if (event.type === 'run_history') {
    await handleHistory(trx, event, automations, deps, caches.liveStates, tally);
    return;
  }
  const now = deps.clock();
  const run = 'run' in event ? event.run : null;
  const runStates = new Map<string, RunConditionState | undefined>();
  if (run) {
    const loaded = await loadRunStates(
      trx,
      automations.map((a) => a.id),
      run.id,
    );
    for (const [id, state] of loaded) runStates.set(id, state as RunConditionState);
  }
  const input = { automations, event, runStates, now };
  // Rate counters matter only when something fires, which is rare: evaluate without them first
  // and again with them when it did (evaluation is pure, so the second pass sees the same inputs).
  let result: EvaluateEventResult = evaluateEvent({ ...input, rateStates: new Map() });
  if (result.firings.length > 0) {
    const rateStates = await loadRateStates(trx, [...new Set(result.firings.map((f) => f.automationId))]);
    result = evaluateEvent({ ...input, rateStates });
  }
  if (run && result.runStateUpdates.size > 0) {
    await saveRunStates(trx, run.teamId, run.id, result.runStateUpdates, now);
  }
  if (result.firings.length === 0) return;
  const byId = new Map(automations.map((a) => [a.id, a]));
  await saveRates(trx, result.rateStateUpdates, byId, event.place.teamId);
  await recordFirings(trx, result.firings, byId, deps, now, tally);
}

/**
 * A metric batch: each metric automation sees only the points of its metric (grouped once per
 * batch), one whose metric is absent is not evaluated at all, and the run's states come from the
 * live cache (or its packed row) and go back as one packed row, saved in this transaction.
 */
async function handleHistory(
  trx: Kysely<Database>,
  event: RunHistoryEvent,
  automations: readonly CompiledAutomation[],
  deps: TriggerHookDeps,
  liveStates: LiveRunStateCache,
  tally: Tally,
): Promise<void> {
  const byKey = groupPointsByKey(event.points);
  const work: Array<[CompiledMetricAutomation, MetricPoint[]]> = [];
  for (const automation of automations) {
    if (automation.kind !== 'metric' || !automation.enabled) continue;
    const points = byKey.get(automation.metricName);
    if (points && tracksRun(automation, event)) work.push([automation, points]);
  }
  if (work.length === 0) return;
  const now = deps.clock();
  const run = event.run;
  const entries = await liveStates.take(trx, run.id);
  const unrated: UnratedFiring[] = [];
  const fire = (firing: UnratedFiring) => unrated.push(firing);
  for (const [automation, points] of work) {
    let entry = entries.get(automation.id);
    if (!entry) {
      entry = {
        armed: true,
        lastFiredAt: null,
        lastStep: null,
        metric: automation.metricName,
        values: [],
        live: null,
      };
      entries.set(automation.id, entry);
    }
    const state = { edge: entry, condition: liveCondition(entry, automation) };
    advanceMetricAutomation(automation, event, points, state, now, fire);
  }
  const token = newPackToken();
  await saveRunStatePack(trx, run.teamId, run.id, encodeRunStatePack(token, entries), now);
  if (unrated.length > 0) {
    const rateStates = await loadRateStates(trx, [...new Set(unrated.map((f) => f.automation.id))]);
    const updates = new Map<string, RateState>();
    const firings = unrated.map((f) =>
      rateFiring(f.automation, f.snapshot, f.reason, updates, rateStates, now),
    );
    const byId = new Map<string, CompiledAutomation>(unrated.map((f) => [f.automation.id, f.automation]));
    await saveRates(trx, updates, byId, event.place.teamId);
    await recordFirings(trx, firings, byId, deps, now, tally);
  }
  // Only now that everything is written: a failure above leaves this run uncached.
  liveStates.put(run.id, token, entries);
}

/**
 * The entry's live condition for this compiled automation; rebuilt from the held values when the
 * automation was recompiled (edited) since, or never made live. Values held for another metric
 * are dropped, as `deserializeCondition` does for a stored state.
 */
function liveCondition(entry: MetricRunEntry, automation: CompiledMetricAutomation): MetricCondition {
  if (entry.live?.automation === automation) return entry.live.condition;
  const values = heldValuesOf(entry);
  const condition = createMetricCondition(automation.event);
  if (entry.metric === automation.metricName) {
    for (let i = 0; i < values.length; i++) condition.push(values[i] as number);
  }
  entry.metric = automation.metricName;
  entry.live = { automation, condition };
  entry.values = [];
  return condition;
}

async function saveRates(
  trx: Kysely<Database>,
  updates: ReadonlyMap<string, RateState>,
  byId: ReadonlyMap<string, CompiledAutomation>,
  fallbackTeamId: string,
): Promise<void> {
  const rates = new Map<string, RateState & { teamId: string }>();
  for (const [id, rate] of updates) {
    rates.set(id, { ...rate, teamId: byId.get(id)?.teamId ?? fallbackTeamId });
  }
  await saveRateStates(trx, rates);
}

async function recordFirings(
  trx: Kysely<Database>,
  firings: readonly Firing[],
  byId: ReadonlyMap<string, CompiledAutomation>,
  deps: TriggerHookDeps,
  now: number,
  tally: Tally,
): Promise<void> {
  const executions: NewExecution[] = [];
  const deliveries: NewDelivery[] = [];
  for (const firing of firings) {
    const automation = byId.get(firing.automationId);
    if (!automation) continue;
    const action = automation.definition.action;
    const id = deps.ids('exe');
    const refs = firing.snapshot.refs;
    const noOp = action.type === 'NO_OP';
    // A NO_OP has nothing to send: its execution is finished the moment it is recorded.
    const status = firing.status === 'skipped' ? 'skipped' : noOp ? 'finished' : 'pending';
    add(tally.fired, status);
    executions.push({
      id,
      teamId: automation.teamId,
      automationId: automation.id,
      status,
      eventType: firing.snapshot.event_type,
      event: firing.snapshot as unknown as Record<string, unknown>,
      reason: firing.reason,
      runPk: refs.run ?? null,
      artifactVersionId: refs.artifact_version ?? null,
      registryLinkId: null,
      projectId: refs.project_id ?? null,
      registryId: refs.registry_id ?? null,
      createdAt: now,
      finishedAt: status === 'pending' ? null : now,
    });
    if (status !== 'pending') continue;
    deliveries.push({
      id: deps.ids('dlv'),
      teamId: automation.teamId,
      executionId: id,
      automationId: automation.id,
      actionType: action.type,
      action: action as unknown as Record<string, unknown>,
      createdAt: now,
    });
  }
  await insertExecutions(trx, executions);
  await insertDeliveries(trx, deliveries);
  await setLastExecutionAt(trx, [...new Set(executions.map((e) => e.automationId))], now);
}

import type { DomainEvent, IdGenerator, MetricPoint } from '@bellwether/core';
import {
  automationEventTypesFor,
  type CompiledAutomation,
  type EvaluateEventResult,
  evaluateEvent,
  type Firing,
  type RateState,
  type RunConditionState,
} from '@bellwether/engine';
import {
  type Database,
  insertDeliveries,
  insertExecutions,
  listCandidateAutomations,
  loadRateStates,
  loadRunStates,
  type NewDelivery,
  type NewExecution,
  saveRateStates,
  saveRunStates,
  setLastExecutionAt,
} from '@bellwether/storage';
import type { Kysely } from 'kysely';
import type { EventHook } from '../app-deps.js';
import { type CompiledAutomationCache, createCompiledAutomationCache } from './compiled-automation-cache.js';
import { scopeKeysFor } from './scope-keys.js';

/** What the trigger hook needs: time and ids (injected for tests), and optionally a shared cache. */
export interface TriggerHookDeps {
  clock: () => number;
  ids: IdGenerator;
  cache?: CompiledAutomationCache;
}

/**
 * The trigger engine wired into writes: for each domain event, finds the enabled automations whose
 * scope covers it (one indexed query), evaluates them against their stored condition state, and
 * stores the new state, the executions and their pending deliveries, all in the write's
 * transaction `trx`, so a write and what it fired commit together or not at all.
 *
 * Concurrency (Postgres): run events are emitted by writes that hold the run row FOR UPDATE (see
 * tracking/log-history.ts and put-run.ts), so writers of one run take turns and the load-evaluate-
 * save of its (automation, run) states cannot interleave and lose an update. SQLite has one writer.
 */
export function createTriggerHook(deps: TriggerHookDeps): EventHook {
  const cache = deps.cache ?? createCompiledAutomationCache();
  return async (trx, events) => {
    for (const event of events) await handleEvent(trx, event, deps, cache);
  };
}

async function handleEvent(
  trx: Kysely<Database>,
  event: DomainEvent,
  deps: TriggerHookDeps,
  cache: CompiledAutomationCache,
): Promise<void> {
  const eventTypes = automationEventTypesFor(event.type);
  if (eventTypes.length === 0) return;
  const keys = await scopeKeysFor(trx, event);
  const versions = await listCandidateAutomations(trx, keys, eventTypes);
  if (versions.length === 0) return;
  const groups = splitByMetric(event, await cache.get(trx, versions));
  if (groups.length === 0) return;
  const automations = groups.flatMap((g) => g.automations);
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
  const result: EvaluateEventResult = {
    firings: [],
    runStateUpdates: new Map(),
    rateStateUpdates: new Map(),
  };
  for (const group of groups) {
    const input = { automations: group.automations, event: group.event, runStates, now };
    // Rate counters matter only when something fires, which is rare: evaluate without them first
    // and again with them when it did (evaluation is pure, so the second pass sees the same inputs).
    let part = evaluateEvent({ ...input, rateStates: new Map() });
    if (part.firings.length > 0) {
      const rateStates = await loadRateStates(trx, [...new Set(part.firings.map((f) => f.automationId))]);
      part = evaluateEvent({ ...input, rateStates });
    }
    result.firings.push(...part.firings);
    for (const [id, state] of part.runStateUpdates) result.runStateUpdates.set(id, state);
    for (const [id, rate] of part.rateStateUpdates) result.rateStateUpdates.set(id, rate);
  }
  if (run && result.runStateUpdates.size > 0) {
    await saveRunStates(trx, run.teamId, run.id, result.runStateUpdates, now);
  }
  if (result.firings.length === 0) return;
  const byId = new Map(automations.map((a) => [a.id, a]));
  const rates = new Map<string, RateState & { teamId: string }>();
  for (const [id, rate] of result.rateStateUpdates) {
    rates.set(id, { ...rate, teamId: byId.get(id)?.teamId ?? event.place.teamId });
  }
  await saveRateStates(trx, rates);
  await recordFirings(trx, result.firings, byId, deps, now);
}

/** Automations to evaluate against one event (for metric events: against the points of one key). */
interface EvaluationGroup {
  event: DomainEvent;
  automations: CompiledAutomation[];
}

/**
 * A metric batch split by key: each metric automation sees only the points of its metric, and one
 * whose metric is absent from the batch is not evaluated (nor its state read) at all. The engine
 * would skip other keys itself; splitting once per batch saves scanning the batch per automation.
 */
function splitByMetric(event: DomainEvent, automations: CompiledAutomation[]): EvaluationGroup[] {
  if (event.type !== 'run_history') return automations.length > 0 ? [{ event, automations }] : [];
  const byKey = new Map<string, MetricPoint[]>();
  for (const point of event.points) {
    const list = byKey.get(point.key);
    if (list) list.push(point);
    else byKey.set(point.key, [point]);
  }
  const groups = new Map<string, EvaluationGroup>();
  for (const automation of automations) {
    if (automation.kind !== 'metric') continue;
    const points = byKey.get(automation.metricName);
    if (!points) continue;
    let group = groups.get(automation.metricName);
    if (!group) {
      group = { event: { ...event, points }, automations: [] };
      groups.set(automation.metricName, group);
    }
    group.automations.push(automation);
  }
  return [...groups.values()];
}

async function recordFirings(
  trx: Kysely<Database>,
  firings: readonly Firing[],
  byId: ReadonlyMap<string, CompiledAutomation>,
  deps: TriggerHookDeps,
  now: number,
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

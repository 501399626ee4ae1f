import { jsonNumber, type MetricPoint, notFound, numericValue } from '@bellwether/core';
import {
  appendMetricPoints,
  findRun,
  type Project,
  type Team,
  type User,
  updateRun,
} from '@bellwether/storage';
import { authorOf, projectPlace, runSnapshot } from './run-snapshot.js';
import type { TrackingDeps } from './tracking-deps.js';
import { transact } from './transact.js';

/** One history row as logged: an optional step and time, and values by key. */
export interface HistoryRow {
  step?: number | undefined;
  timestamp?: number | undefined;
  values: Record<string, unknown>;
}

/** What a history write stored. */
export interface HistoryResult {
  points: number;
  lastStep: number;
}

/**
 * Appends history rows to a run: numeric values (and "NaN", "Infinity", "-Infinity") become metric
 * points, every value updates the run summary, and one run-history event carries the points in
 * log order to the trigger engine, all in one transaction. Rows without a step continue from the
 * last step. A step logged again overwrites the keys it names and keeps the others.
 */
export async function logHistory(
  deps: TrackingDeps,
  ctx: { user: User; team: Team; project: Project; runId: string },
  rows: readonly HistoryRow[],
): Promise<HistoryResult> {
  const now = deps.clock();
  return transact(deps, async (trx, emit) => {
    const run = await findRun(trx, ctx.project.id, ctx.runId, deps.storage.dialect);
    if (!run) throw notFound(`Run '${ctx.runId}' in project '${ctx.team.name}/${ctx.project.name}'`);
    const byKey = new Map<string, { steps: number[]; values: number[]; timestamps: number[] }>();
    const points: MetricPoint[] = [];
    const summary = { ...run.summary };
    let step = run.lastStep;
    let lastStep = run.lastStep;
    for (const row of rows) {
      step = row.step ?? step + 1;
      if (step > lastStep) lastStep = step;
      const timestamp = row.timestamp ?? now;
      for (const key in row.values) {
        const raw = row.values[key];
        const value = numericValue(raw);
        if (value === undefined) {
          summary[key] = raw;
          continue;
        }
        summary[key] = jsonNumber(value);
        let column = byKey.get(key);
        if (!column) {
          column = { steps: [], values: [], timestamps: [] };
          byKey.set(key, column);
        }
        column.steps.push(step);
        column.values.push(value);
        column.timestamps.push(timestamp);
        points.push({ step, key, value, timestamp });
      }
    }
    const seq = run.historySeq + 1;
    await appendMetricPoints(
      trx,
      { id: run.id, teamId: run.teamId, previousSeq: run.historySeq },
      seq,
      byKey,
    );
    const updated = { ...run, summary, lastStep, historySeq: seq, heartbeatAt: now, updatedAt: now };
    await updateRun(trx, updated);
    if (points.length > 0) {
      emit({
        type: 'run_history',
        place: projectPlace(ctx.team, ctx.project),
        ...authorOf(ctx.user, now),
        run: runSnapshot(updated),
        points,
      });
    }
    return { points: points.length, lastStep };
  });
}

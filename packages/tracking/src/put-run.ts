import { conflict, type RunState } from '@bellwether/core';
import {
  findRun,
  insertRun,
  type Project,
  type Run,
  type Team,
  type User,
  updateRun,
} from '@bellwether/storage';
import { authorOf, projectPlace, runSnapshot } from './run-snapshot.js';
import type { TrackingDeps } from './tracking-deps.js';
import { transact } from './transact.js';

/** The run fields a client may set. */
export interface RunPatch {
  display_name?: string | undefined;
  config?: Record<string, unknown> | undefined;
  tags?: string[] | undefined;
  /** Replaces the whole summary (the wandb client sends its full summary each time it changes). */
  summary?: Record<string, unknown> | undefined;
  state?: RunState | undefined;
  heartbeat?: boolean | undefined;
}

const TERMINAL: ReadonlySet<RunState> = new Set(['finished', 'failed', 'crashed', 'killed']);

/**
 * Creates a run or updates it (mode `upsert`), or only updates an existing one (mode `update`).
 * A state change emits a run-state event in the same transaction. A finished run may be resumed
 * (back to running) but not moved from one final state to another.
 */
export async function putRun(
  deps: TrackingDeps,
  ctx: { user: User; team: Team; project: Project; runId: string },
  patch: RunPatch,
  mode: 'upsert' | 'update',
): Promise<{ run: Run; created: boolean } | undefined> {
  const now = deps.clock();
  return transact(deps, async (trx, emit) => {
    const existing = await findRun(trx, ctx.project.id, ctx.runId, deps.storage.dialect);
    if (!existing) {
      if (mode === 'update') return undefined;
      const run: Run = {
        id: deps.ids('run'),
        teamId: ctx.team.id,
        projectId: ctx.project.id,
        runId: ctx.runId,
        displayName: patch.display_name ?? ctx.runId,
        userId: ctx.user.id,
        username: ctx.user.username,
        state: patch.state ?? 'running',
        config: patch.config ?? {},
        tags: patch.tags ?? [],
        summary: patch.summary ?? {},
        lastStep: -1,
        historySeq: 0,
        heartbeatAt: now,
        createdAt: now,
        updatedAt: now,
      };
      await insertRun(trx, run);
      emit({
        type: 'run_state',
        place: projectPlace(ctx.team, ctx.project),
        ...authorOf(ctx.user, now),
        run: runSnapshot(run),
        from: null,
        to: run.state,
      });
      return { run, created: true };
    }
    const next: Run = {
      ...existing,
      displayName: patch.display_name ?? existing.displayName,
      config: patch.config ?? existing.config,
      tags: patch.tags ?? existing.tags,
      summary: patch.summary ?? existing.summary,
      state: patch.state ?? existing.state,
      heartbeatAt: patch.heartbeat || patch.state === 'running' ? now : existing.heartbeatAt,
      updatedAt: now,
    };
    if (next.state !== existing.state && TERMINAL.has(existing.state) && TERMINAL.has(next.state)) {
      throw conflict(
        `Run '${ctx.runId}' is already ${existing.state}; it can only be resumed (state 'running').`,
        [{ path: 'state', message: `cannot change from '${existing.state}' to '${next.state}'` }],
      );
    }
    await updateRun(trx, next);
    if (next.state !== existing.state) {
      emit({
        type: 'run_state',
        place: projectPlace(ctx.team, ctx.project),
        ...authorOf(ctx.user, now),
        run: runSnapshot(next),
        from: existing.state,
        to: next.state,
      });
    }
    return { run: next, created: false };
  });
}

import { invalid } from '@bellwether/core';
import { findRun } from '@bellwether/storage';
import { type HistoryRow, logHistory, putRun } from '@bellwether/tracking';
import { parseExtendedJson } from './extended-json.js';
import { projectFor, type WandbCaller } from './wandb-context.js';

/** One file_stream POST body (`core/internal/filestream/`). */
interface FileStreamBody {
  files?: Record<string, { offset?: number; content?: string[] }>;
  complete?: boolean;
  exitcode?: number | null;
  preempting?: boolean;
  uploaded?: string[];
}

/** Nested dicts become dotted keys, as Bellwether's history keys are flat. */
function flatten(values: Record<string, unknown>, prefix: string, out: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(values)) {
    if (!prefix && key.startsWith('_')) continue;
    const name = prefix ? `${prefix}.${key}` : key;
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      flatten(value as Record<string, unknown>, name, out);
    } else {
      out[name] = value;
    }
  }
}

/** A `wandb-history.jsonl` line as a history row: `_step` the step, `_timestamp` (s) its time. */
export function historyRow(line: string): HistoryRow {
  const parsed = parseExtendedJson(line) as Record<string, unknown>;
  const values: Record<string, unknown> = {};
  flatten(parsed, '', values);
  const step = parsed._step;
  const timestamp = parsed._timestamp;
  return {
    step: typeof step === 'number' ? step : undefined,
    timestamp: typeof timestamp === 'number' ? Math.round(timestamp * 1000) : undefined,
    values,
  };
}

/**
 * Applies one file_stream request: its history lines in one history write (one transaction),
 * the summary line as the run's summary, and `complete` with `exitcode` as the final state.
 */
export async function applyFileStream(
  caller: WandbCaller,
  path: { entity: string; project: string; run: string },
  body: FileStreamBody,
): Promise<void> {
  if (!body || typeof body !== 'object') throw invalid('body', 'expected a JSON object');
  const found = await projectFor(caller, path.entity, path.project, 'member', false);
  if (!found) throw invalid('project', `no project '${path.entity}/${path.project}'`);
  const { host, user } = caller;
  const ctx = { user, team: found.team, project: found.project, runId: path.run };
  const files = body.files ?? {};
  const history = files['wandb-history.jsonl']?.content ?? [];
  if (history.length > 0) {
    await logHistory(host.tracking, ctx, history.map(historyRow));
  }
  const summaryLines = files['wandb-summary.json']?.content ?? [];
  const summaryLine = summaryLines[summaryLines.length - 1];
  const summary = summaryLine ? (parseExtendedJson(summaryLine) as Record<string, unknown>) : undefined;
  const state = body.complete ? (body.exitcode ? 'failed' : 'finished') : undefined;
  if (summary || state) {
    await putRun(host.tracking, ctx, { summary, state, heartbeat: true }, 'update');
  } else if (history.length === 0) {
    // A heartbeat (the client posts an empty body every 30 s or so while the run is alive).
    const run = await findRun(
      host.tracking.storage.db,
      found.project.id,
      path.run,
      host.tracking.storage.dialect,
    );
    if (run && run.state === 'running') await putRun(host.tracking, ctx, { heartbeat: true }, 'update');
  }
}

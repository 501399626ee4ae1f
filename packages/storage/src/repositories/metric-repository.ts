import type { Kysely } from 'kysely';
import type { Database } from '../database-schema.js';
import { type DownsampledSeries, downsample } from './downsample.js';
import { chunks } from './insert-rows.js';
import {
  decodeChunk,
  encodeChunk,
  mergeColumns,
  normalizeColumns,
  type PointColumns,
} from './metric-chunk-codec.js';

/** A chunk grows by merging small batches into it until it holds this many points. */
const CHUNK_TARGET_POINTS = 512;
/** Batches with at least this many points of a key get a chunk of their own without a merge. */
const SMALL_BATCH_POINTS = 64;

/** Numeric points of one batch, grouped by key, in log order. */
export type PointsByKey = ReadonlyMap<string, { steps: number[]; values: number[]; timestamps: number[] }>;

const KEYS_PER_STATEMENT = 2000;

/**
 * Appends one batch of points to a run's history as batch number `seq` (greater than every
 * earlier batch). A key with few points in this batch is merged into its chunk of the previous
 * batch (when that one is small too), so reads stay cheap however small the batches are. Runs
 * inside the caller's transaction.
 */
export async function appendMetricPoints(
  db: Kysely<Database>,
  run: { id: string; teamId: string; previousSeq: number },
  seq: number,
  points: PointsByKey,
): Promise<void> {
  if (points.size === 0) return;
  const keys = [...points].filter(([, b]) => b.steps.length < SMALL_BATCH_POINTS).map(([k]) => k);
  const tails = [];
  // A batch may log thousands of keys: every statement here binds at most KEYS_PER_STATEMENT of
  // them (8 values each), under SQLite's and Postgres's limits on bound values.
  if (run.previousSeq > 0) {
    for (const slice of chunks(keys, KEYS_PER_STATEMENT)) {
      tails.push(
        ...(await db
          .selectFrom('metric_chunks')
          .select(['key', 'count', 'data'])
          .where('run_pk', '=', run.id)
          .where('seq', '=', run.previousSeq)
          .where('key', 'in', slice)
          .execute()),
      );
    }
  }
  const tailByKey = new Map(tails.map((t) => [t.key, t]));
  const inserts: Database['metric_chunks'][] = [];
  const merged: string[] = [];
  for (const [key, batch] of points) {
    let columns = normalizeColumns(batch.steps, batch.values, batch.timestamps);
    const tail = tailByKey.get(key);
    if (tail && tail.count + columns.steps.length <= CHUNK_TARGET_POINTS) {
      columns = mergeColumns(decodeChunk(tail.data, tail.count), columns);
      merged.push(key);
    }
    inserts.push(chunkRow(run, key, seq, columns));
  }
  // The merged tails go, replaced by the chunks that hold their points.
  for (const slice of chunks(merged, KEYS_PER_STATEMENT)) {
    await db
      .deleteFrom('metric_chunks')
      .where('run_pk', '=', run.id)
      .where('seq', '=', run.previousSeq)
      .where('key', 'in', slice)
      .execute();
  }
  for (const slice of chunks(inserts, KEYS_PER_STATEMENT))
    await db.insertInto('metric_chunks').values(slice).execute();
}

function chunkRow(run: { id: string; teamId: string }, key: string, seq: number, c: PointColumns) {
  const bytes = encodeChunk(c);
  return {
    team_id: run.teamId,
    run_pk: run.id,
    key,
    seq,
    min_step: c.steps[0] as number,
    max_step: c.steps[c.steps.length - 1] as number,
    count: c.steps.length,
    data: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
  };
}

/** A step range to read, inclusive at both ends. */
export interface StepRange {
  minStep?: number | undefined;
  maxStep?: number | undefined;
}

/** Reads every point of one key in step order; where a step was logged twice the later batch wins. */
export async function readMetricPoints(
  db: Kysely<Database>,
  runPk: string,
  key: string,
  range: StepRange = {},
): Promise<PointColumns> {
  let query = db
    .selectFrom('metric_chunks')
    .select(['seq', 'count', 'min_step', 'max_step', 'data'])
    .where('run_pk', '=', runPk)
    .where('key', '=', key);
  if (range.minStep !== undefined) query = query.where('max_step', '>=', range.minStep);
  if (range.maxStep !== undefined) query = query.where('min_step', '<=', range.maxStep);
  const chunks = await query.orderBy('seq').execute();
  let merged: PointColumns = {
    steps: new Float64Array(0),
    values: new Float64Array(0),
    timestamps: new Float64Array(0),
  };
  let total = 0;
  let disjoint = true;
  let lastMax = Number.NEGATIVE_INFINITY;
  for (const chunk of chunks) {
    total += chunk.count;
    if (chunk.min_step <= lastMax) disjoint = false;
    lastMax = Math.max(lastMax, chunk.max_step);
  }
  if (disjoint) {
    const steps = new Float64Array(total);
    const values = new Float64Array(total);
    const timestamps = new Float64Array(total);
    let offset = 0;
    for (const chunk of chunks) {
      const c = decodeChunk(chunk.data, chunk.count);
      steps.set(c.steps, offset);
      values.set(c.values, offset);
      timestamps.set(c.timestamps, offset);
      offset += chunk.count;
    }
    merged = { steps, values, timestamps };
  } else {
    for (const chunk of chunks) merged = mergeColumns(merged, decodeChunk(chunk.data, chunk.count));
  }
  return clip(merged, range);
}

function clip(c: PointColumns, range: StepRange): PointColumns {
  const lo = range.minStep ?? Number.NEGATIVE_INFINITY;
  const hi = range.maxStep ?? Number.POSITIVE_INFINITY;
  let start = 0;
  let end = c.steps.length;
  while (start < end && (c.steps[start] as number) < lo) start++;
  while (end > start && (c.steps[end - 1] as number) > hi) end--;
  if (start === 0 && end === c.steps.length) return c;
  return {
    steps: c.steps.subarray(start, end),
    values: c.values.subarray(start, end),
    timestamps: c.timestamps.subarray(start, end),
  };
}

/** Reads one key downsampled to at most `samples` buckets (min, max, last per bucket). */
export async function readMetricSeries(
  db: Kysely<Database>,
  runPk: string,
  key: string,
  samples: number,
  range: StepRange = {},
): Promise<DownsampledSeries> {
  return downsample(await readMetricPoints(db, runPk, key, range), samples);
}

/** Points of one metric key, in parallel columns sorted by step with unique steps. */
export interface PointColumns {
  steps: Float64Array;
  values: Float64Array;
  timestamps: Float64Array;
}

/** Packs columns into one blob: all steps, then all values, then all timestamps (float64 LE). */
export function encodeChunk(points: PointColumns): Uint8Array {
  const n = points.steps.length;
  const out = new Float64Array(n * 3);
  out.set(points.steps, 0);
  out.set(points.values, n);
  out.set(points.timestamps, 2 * n);
  return new Uint8Array(out.buffer);
}

/** Unpacks a blob written by encodeChunk. */
export function decodeChunk(data: Uint8Array, count: number): PointColumns {
  // Copy once into an aligned buffer: drivers may hand back views at odd offsets.
  const aligned = new Float64Array(count * 3);
  new Uint8Array(aligned.buffer).set(data.subarray(0, count * 24));
  return {
    steps: aligned.subarray(0, count),
    values: aligned.subarray(count, 2 * count),
    timestamps: aligned.subarray(2 * count, 3 * count),
  };
}

/**
 * Sorts points by step keeping the last occurrence of each step, so a step logged twice keeps the
 * later value. Input arrays are in log order; already-sorted input (the usual case) is not copied.
 */
export function normalizeColumns(steps: number[], values: number[], timestamps: number[]): PointColumns {
  let sorted = true;
  for (let i = 1; i < steps.length; i++) {
    if ((steps[i] as number) <= (steps[i - 1] as number)) {
      sorted = false;
      break;
    }
  }
  if (sorted) {
    return {
      steps: Float64Array.from(steps),
      values: Float64Array.from(values),
      timestamps: Float64Array.from(timestamps),
    };
  }
  const last = new Map<number, number>();
  for (let i = 0; i < steps.length; i++) last.set(steps[i] as number, i);
  const order = [...last.entries()].sort((a, b) => a[0] - b[0]).map(([, i]) => i);
  return {
    steps: Float64Array.from(order, (i) => steps[i] as number),
    values: Float64Array.from(order, (i) => values[i] as number),
    timestamps: Float64Array.from(order, (i) => timestamps[i] as number),
  };
}

/** Merges two sorted column sets; on equal steps the newer one wins. */
export function mergeColumns(older: PointColumns, newer: PointColumns): PointColumns {
  const a = older.steps.length;
  const b = newer.steps.length;
  if (a === 0) return newer;
  if (b === 0) return older;
  if ((newer.steps[0] as number) > (older.steps[a - 1] as number)) {
    return {
      steps: concat(older.steps, newer.steps),
      values: concat(older.values, newer.values),
      timestamps: concat(older.timestamps, newer.timestamps),
    };
  }
  const steps: number[] = [];
  const values: number[] = [];
  const timestamps: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a || j < b) {
    const si = i < a ? (older.steps[i] as number) : Number.POSITIVE_INFINITY;
    const sj = j < b ? (newer.steps[j] as number) : Number.POSITIVE_INFINITY;
    if (sj <= si) {
      steps.push(sj);
      values.push(newer.values[j] as number);
      timestamps.push(newer.timestamps[j] as number);
      j++;
      if (si === sj) i++;
    } else {
      steps.push(si);
      values.push(older.values[i] as number);
      timestamps.push(older.timestamps[i] as number);
      i++;
    }
  }
  return {
    steps: Float64Array.from(steps),
    values: Float64Array.from(values),
    timestamps: Float64Array.from(timestamps),
  };
}

function concat(x: Float64Array, y: Float64Array): Float64Array {
  const out = new Float64Array(x.length + y.length);
  out.set(x, 0);
  out.set(y, x.length);
  return out;
}

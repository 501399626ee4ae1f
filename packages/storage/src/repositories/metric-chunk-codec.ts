/** Points of one metric key, in parallel columns sorted by step with unique steps. */
export interface PointColumns {
  steps: Float64Array;
  values: Float64Array;
  timestamps: Float64Array;
}

const HEADER_BYTES = 8;
const RAW = 0;
const ARITHMETIC = 1;

/** Whether a column is `first + i × delta` exactly, so two numbers can stand for all of it. */
function isArithmetic(column: Float64Array): boolean {
  const n = column.length;
  if (n < 3) return false;
  const first = column[0] as number;
  const delta = (column[1] as number) - first;
  if (!Number.isFinite(delta)) return false;
  for (let i = 2; i < n; i++) if (column[i] !== first + i * delta) return false;
  return true;
}

/**
 * Packs columns into one blob: an 8-byte header, then steps, values and timestamps as float64.
 * Steps and timestamps that advance by a fixed amount (the usual case: one step per row, rows
 * logged together) are stored as (first, delta), so a point costs 8 bytes instead of 24.
 */
export function encodeChunk(points: PointColumns): Uint8Array {
  const n = points.steps.length;
  const stepMode = isArithmetic(points.steps) ? ARITHMETIC : RAW;
  const timeMode = isArithmetic(points.timestamps) ? ARITHMETIC : RAW;
  const stepLen = stepMode === ARITHMETIC ? 2 : n;
  const timeLen = timeMode === ARITHMETIC ? 2 : n;
  const out = new Float64Array(1 + stepLen + n + timeLen);
  const header = new Uint8Array(out.buffer, 0, HEADER_BYTES);
  header[0] = 1;
  header[1] = stepMode;
  header[2] = timeMode;
  let offset = 1;
  offset = writeColumn(out, offset, points.steps, stepMode);
  out.set(points.values, offset);
  offset += n;
  writeColumn(out, offset, points.timestamps, timeMode);
  return new Uint8Array(out.buffer);
}

function writeColumn(out: Float64Array, offset: number, column: Float64Array, mode: number): number {
  if (mode === ARITHMETIC) {
    out[offset] = column[0] as number;
    out[offset + 1] = (column[1] as number) - (column[0] as number);
    return offset + 2;
  }
  out.set(column, offset);
  return offset + column.length;
}

function readColumn(words: Float64Array, offset: number, n: number, mode: number): [Float64Array, number] {
  if (mode === ARITHMETIC) {
    const first = words[offset] as number;
    const delta = words[offset + 1] as number;
    const column = new Float64Array(n);
    for (let i = 0; i < n; i++) column[i] = first + i * delta;
    return [column, offset + 2];
  }
  return [words.subarray(offset, offset + n), offset + n];
}

/** Unpacks a blob written by encodeChunk. */
export function decodeChunk(data: Uint8Array, count: number): PointColumns {
  // Copy once into an aligned buffer: drivers may hand back views at odd offsets.
  const words = new Float64Array(data.byteLength / 8);
  new Uint8Array(words.buffer).set(data);
  const header = new Uint8Array(words.buffer, 0, HEADER_BYTES);
  if (header[0] !== 1) throw new Error(`unknown metric chunk format ${header[0]}`);
  const [steps, afterSteps] = readColumn(words, 1, count, header[1] as number);
  const values = words.subarray(afterSteps, afterSteps + count);
  const [timestamps] = readColumn(words, afterSteps + count, count, header[2] as number);
  return { steps, values, timestamps };
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

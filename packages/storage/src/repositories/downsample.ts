import type { PointColumns } from './metric-chunk-codec.js';

/** A downsampled series: one entry per non-empty bucket of equal step width. */
export interface DownsampledSeries {
  /** How many points the range held before downsampling. */
  total: number;
  /** The step of the last point in each bucket. */
  steps: number[];
  min: number[];
  max: number[];
  last: number[];
  count: number[];
}

/**
 * Buckets points by step into at most `samples` equal-width buckets and keeps min, max and last
 * per bucket. NaN is ignored by min/max unless a bucket holds nothing else; last keeps it.
 */
export function downsample(points: PointColumns, samples: number): DownsampledSeries {
  const n = points.steps.length;
  const out: DownsampledSeries = { total: n, steps: [], min: [], max: [], last: [], count: [] };
  if (n === 0) return out;
  const first = points.steps[0] as number;
  const span = (points.steps[n - 1] as number) - first + 1;
  const width = n <= samples ? 1 : span / samples;
  let bucket = -1;
  for (let i = 0; i < n; i++) {
    const step = points.steps[i] as number;
    const value = points.values[i] as number;
    const b = n <= samples ? i : Math.min(samples - 1, Math.floor((step - first) / width));
    if (b !== bucket) {
      bucket = b;
      out.steps.push(step);
      out.min.push(value);
      out.max.push(value);
      out.last.push(value);
      out.count.push(1);
      continue;
    }
    const k = out.steps.length - 1;
    out.steps[k] = step;
    out.last[k] = value;
    out.count[k] = (out.count[k] as number) + 1;
    const lo = out.min[k] as number;
    const hi = out.max[k] as number;
    if (value < lo || Number.isNaN(lo)) out.min[k] = value;
    if (value > hi || Number.isNaN(hi)) out.max[k] = value;
  }
  return out;
}

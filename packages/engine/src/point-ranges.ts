/** The lowest and highest step and value of a batch's points of one key. */
export interface PointRanges {
  minStep: number;
  maxStep: number;
  /** NaN never moves a value bound, as NaN satisfies no comparison. */
  minValue: number;
  maxValue: number;
}

const cache = new WeakMap<object, PointRanges>();

/**
 * The ranges of a points array, computed in one pass the first time any automation asks and shared
 * by every automation watching that key in the batch (the arrays are grouped once per batch and
 * never changed afterwards).
 */
export function pointRanges(points: readonly { value: number; step?: number }[]): PointRanges {
  let ranges = cache.get(points);
  if (ranges === undefined) {
    ranges = {
      minStep: Number.POSITIVE_INFINITY,
      maxStep: Number.NEGATIVE_INFINITY,
      minValue: Number.POSITIVE_INFINITY,
      maxValue: Number.NEGATIVE_INFINITY,
    };
    for (let i = 0; i < points.length; i++) {
      const { value, step } = points[i] as { value: number; step?: number };
      if (value < ranges.minValue) ranges.minValue = value;
      if (value > ranges.maxValue) ranges.maxValue = value;
      if (step !== undefined) {
        if (step < ranges.minStep) ranges.minStep = step;
        if (step > ranges.maxStep) ranges.maxStep = step;
      }
    }
    cache.set(points, ranges);
  }
  return ranges;
}

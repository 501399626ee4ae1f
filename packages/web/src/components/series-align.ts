/** A metric value on the wire (non-finite numbers as strings). */
type Wire = number | string;

/** One run's downsampled series, as returned by the history endpoint. */
export interface RunSeries {
  label: string;
  steps: readonly number[];
  values: readonly Wire[];
}

/**
 * Puts several runs' series on one shared, sorted step axis for uPlot, which wants one x array:
 * a run without a point at a step gets null there (drawn as a gap-spanning line). Non-finite
 * values become null too, since a line cannot be drawn through them.
 */
export function alignSeries(series: readonly RunSeries[]): [number[], ...(number | null)[][]] {
  let sharedGrid = series.length > 0;
  const first = series[0]?.steps;
  for (const s of series) {
    if (!first || s.steps.length !== first.length || s.steps.some((step, i) => step !== first[i])) {
      sharedGrid = false;
      break;
    }
  }
  const xs =
    sharedGrid && first ? [...first] : [...new Set(series.flatMap((s) => s.steps))].sort((a, b) => a - b);
  const index = new Map<number, number>();
  xs.forEach((x, i) => {
    index.set(x, i);
  });
  const ys = series.map((s) => {
    const column: (number | null)[] = new Array(xs.length).fill(null);
    s.steps.forEach((step, i) => {
      const at = index.get(step);
      const value = s.values[i];
      if (at !== undefined && typeof value === 'number') column[at] = value;
    });
    return column;
  });
  return [xs, ...ys];
}

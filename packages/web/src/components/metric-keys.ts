import type { Run } from '../api/api-types.js';

/** How many runs are plotted before the user picks: the first ones of the list (newest). */
export const DEFAULT_PLOTTED = 20;

/** The numeric metric keys in the runs' summaries (what gets a panel), sorted, internal `_keys` last. */
export function metricKeys(runs: readonly Run[]): string[] {
  const keys = new Set<string>();
  for (const run of runs) {
    for (const [key, value] of Object.entries(run.summary)) {
      if (typeof value === 'number' || value === 'NaN' || value === 'Infinity' || value === '-Infinity')
        keys.add(key);
    }
  }
  return [...keys].sort(
    (a, b) => Number(a.startsWith('_')) - Number(b.startsWith('_')) || a.localeCompare(b),
  );
}

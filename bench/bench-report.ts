import { appendFileSync } from 'node:fs';

/** One headline figure of a bench, as `npm run bench` tabulates it. */
export interface BenchResult {
  /** The bench's short name (`ingest`, `peer`, …). */
  bench: string;
  /** What is measured, e.g. `API ingest, SQLite`. */
  measure: string;
  figure: number;
  unit: string;
  /** The baseline measured in the same run, with its unit and what it is; null when there is none. */
  baseline: string | null;
  /** The bench's own ratio of figure to baseline (its direction is the bench's); null without one. */
  ratio: number | null;
  /** The goal in words, e.g. `≥ 500,000 points/s`; null when the bench sets none. */
  goal: string | null;
  /** Whether the goal was met; null when there is no goal. */
  met: boolean | null;
}

/** A line of the results file: a figure, or a part of a bench that did not run and why. */
export type BenchReportLine =
  | ({ kind: 'result' } & BenchResult)
  | { kind: 'skipped'; bench: string; measure: string; reason: string };

function append(line: BenchReportLine): void {
  const file = process.env.BENCH_RESULTS_FILE;
  if (file) appendFileSync(file, `${JSON.stringify(line)}\n`);
}

/**
 * Records one headline figure for `npm run bench`: a JSON line appended to the file named by
 * BENCH_RESULTS_FILE, and nothing at all when it is unset (a bench run alone prints its own table).
 */
export function reportBenchResult(result: BenchResult): void {
  append({ kind: 'result', ...result });
}

/** Records that `measure` of `bench` was skipped, and why (same file, same rule as above). */
export function reportBenchSkipped(bench: string, measure: string, reason: string): void {
  append({ kind: 'skipped', bench, measure, reason });
}

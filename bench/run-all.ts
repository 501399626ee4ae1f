// npm run bench — every bench in turn, then one table of their headline figures.
//
//   npm run bench                    # all of them
//   npm run bench -- deliver latency # only these, in this order
//
// Each bench runs as its own child process (`tsx bench/<name>-bench.ts`, as its bench:<name>
// script does) with its output shown as it comes, and reports its headline rows through
// bench-report.ts into a JSON-lines file named by BENCH_RESULTS_FILE. A bench that fails is
// reported as failed and the next one still runs; parts a bench skips (no Chromium, no Prometheus,
// no BELLWETHER_TEST_POSTGRES_URL) are listed as skipped with the reason. Exits 1 when any bench failed.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchReportLine } from './bench-report.js';

/** The benches by name, in the order a full run takes them, with their files. */
const BENCHES: ReadonlyMap<string, string> = new Map([
  ['ingest', 'ingest-bench.ts'],
  ['evaluate', 'evaluate-bench.ts'],
  ['ui', 'ui-bench.ts'],
  ['deliver', 'deliver-bench.ts'],
  ['latency', 'latency-bench.ts'],
  ['clients', 'client-bench.ts'],
  ['peer', 'peer-bench.ts'],
]);

interface Outcome {
  bench: string;
  seconds: number;
  /** Null when the bench exited 0; otherwise why it failed. */
  failure: string | null;
  lines: BenchReportLine[];
}

/** Runs one bench with inherited stdout; resolves with its exit status, stderr tail and report lines. */
async function runBench(bench: string, file: string, resultsFile: string): Promise<Outcome> {
  rmSync(resultsFile, { force: true });
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, file)], {
    env: { ...process.env, BENCH_RESULTS_FILE: resultsFile },
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  let stderrTail = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    process.stderr.write(chunk);
    stderrTail = (stderrTail + chunk.toString()).slice(-4000);
  });
  const failure = await new Promise<string | null>((resolve) => {
    child.on('error', (error) => resolve(error.message));
    child.on('exit', (code, signal) => {
      if (code === 0) return resolve(null);
      const lastLine = stderrTail
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith('at ') && !l.startsWith('Node.js v'))
        .at(-1);
      resolve(`${signal ? `killed by ${signal}` : `exit ${code}`}${lastLine ? `: ${lastLine}` : ''}`);
    });
  });
  const lines = existsSync(resultsFile)
    ? readFileSync(resultsFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as BenchReportLine)
    : [];
  return { bench, seconds: (performance.now() - started) / 1000, failure, lines };
}

/** A figure as the table shows it; `n/a` for one that is not a finite number (NaN reads back as null). */
function formatNumber(n: number | null | undefined): string {
  if (typeof n !== 'number' || !Number.isFinite(n)) return 'n/a';
  const digits = Math.abs(n) >= 100 ? 0 : Math.abs(n) >= 10 ? 1 : 2;
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function formatRatio(r: number | null | undefined): string {
  if (r === null || r === undefined) return '—';
  if (!Number.isFinite(r)) return 'n/a';
  return r >= 10 ? `${r.toFixed(0)}×` : r.toFixed(2);
}

/** A table cell: pipes escaped so a reason or message cannot break the row. */
const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

function tableRows(outcome: Outcome): string[][] {
  const rows = outcome.lines.map((line) =>
    line.kind === 'skipped'
      ? [line.bench, line.measure, '—', '—', '—', '—', `skipped: ${line.reason}`]
      : [
          line.bench,
          line.measure,
          Number.isFinite(line.figure) ? `${formatNumber(line.figure)} ${line.unit}` : 'n/a',
          line.baseline ?? '—',
          formatRatio(line.ratio),
          line.goal ?? '—',
          line.met === null ? '—' : line.met ? 'met' : '**not met**',
        ],
  );
  if (outcome.failure !== null) {
    rows.push([outcome.bench, '—', '—', '—', '—', '—', `**failed** (${outcome.failure})`]);
  } else if (rows.length === 0) {
    rows.push([outcome.bench, '—', '—', '—', '—', '—', 'no figures reported']);
  }
  return rows.map((r) => r.map(cell));
}

async function main(): Promise<number> {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((name) => !BENCHES.has(name));
  if (unknown.length > 0) {
    console.error(`unknown bench ${unknown.join(', ')}; the benches are ${[...BENCHES.keys()].join(', ')}`);
    return 2;
  }
  const selected = asked.length > 0 ? asked : [...BENCHES.keys()];
  const dir = mkdtempSync(join(tmpdir(), 'bw-bench-results-'));
  const started = performance.now();
  const outcomes: Outcome[] = [];
  try {
    for (const bench of selected) {
      console.log(`\n━━━ bench:${bench} ━━━`);
      const outcome = await runBench(bench, BENCHES.get(bench) as string, join(dir, `${bench}.jsonl`));
      console.log(
        `━━━ bench:${bench} ${outcome.failure === null ? 'done' : 'FAILED'} in ${outcome.seconds.toFixed(0)} s ━━━`,
      );
      outcomes.push(outcome);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const totalSeconds = (performance.now() - started) / 1000;
  console.log('\n## Bench summary\n');
  console.log('| bench | what is measured | figure | baseline (same run) | ratio | goal | result |');
  console.log('|---|---|---|---|---|---|---|');
  for (const outcome of outcomes) for (const row of tableRows(outcome)) console.log(`| ${row.join(' | ')} |`);
  const times = outcomes.map((o) => `${o.bench} ${o.seconds.toFixed(0)} s`).join(', ');
  console.log(`\ntotal ${(totalSeconds / 60).toFixed(1)} min (${times})`);
  return outcomes.some((o) => o.failure !== null) ? 1 : 0;
}

process.exitCode = await main();

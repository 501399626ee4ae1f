// Logs 1,000,000 metric points to a local server from the TypeScript SDK and from the Python
// client, and prints points/s for each (and checks the server stored every point once).
//
//   npx tsx bench/client-bench.ts                 # BENCH_POINTS=1000000 BENCH_KEYS_PER_ROW=1
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createClient, init, unwrap } from '@bellwether/sdk';
import { reportBenchResult } from './bench-report.js';
import { startBenchServer } from './bench-server.js';

const POINTS = Number(process.env.BENCH_POINTS ?? 1_000_000);
const KEYS_PER_ROW = Number(process.env.BENCH_KEYS_PER_ROW ?? 1);
const BATCH = 10_000;
const TEAM = 'bench';
const PROJECT = 'clients';

interface Outcome {
  client: string;
  points: number;
  seconds: number;
  points_per_s: number;
}

async function benchTypeScript(url: string, apiKey: string): Promise<Outcome> {
  const keys = Array.from({ length: KEYS_PER_ROW }, (_, k) => `m${k}`);
  const rows = Math.floor(POINTS / keys.length);
  const started = performance.now();
  const run = await init({
    team: TEAM,
    project: PROJECT,
    runId: 'ts-bench',
    baseUrl: url,
    apiKey,
    maxBatchRows: BATCH,
  });
  for (let i = 0; i < rows; i++) {
    const values: Record<string, number> = {};
    for (const k of keys) values[k] = i * 0.001;
    run.log(values);
    // Keeps memory bounded when logging outpaces the server.
    if (i % 50_000 === 0 && run.pending > 200_000) await run.flush();
  }
  const result = await run.finish();
  const seconds = (performance.now() - started) / 1000;
  const points = result.sentRows * keys.length;
  return { client: 'typescript', points, seconds, points_per_s: points / seconds };
}

async function benchPython(url: string, apiKey: string): Promise<Outcome> {
  const script = join(import.meta.dirname, '../clients/python/bench/log_bench.py');
  const { stdout } = await promisify(execFile)(
    'python3',
    [
      script,
      '--url',
      url,
      '--api-key',
      apiKey,
      '--team',
      TEAM,
      '--project',
      PROJECT,
      '--points',
      String(POINTS),
    ].concat(['--keys-per-row', String(KEYS_PER_ROW), '--batch-size', String(BATCH)]),
    { maxBuffer: 1024 * 1024 },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Outcome;
}

async function storedPoints(url: string, apiKey: string, runId: string): Promise<number> {
  const client = createClient({ baseUrl: url, apiKey });
  const body = unwrap(
    await client.GET('/api/v1/teams/{team}/projects/{project}/runs/{runId}/history', {
      params: { path: { team: TEAM, project: PROJECT, runId }, query: { samples: 10 } },
    }),
  );
  return Object.values(body.series).reduce((n, s) => n + s.total, 0);
}

const server = await startBenchServer({ BELLWETHER_FIRST_TEAM: TEAM });
try {
  const client = createClient({ baseUrl: server.url, apiKey: server.apiKey });
  unwrap(
    await client.POST('/api/v1/teams/{team}/projects', {
      params: { path: { team: TEAM } },
      body: { name: PROJECT },
    }),
  );
  console.log(
    `logging ${POINTS.toLocaleString('en')} points (${KEYS_PER_ROW} per row) from each client to ${server.url}`,
  );
  for (const [bench, runId] of [
    [benchTypeScript, 'ts-bench'],
    [benchPython, 'py-bench'],
  ] as const) {
    const outcome = await bench(server.url, server.apiKey);
    const stored = await storedPoints(server.url, server.apiKey, runId);
    console.log(
      `${outcome.client.padEnd(10)} ${Math.round(outcome.points_per_s).toLocaleString('en').padStart(10)} points/s` +
        `  (${outcome.seconds.toFixed(1)} s; server stored ${stored.toLocaleString('en')} points)`,
    );
    reportBenchResult({
      bench: 'clients',
      measure: `${POINTS.toLocaleString('en')} points logged from the ${outcome.client} client (${stored.toLocaleString('en')} stored)`,
      figure: outcome.points_per_s,
      unit: 'points/s',
      baseline: null,
      ratio: null,
      goal: null,
      met: null,
    });
  }
} finally {
  await server.stop();
}

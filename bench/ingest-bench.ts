// npm run bench:ingest — metric history through the HTTP API (10 runs, batches of 1,000 points
// over 10 keys) in points/s, beside a baseline measured in the same run: raw batched inserts of the
// same points into a table keyed (run, key, step). Then one plot read: 100,000 points of one key
// downsampled to 1,000 buckets. SQLite always; Postgres when BELLWETHER_TEST_POSTGRES_URL is set.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Pool } from 'undici';
import { reportBenchResult, reportBenchSkipped } from './bench-report.js';
import { startBenchServer } from './bench-server.js';

const RUNS = 10;
const KEYS = 10;
const ROWS_PER_BATCH = 100; // × 10 keys = 1,000 points per request
const BATCHES_PER_RUN = Number(process.env.BENCH_BATCHES ?? 200);
const CONCURRENCY = 8;
const TOTAL_POINTS = RUNS * BATCHES_PER_RUN * ROWS_PER_BATCH * KEYS;

function batchBody(batch: number): string {
  const rows = [];
  for (let r = 0; r < ROWS_PER_BATCH; r++) {
    const step = batch * ROWS_PER_BATCH + r;
    const values: Record<string, number> = {};
    for (let k = 0; k < KEYS; k++) values[`metric_${k}`] = Math.sin(step / 100 + k);
    rows.push({ step, timestamp: 1_700_000_000_000 + step, values });
  }
  return JSON.stringify({ rows });
}

async function api(pool: Pool, key: string, method: string, path: string, body?: string) {
  const res = await pool.request({
    method: method as 'GET',
    path,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    ...(body ? { body } : {}),
  });
  const text = await res.body.text();
  if (res.statusCode >= 300) throw new Error(`${method} ${path}: ${res.statusCode} ${text}`);
  return text;
}

async function ingestThroughApi(env: Record<string, string>) {
  const server = await startBenchServer(env);
  const pool = new Pool(server.url, { connections: CONCURRENCY, pipelining: 1 });
  try {
    const key = server.apiKey;
    await api(pool, key, 'POST', '/api/v1/teams/default/projects', '{"name":"bench"}');
    for (let r = 0; r < RUNS; r++)
      await api(pool, key, 'PUT', `/api/v1/teams/default/projects/bench/runs/run-${r}`, '{}');
    const bodies = Array.from({ length: BATCHES_PER_RUN }, (_, b) => batchBody(b));
    // Warm up the JIT and the database on a separate run.
    await api(pool, key, 'PUT', '/api/v1/teams/default/projects/bench/runs/warmup', '{}');
    for (let b = 0; b < 20; b++)
      await api(
        pool,
        key,
        'POST',
        '/api/v1/teams/default/projects/bench/runs/warmup/history',
        bodies[b % bodies.length],
      );
    const jobs: [number, number][] = [];
    for (let b = 0; b < BATCHES_PER_RUN; b++) for (let r = 0; r < RUNS; r++) jobs.push([r, b]);
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        // Each run's batches go in order: a run's steps increase, as a training loop logs them.
        while (next < jobs.length) {
          const [r, b] = jobs[next++] as [number, number];
          await api(
            pool,
            key,
            'POST',
            `/api/v1/teams/default/projects/bench/runs/run-${r}/history`,
            bodies[b],
          );
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    // The plot read: a run holding 100,000 points of one key, read downsampled to 1,000 buckets.
    await api(pool, key, 'PUT', '/api/v1/teams/default/projects/bench/runs/plot', '{}');
    for (let b = 0; b < 10; b++) {
      const rows = Array.from({ length: 10_000 }, (_, i) => ({
        step: b * 10_000 + i,
        values: { loss: Math.sin(i / 500) },
      }));
      await api(
        pool,
        key,
        'POST',
        '/api/v1/teams/default/projects/bench/runs/plot/history',
        JSON.stringify({ rows }),
      );
    }
    const readPath = '/api/v1/teams/default/projects/bench/runs/plot/history?keys=loss&samples=1000';
    const times: number[] = [];
    for (let i = 0; i < 15; i++) {
      const t0 = performance.now();
      await api(pool, key, 'GET', readPath);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    return { pointsPerSecond: TOTAL_POINTS / seconds, readMs: times[Math.floor(times.length / 2)] as number };
  } finally {
    await pool.close();
    await server.stop();
  }
}

function sqliteBaseline(): number {
  const db = new SQLite(join(mkdtempSync(join(tmpdir(), 'bw-base-')), 'base.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(
    'CREATE TABLE points (run TEXT, key TEXT, step INTEGER, ts INTEGER, value REAL, PRIMARY KEY (run, key, step))',
  );
  const insert = db.prepare('INSERT INTO points VALUES (?, ?, ?, ?, ?)');
  const batch = db.transaction((run: string, b: number) => {
    for (let r = 0; r < ROWS_PER_BATCH; r++) {
      const step = b * ROWS_PER_BATCH + r;
      for (let k = 0; k < KEYS; k++)
        insert.run(run, `metric_${k}`, step, 1_700_000_000_000 + step, Math.sin(step / 100 + k));
    }
  });
  const started = performance.now();
  for (let b = 0; b < BATCHES_PER_RUN; b++) for (let r = 0; r < RUNS; r++) batch(`run-${r}`, b);
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return TOTAL_POINTS / seconds;
}

async function postgresBaseline(url: string, schema: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`SET search_path TO ${schema}`);
  await client.query(
    'CREATE TABLE points (run TEXT, key TEXT, step BIGINT, ts BIGINT, value DOUBLE PRECISION, PRIMARY KEY (run, key, step))',
  );
  const started = performance.now();
  for (let b = 0; b < BATCHES_PER_RUN; b++) {
    for (let r = 0; r < RUNS; r++) {
      const params: unknown[] = [];
      const tuples: string[] = [];
      for (let i = 0; i < ROWS_PER_BATCH; i++) {
        const step = b * ROWS_PER_BATCH + i;
        for (let k = 0; k < KEYS; k++) {
          const n = params.length;
          tuples.push(`($${n + 1},$${n + 2},$${n + 3},$${n + 4},$${n + 5})`);
          params.push(`run-${r}`, `metric_${k}`, step, 1_700_000_000_000 + step, Math.sin(step / 100 + k));
        }
      }
      await client.query(`INSERT INTO points VALUES ${tuples.join(',')}`, params);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  await client.end();
  return TOTAL_POINTS / seconds;
}

async function withSchema<T>(url: string, fn: (schema: string) => Promise<T>): Promise<T> {
  const schema = `bw_bench_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  try {
    return await fn(schema);
  } finally {
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  }
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** The headline rows for `npm run bench`: API ingest against the raw-insert baseline, plot read. */
function reportIngest(
  database: string,
  api: { pointsPerSecond: number; readMs: number },
  baseline: number,
  throughputGoal: boolean,
): void {
  reportBenchResult({
    bench: 'ingest',
    measure: `history points through the API, ${database}`,
    figure: api.pointsPerSecond,
    unit: 'points/s',
    baseline: `${fmt(baseline)} points/s raw keyed inserts`,
    ratio: api.pointsPerSecond / baseline,
    goal: throughputGoal ? '≥ 500,000 points/s' : null,
    met: throughputGoal ? api.pointsPerSecond >= 500_000 : null,
  });
  reportBenchResult({
    bench: 'ingest',
    measure: `plot read 100k → 1k points (median), ${database}`,
    figure: api.readMs,
    unit: 'ms',
    baseline: null,
    ratio: null,
    goal: '≤ 20 ms',
    met: api.readMs <= 20,
  });
}

async function main() {
  console.log(
    `ingest: ${RUNS} runs × ${BATCHES_PER_RUN} batches × 1,000 points = ${fmt(TOTAL_POINTS)} points, ${CONCURRENCY} connections`,
  );
  const rows: string[][] = [];
  const baseSqlite = sqliteBaseline();
  const apiSqlite = await ingestThroughApi({});
  rows.push([
    'sqlite',
    fmt(apiSqlite.pointsPerSecond),
    fmt(baseSqlite),
    (apiSqlite.pointsPerSecond / baseSqlite).toFixed(2),
    apiSqlite.readMs.toFixed(1),
  ]);
  reportIngest('sqlite', apiSqlite, baseSqlite, true);
  const pgUrl = process.env.BELLWETHER_TEST_POSTGRES_URL;
  if (pgUrl) {
    const basePg = await withSchema(pgUrl, (schema) => postgresBaseline(pgUrl, schema));
    const apiPg = await withSchema(pgUrl, (schema) =>
      ingestThroughApi({
        DATABASE_URL: `${pgUrl}${pgUrl.includes('?') ? '&' : '?'}options=-c%20search_path%3D${schema}`,
      }),
    );
    rows.push([
      'postgres',
      fmt(apiPg.pointsPerSecond),
      fmt(basePg),
      (apiPg.pointsPerSecond / basePg).toFixed(2),
      apiPg.readMs.toFixed(1),
    ]);
    reportIngest('postgres', apiPg, basePg, false);
  } else {
    console.log('postgres: skipped (set BELLWETHER_TEST_POSTGRES_URL)');
    reportBenchSkipped('ingest', 'API ingest and plot read, Postgres', 'set BELLWETHER_TEST_POSTGRES_URL');
  }
  console.log(
    '\n| database | API points/s | baseline points/s (row per point, keyed) | ratio API/baseline | plot read 100k→1k (ms, median) |',
  );
  console.log('|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  console.log('\ngoals: ≥ 500,000 points/s through the API on SQLite; plot read ≤ 20 ms');
}

await main();

// npm run bench:deliver — delivery throughput: 20,000 signed webhook deliveries from the real
// server process to a local node:http receiver (in this process, answering 200 at once), in
// deliveries/s, beside bare undici POSTs of the very same requests (bodies and headers as
// received) to the same receiver over an undici Pool of 64 connections, measured in the same run.
// SQLite always; Postgres when BELLWETHER_TEST_POSTGRES_URL is set.
//
// How the queue is filled, honestly: four threshold automations (loss > 2, cooldown 0, signed
// webhook) watch a project; 10 runs each log 1,000 history rows alternating loss 1 / 3 through the
// API, so each run's batch crosses the threshold 500 times and fires 4 × 500 automations: 20,000
// executions with one pending delivery each, written by the trigger hook exactly as in production.
// The filling server runs with BELLWETHER_ROLE=api (no worker), so the queue holds all 20,000 when a
// second server on the same database starts with BELLWETHER_ROLE=worker. The delivery rate is
// measured on the receiver's clock from the first arrival to the 20,000th, which leaves out the
// process start (tsx, migrations) but includes every claim, send and settle transaction.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'undici';
import { createBenchApi } from './bench-api.js';
import { BENCH_SECRET_KEY, schemaDatabaseUrl, withBenchSchema } from './bench-postgres.js';
import { type BenchReceiver, startBenchReceiver } from './bench-receiver.js';
import { reportBenchResult, reportBenchSkipped } from './bench-report.js';
import { postgresCpuSeconds, startBenchServer } from './bench-server.js';
import { alternatingRows, BENCH_PROJECT_PATH, createWebhookAutomations } from './bench-webhook-setup.js';

const AUTOMATIONS = 4;
const RUNS = 10;
const DELIVERIES = Number(process.env.BENCH_DELIVERIES ?? 20_000);
const CROSSINGS_PER_RUN = Math.ceil(DELIVERIES / (AUTOMATIONS * RUNS));
const TOTAL = CROSSINGS_PER_RUN * AUTOMATIONS * RUNS;
const BASELINE_CONNECTIONS = 64;
const DRAIN_TIMEOUT_MS = 120_000;

interface DeliverResult {
  fillSeconds: number;
  deliveriesPerSecond: number;
  distinctIds: number;
  received: number;
  workerCpuMicrosPerDelivery: number;
  mainThreadCpuMicrosPerDelivery: number;
  /** Every postgres process's CPU over the drain, per delivery; null on SQLite. */
  postgresCpuMicrosPerDelivery: number | null;
}

/** Fills the queue through an `api` server, then drains it with a `worker` server. */
async function deliverThroughServer(
  receiver: BenchReceiver,
  env: Record<string, string>,
): Promise<DeliverResult> {
  const common = { ...env, BELLWETHER_OUTBOUND_ALLOW: '127.0.0.1' };
  const filler = await startBenchServer({ ...common, BELLWETHER_ROLE: 'api' });
  const fillStarted = performance.now();
  try {
    const api = createBenchApi(filler.url, filler.apiKey);
    await createWebhookAutomations(api, receiver.url, AUTOMATIONS);
    await Promise.all(
      Array.from({ length: RUNS }, async (_, r) => {
        await api.call('PUT', `${BENCH_PROJECT_PATH}/runs/run-${r}`, {});
        await api.call('POST', `${BENCH_PROJECT_PATH}/runs/run-${r}/history`, {
          rows: alternatingRows(0, CROSSINGS_PER_RUN),
        });
      }),
    );
    await api.close();
  } finally {
    await filler.stop();
  }
  const fillSeconds = (performance.now() - fillStarted) / 1000;
  if (receiver.count !== 0) throw new Error('an api-role server must not deliver');
  const drainer = await startBenchServer({ ...common, BELLWETHER_ROLE: 'worker' });
  let cpuSeconds: number;
  let mainThreadSeconds: number;
  let postgresSeconds: number;
  try {
    // The worker's own CPU time over the drain (its start-up left out): what a delivery costs it,
    // whatever else the machine is doing.
    await receiver.waitForCount(1, DRAIN_TIMEOUT_MS);
    const cpuAtFirst = drainer.cpuSeconds();
    const mainAtFirst = drainer.mainThreadCpuSeconds();
    const postgresAtFirst = postgresCpuSeconds();
    await receiver.waitForCount(TOTAL, DRAIN_TIMEOUT_MS);
    cpuSeconds = drainer.cpuSeconds() - cpuAtFirst;
    mainThreadSeconds = drainer.mainThreadCpuSeconds() - mainAtFirst;
    postgresSeconds = postgresCpuSeconds() - postgresAtFirst;
    // A moment more, so that a delivery sent twice would show up as a duplicate.
    await new Promise((r) => setTimeout(r, 500));
  } finally {
    await drainer.stop();
  }
  const seconds = ((receiver.lastAt ?? 0) - (receiver.firstAt ?? 0)) / 1000;
  return {
    fillSeconds,
    deliveriesPerSecond: TOTAL / seconds,
    distinctIds: receiver.ids.size,
    received: receiver.count,
    workerCpuMicrosPerDelivery: (cpuSeconds * 1e6) / TOTAL,
    mainThreadCpuMicrosPerDelivery: (mainThreadSeconds * 1e6) / TOTAL,
    postgresCpuMicrosPerDelivery: env.DATABASE_URL ? (postgresSeconds * 1e6) / TOTAL : null,
  };
}

/** Replays the received requests (same bodies and headers) with bare undici on 64 connections. */
async function bareUndici(receiver: BenchReceiver): Promise<number> {
  const requests = receiver.kept.map((w) => ({ body: w.body, headers: w.headers }));
  receiver.reset();
  const target = new URL(receiver.url);
  const pool = new Pool(target.origin, { connections: BASELINE_CONNECTIONS, pipelining: 1 });
  try {
    let next = 0;
    await Promise.all(
      Array.from({ length: BASELINE_CONNECTIONS }, async () => {
        while (next < requests.length) {
          const { body, headers } = requests[next++] as (typeof requests)[number];
          const res = await pool.request({
            method: 'POST',
            path: target.pathname,
            headers: {
              'content-type': 'application/json',
              'user-agent': headers['user-agent'] ?? '',
              'webhook-id': headers['webhook-id'] ?? '',
              'webhook-timestamp': headers['webhook-timestamp'] ?? '',
              'webhook-signature': headers['webhook-signature'] ?? '',
            },
            body,
          });
          await res.body.dump();
          if (res.statusCode !== 200) throw new Error(`receiver answered ${res.statusCode}`);
        }
      }),
    );
  } finally {
    await pool.close();
  }
  const seconds = ((receiver.lastAt ?? 0) - (receiver.firstAt ?? 0)) / 1000;
  return requests.length / seconds;
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

async function measure(name: string, env: Record<string, string>): Promise<string[]> {
  const receiver = await startBenchReceiver({ keep: true });
  try {
    const d = await deliverThroughServer(receiver, env);
    if (d.distinctIds !== TOTAL || d.received !== TOTAL) {
      throw new Error(
        `${name}: received ${d.received} requests with ${d.distinctIds} distinct ids, not ${TOTAL}`,
      );
    }
    const baseline = await bareUndici(receiver);
    reportBenchResult({
      bench: 'deliver',
      measure: `signed webhook deliveries, ${name}`,
      figure: d.deliveriesPerSecond,
      unit: 'deliveries/s',
      baseline: `${fmt(baseline)} bare undici POSTs/s`,
      ratio: d.deliveriesPerSecond / baseline,
      goal: 'ratio ≥ 0.5',
      met: d.deliveriesPerSecond / baseline >= 0.5,
    });
    reportBenchResult({
      bench: 'deliver',
      measure: `worker CPU per delivery, ${name}`,
      figure: d.workerCpuMicrosPerDelivery,
      unit: 'µs',
      baseline: null,
      ratio: null,
      goal: null,
      met: null,
    });
    return [
      name,
      fmt(d.deliveriesPerSecond),
      fmt(baseline),
      (d.deliveriesPerSecond / baseline).toFixed(2),
      `${fmt(d.distinctIds)} / ${fmt(TOTAL)}`,
      `${fmt(d.workerCpuMicrosPerDelivery)} (${fmt(d.mainThreadCpuMicrosPerDelivery)})`,
      d.postgresCpuMicrosPerDelivery === null ? '—' : fmt(d.postgresCpuMicrosPerDelivery),
      d.fillSeconds.toFixed(1),
    ];
  } finally {
    await receiver.close();
  }
}

async function main() {
  console.log(
    `deliver: ${fmt(TOTAL)} signed webhook deliveries (${RUNS} runs × ${CROSSINGS_PER_RUN} crossings × ${AUTOMATIONS} automations) to a local receiver`,
  );
  const rows: string[][] = [];
  rows.push(await measure('sqlite', { BELLWETHER_DATA_DIR: mkdtempSync(join(tmpdir(), 'bw-deliver-')) }));
  const pgUrl = process.env.BELLWETHER_TEST_POSTGRES_URL;
  if (pgUrl) {
    rows.push(
      await withBenchSchema(pgUrl, (schema) =>
        measure('postgres', {
          DATABASE_URL: schemaDatabaseUrl(pgUrl, schema),
          BELLWETHER_SECRET_KEY: BENCH_SECRET_KEY,
        }),
      ),
    );
  } else {
    console.log('postgres: skipped (set BELLWETHER_TEST_POSTGRES_URL)');
    reportBenchSkipped('deliver', 'signed webhook deliveries, postgres', 'set BELLWETHER_TEST_POSTGRES_URL');
  }
  console.log(
    `\n| database | deliveries/s (worker → receiver) | bare undici POSTs/s (Pool, ${BASELINE_CONNECTIONS} conns) | ratio | distinct webhook-ids | worker CPU µs / delivery (main thread) | Postgres CPU µs / delivery | queue fill through API (s) |`,
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  console.log('\ngoal: ratio ≥ 0.5 on SQLite and Postgres');
}

await main();

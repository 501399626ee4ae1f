// npm run bench:latency — how soon a firing reaches its receiver: over 1,000 firings, the time
// from the metric-log HTTP call returning to the signed webhook arriving at a local node:http
// receiver in this process (both instants taken with performance.now() here), as p50/p90/p99.
// One server with BELLWETHER_ROLE=all (API and worker in one process, as the embedded deployment
// runs). Each call logs two history rows, loss 1 then loss 3, so a threshold automation (loss > 2,
// cooldown 0) re-arms and fires exactly once per call; the next call waits for the arrival. The
// worker's fallback poll is one second, so a p99 far below that shows the commit woke it.
// SQLite always; Postgres when BELLWETHER_TEST_POSTGRES_URL is set.
import { createBenchApi } from './bench-api.js';
import { BENCH_SECRET_KEY, schemaDatabaseUrl, withBenchSchema } from './bench-postgres.js';
import { type ReceivedWebhook, startBenchReceiver } from './bench-receiver.js';
import { reportBenchResult, reportBenchSkipped } from './bench-report.js';
import { startBenchServer } from './bench-server.js';
import { alternatingRows, BENCH_PROJECT_PATH, createWebhookAutomations } from './bench-webhook-setup.js';

const FIRINGS = Number(process.env.BENCH_FIRINGS ?? 1000);
const WARMUP = 50;
const ARRIVAL_TIMEOUT_MS = 5000;

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

async function measure(name: string, env: Record<string, string>): Promise<string[]> {
  const receiver = await startBenchReceiver();
  const server = await startBenchServer({
    ...env,
    BELLWETHER_OUTBOUND_ALLOW: '127.0.0.1',
    BELLWETHER_ROLE: 'all',
  });
  const api = createBenchApi(server.url, server.apiKey, 1);
  try {
    await createWebhookAutomations(api, receiver.url, 1);
    await api.call('PUT', `${BENCH_PROJECT_PATH}/runs/latency`, {});
    const afterReturn: number[] = [];
    const afterSend: number[] = [];
    let early = 0;
    for (let i = 0; i < WARMUP + FIRINGS; i++) {
      const arrival = new Promise<ReceivedWebhook>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${name}: firing ${i} did not arrive`)),
          ARRIVAL_TIMEOUT_MS,
        );
        receiver.onArrival = (webhook) => {
          clearTimeout(timer);
          resolve(webhook);
        };
      });
      const sent = performance.now();
      await api.call('POST', `${BENCH_PROJECT_PATH}/runs/latency/history`, {
        rows: alternatingRows(2 * i, 1),
      });
      const returned = performance.now();
      const webhook = await arrival;
      if (i < WARMUP) continue;
      // The worker is woken before the HTTP answer is written, so a webhook can beat the answer
      // back: counted as 0 ms after the return (and tallied).
      if (webhook.arrivedAt < returned) early++;
      afterReturn.push(Math.max(0, webhook.arrivedAt - returned));
      afterSend.push(webhook.arrivedAt - sent);
    }
    receiver.onArrival = null;
    if (receiver.ids.size !== WARMUP + FIRINGS || receiver.count !== WARMUP + FIRINGS) {
      throw new Error(`${name}: ${receiver.count} requests, ${receiver.ids.size} distinct ids`);
    }
    afterReturn.sort((a, b) => a - b);
    afterSend.sort((a, b) => a - b);
    // The goals hold on SQLite; Postgres is reported beside them.
    const goals = name === 'sqlite';
    for (const [label, q, goalMs] of [
      ['p50', 0.5, 5],
      ['p99', 0.99, 25],
    ] as const) {
      const figure = quantile(afterReturn, q);
      reportBenchResult({
        bench: 'latency',
        measure: `metric-log return → webhook arrival ${label}, ${name}`,
        figure,
        unit: 'ms',
        baseline: null,
        ratio: null,
        goal: goals ? `≤ ${goalMs} ms` : null,
        met: goals ? figure <= goalMs : null,
      });
    }
    return [
      name,
      quantile(afterReturn, 0.5).toFixed(2),
      quantile(afterReturn, 0.9).toFixed(2),
      quantile(afterReturn, 0.99).toFixed(2),
      (afterReturn.at(-1) as number).toFixed(2),
      quantile(afterSend, 0.5).toFixed(2),
      `${early} / ${FIRINGS}`,
    ];
  } finally {
    await api.close();
    await server.stop();
    await receiver.close();
  }
}

async function main() {
  console.log(
    `latency: ${FIRINGS} firings (after ${WARMUP} warm-up), one at a time, signed webhook to a local receiver`,
  );
  const rows: string[][] = [await measure('sqlite', {})];
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
    reportBenchSkipped('latency', 'firing latency, postgres', 'set BELLWETHER_TEST_POSTGRES_URL');
  }
  console.log(
    '\n| database | p50 (ms) | p90 (ms) | p99 (ms) | max (ms) | p50 from call start (ms) | arrived before the call returned |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  console.log(
    '\nlatency = webhook arrival − metric-log call return; goal on SQLite: p50 ≤ 5 ms, p99 ≤ 25 ms',
  );
}

await main();

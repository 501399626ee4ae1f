// npm run bench:peer — alert latency against the peer most teams already run: Prometheus with
// Alertmanager (Debian's packages) at their tightest settings (scrape and rule evaluation every
// 1 s, `loss > 2` with no `for`, group_wait 0), beside Bellwether (one threshold automation, loss
// > 2, cooldown 0) on the same machine with the same local webhook receiver. For each of 50
// crossings the clock starts when the metric crosses (Prometheus: the bench's exporter starts
// answering loss 3; Bellwether: the history POST with loss 3 is sent, so the POST's own round trip
// counts, unlike bench:latency's headline, which starts when the POST returns) and stops when the
// webhook arrives. Between crossings the metric goes back to 1 (Bellwether: re-armed at once;
// Alertmanager: until the resolved notification arrives, so the next firing is a new notification).
// Both sides are treated alike: after each process start, WARMUP crossings timed the same way and
// discarded, and before every crossing the same random pause of 0–1 s (a random phase against
// Prometheus's 1 s ticks; for Bellwether, an idle server, as a crossing after a quiet spell finds
// it). Prometheus is restarted PROMETHEUS_STARTS times to sample the phase between its two ticks.
// Prints p50/p99 side by side with the ratio (with 50 crossings, p99 is the slowest one). Exits 0
// with install instructions when the Prometheus binaries are missing.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBenchApi } from './bench-api.js';
import { type BenchReceiver, type ReceivedWebhook, startBenchReceiver } from './bench-receiver.js';
import { reportBenchResult, reportBenchSkipped } from './bench-report.js';
import { startBenchServer } from './bench-server.js';
import { BENCH_PROJECT_PATH, createWebhookAutomations } from './bench-webhook-setup.js';

const CROSSINGS = Number(process.env.BENCH_CROSSINGS ?? 50);
/** Crossings discarded after each process start, on both sides. */
const WARMUP = 2;
/**
 * Prometheus is started this many times, CROSSINGS / STARTS crossings each: the offset between its
 * scrape tick and its rule-evaluation tick is fixed per start (both are hashed from the target and
 * the rule file, whose port and path change each start) and moves the median by up to a second,
 * so one start alone gives a lucky or unlucky peer figure rather than a typical one.
 */
const PROMETHEUS_STARTS = 5;
const WAIT_MS = 30_000;

function which(binary: string): string | null {
  try {
    return execFileSync('which', [binary], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitReady(url: string, child: ChildProcess, name: string): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${name} not ready within ${WAIT_MS} ms`);
}

/** The next arrival that `accept` takes, or a rejection after WAIT_MS. */
function nextArrival(
  receiver: BenchReceiver,
  accept: (w: ReceivedWebhook) => boolean,
): Promise<ReceivedWebhook> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      receiver.onArrival = null;
      reject(new Error(`no webhook within ${WAIT_MS} ms`));
    }, WAIT_MS);
    receiver.onArrival = (webhook) => {
      if (!accept(webhook)) return;
      clearTimeout(timer);
      receiver.onArrival = null;
      resolve(webhook);
    };
  });
}

const alertStatus = (w: ReceivedWebhook) => (JSON.parse(w.body) as { status?: string }).status;

/** The pause before each crossing, the same on both sides: a random phase against a 1 s tick. */
const pauseBeforeCrossing = () => new Promise((r) => setTimeout(r, Math.random() * 1000));

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

const median = (values: readonly number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );

/** Prometheus + Alertmanager started once as child processes on temp dirs; ms per crossing. */
async function prometheusStartLatencies(
  receiver: BenchReceiver,
  start: number,
  crossings: number,
): Promise<number[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bw-peer-'));
  let loss = 1;
  const exporter = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(`# TYPE loss gauge\nloss ${loss}\n`);
  });
  await new Promise<void>((resolve) => exporter.listen(0, '127.0.0.1', resolve));
  const exporterPort = (exporter.address() as AddressInfo).port;
  const [promPort, amPort] = [await freePort(), await freePort()];
  writeFileSync(
    join(dir, 'alertmanager.yml'),
    [
      'global:',
      '  resolve_timeout: 1s',
      'route:',
      '  receiver: hook',
      '  group_by: [alertname]',
      '  group_wait: 0s',
      '  group_interval: 1s',
      '  repeat_interval: 1h',
      'receivers:',
      '  - name: hook',
      '    webhook_configs:',
      `      - url: ${receiver.url}`,
      '        send_resolved: true',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'rules.yml'),
    [
      'groups:',
      '  - name: bench',
      '    interval: 1s',
      '    rules:',
      '      - alert: LossHigh',
      '        expr: loss > 2',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'prometheus.yml'),
    [
      'global:',
      '  scrape_interval: 1s',
      '  evaluation_interval: 1s',
      'rule_files: [rules.yml]',
      'alerting:',
      '  alertmanagers:',
      `    - static_configs: [{ targets: ['127.0.0.1:${amPort}'] }]`,
      'scrape_configs:',
      '  - job_name: exporter',
      `    static_configs: [{ targets: ['127.0.0.1:${exporterPort}'] }]`,
      '',
    ].join('\n'),
  );
  const am = spawn(
    'prometheus-alertmanager',
    [
      `--config.file=${join(dir, 'alertmanager.yml')}`,
      `--storage.path=${join(dir, 'am')}`,
      `--web.listen-address=127.0.0.1:${amPort}`,
      '--cluster.listen-address=',
    ],
    { stdio: 'ignore' },
  );
  const prom = spawn(
    'prometheus',
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'tsdb')}`,
      `--web.listen-address=127.0.0.1:${promPort}`,
    ],
    { stdio: 'ignore' },
  );
  try {
    await waitReady(`http://127.0.0.1:${amPort}/-/ready`, am, 'alertmanager');
    await waitReady(`http://127.0.0.1:${promPort}/-/ready`, prom, 'prometheus');
    // Let a few scrapes of `loss 1` land so the rule has a series to evaluate.
    await new Promise((r) => setTimeout(r, 3000));
    const latencies: number[] = [];
    for (let i = 0; i < WARMUP + crossings; i++) {
      await pauseBeforeCrossing();
      const firing = nextArrival(receiver, (w) => alertStatus(w) === 'firing');
      const crossedAt = performance.now();
      loss = 3;
      const latency = (await firing).arrivedAt - crossedAt;
      if (i >= WARMUP) latencies.push(latency);
      const resolved = nextArrival(receiver, (w) => alertStatus(w) === 'resolved');
      loss = 1;
      await resolved;
      process.stdout.write(
        `  prometheus start ${start + 1}/${PROMETHEUS_STARTS}, crossing ${i + 1}/${WARMUP + crossings}: ${latency.toFixed(0)} ms   \r`,
      );
    }
    return latencies;
  } finally {
    prom.kill('SIGKILL');
    am.kill('SIGKILL');
    await new Promise((resolve) => exporter.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  }
}

/** CROSSINGS crossings over PROMETHEUS_STARTS starts of Prometheus + Alertmanager; ms per crossing. */
async function prometheusLatencies(receiver: BenchReceiver): Promise<number[]> {
  const latencies: number[] = [];
  for (let start = 0; start < PROMETHEUS_STARTS; start++) {
    const crossings =
      Math.floor(CROSSINGS / PROMETHEUS_STARTS) + (start < CROSSINGS % PROMETHEUS_STARTS ? 1 : 0);
    const own = await prometheusStartLatencies(receiver, start, crossings);
    process.stdout.write(
      `\n  prometheus start ${start + 1}: median ${median(own).toFixed(0)} ms over ${own.length} crossings\n`,
    );
    latencies.push(...own);
  }
  return latencies;
}

/** Per crossing: crossing → webhook arrival, and its two parts (POST round trip, then the rest). */
interface BellwetherTimes {
  latencies: number[];
  postRoundTrips: number[];
  afterReturn: number[];
}

/** Bellwether on SQLite: one automation on loss > 2; latencies in ms per crossing. */
async function bellwetherLatencies(receiver: BenchReceiver): Promise<BellwetherTimes> {
  const server = await startBenchServer({ BELLWETHER_OUTBOUND_ALLOW: '127.0.0.1' });
  const api = createBenchApi(server.url, server.apiKey);
  try {
    await createWebhookAutomations(api, receiver.url, 1);
    const run = `${BENCH_PROJECT_PATH}/runs/peer`;
    await api.call('PUT', run, {});
    let step = 0;
    const log = (loss: number) =>
      api.call('POST', `${run}/history`, { rows: [{ step: step++, values: { loss } }] });
    await log(1);
    const times: BellwetherTimes = { latencies: [], postRoundTrips: [], afterReturn: [] };
    for (let i = 0; i < WARMUP + CROSSINGS; i++) {
      await pauseBeforeCrossing();
      const arrival = nextArrival(receiver, () => true);
      const crossedAt = performance.now();
      await log(3);
      const returnedAt = performance.now();
      const { arrivedAt } = await arrival;
      if (i >= WARMUP) {
        times.latencies.push(arrivedAt - crossedAt);
        times.postRoundTrips.push(returnedAt - crossedAt);
        times.afterReturn.push(Math.max(0, arrivedAt - returnedAt));
      }
      await log(1);
    }
    return times;
  } finally {
    await api.close();
    await server.stop();
  }
}

if (!which('prometheus') || !which('prometheus-alertmanager')) {
  console.log('bench:peer skipped: Prometheus and Alertmanager are not installed. Install them with');
  console.log('  sudo apt-get install -y prometheus prometheus-alertmanager');
  console.log(
    '(the bench starts its own instances on free 127.0.0.1 ports; the system services are not used)',
  );
  reportBenchSkipped(
    'peer',
    'crossing → webhook against Prometheus + Alertmanager',
    'Prometheus is not installed',
  );
  process.exit(0);
}
const receiver = await startBenchReceiver({ keep: true });
try {
  console.log(
    `bench:peer — ${CROSSINGS} threshold crossings each (${WARMUP} more discarded after each process start; Prometheus started ${PROMETHEUS_STARTS} times), time from crossing to webhook arrival`,
  );
  const times = await bellwetherLatencies(receiver);
  const bw = [...times.latencies].sort((a, b) => a - b);
  receiver.reset();
  const pm = (await prometheusLatencies(receiver)).sort((a, b) => a - b);
  const row = (label: string, p: number) => {
    const b = percentile(bw, p);
    const q = percentile(pm, p);
    reportBenchResult({
      bench: 'peer',
      measure: `metric crossing → webhook ${label} (${CROSSINGS} crossings), Bellwether on SQLite`,
      figure: b,
      unit: 'ms',
      baseline: `${q.toFixed(0)} ms Prometheus + Alertmanager`,
      ratio: q / b,
      goal: '≥ 100× faster',
      met: q / b >= 100,
    });
    return `| ${label} | ${b.toFixed(1)} ms | ${q.toFixed(0)} ms | ${(q / b).toFixed(0)}× |`;
  };
  console.log('\n| | Bellwether | Prometheus + Alertmanager | ratio |');
  console.log('|---|---|---|---|');
  console.log(row('p50', 50));
  console.log(row('p99', 99));
  console.log(
    `\nBellwether p50 = history POST round trip p50 ${median(times.postRoundTrips).toFixed(1)} ms + arrival after it returned p50 ${median(times.afterReturn).toFixed(1)} ms (the latter is what bench:latency's headline measures)`,
  );
  console.log('goal: Bellwether ≥ 100× faster');
} finally {
  await receiver.close();
}

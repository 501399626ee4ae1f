// npm run bench:peer — alert latency against the peer most teams already run: Prometheus with
// Alertmanager (Debian's packages) at their tightest settings (scrape and rule evaluation every
// 1 s, `loss > 2` with no `for`, group_wait 0), beside Bellwether (one threshold automation, loss
// > 2, cooldown 0) on the same machine with the same local webhook receiver. For each of 50
// crossings the clock starts when the metric crosses (Prometheus: the bench's exporter starts
// answering loss 3; Bellwether: the history POST with loss 3 is sent) and stops when the webhook
// arrives. Between crossings the metric goes back to 1 (Bellwether: re-armed at once; Alertmanager:
// until the resolved notification arrives, so the next firing is a new notification).
// Prints p50/p99 side by side with the ratio. Exits 0 with install instructions when the
// Prometheus binaries are missing.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBenchApi } from './bench-api.js';
import { type BenchReceiver, type ReceivedWebhook, startBenchReceiver } from './bench-receiver.js';
import { startBenchServer } from './bench-server.js';
import { BENCH_PROJECT_PATH, createWebhookAutomations } from './bench-webhook-setup.js';

const CROSSINGS = Number(process.env.BENCH_CROSSINGS ?? 50);
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

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** Prometheus + Alertmanager as child processes on temp dirs; latencies in ms per crossing. */
async function prometheusLatencies(receiver: BenchReceiver): Promise<number[]> {
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
    for (let i = 0; i < CROSSINGS; i++) {
      // A random phase against the 1 s scrape and evaluation ticks, as a real crossing has.
      await new Promise((r) => setTimeout(r, Math.random() * 1000));
      const firing = nextArrival(receiver, (w) => alertStatus(w) === 'firing');
      const crossedAt = performance.now();
      loss = 3;
      latencies.push((await firing).arrivedAt - crossedAt);
      const resolved = nextArrival(receiver, (w) => alertStatus(w) === 'resolved');
      loss = 1;
      await resolved;
      process.stdout.write(
        `  prometheus crossing ${i + 1}/${CROSSINGS}: ${latencies.at(-1)?.toFixed(0)} ms\r`,
      );
    }
    process.stdout.write('\n');
    return latencies;
  } finally {
    prom.kill('SIGKILL');
    am.kill('SIGKILL');
    await new Promise((resolve) => exporter.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Bellwether on SQLite: one automation on loss > 2; latencies in ms per crossing. */
async function bellwetherLatencies(receiver: BenchReceiver): Promise<number[]> {
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
    const latencies: number[] = [];
    for (let i = 0; i < CROSSINGS; i++) {
      await new Promise((r) => setTimeout(r, 20));
      const arrival = nextArrival(receiver, () => true);
      const crossedAt = performance.now();
      await log(3);
      latencies.push((await arrival).arrivedAt - crossedAt);
      await log(1);
    }
    return latencies;
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
  process.exit(0);
}
const receiver = await startBenchReceiver({ keep: true });
try {
  console.log(`bench:peer — ${CROSSINGS} threshold crossings each, time from crossing to webhook arrival`);
  const bw = (await bellwetherLatencies(receiver)).sort((a, b) => a - b);
  receiver.reset();
  const pm = (await prometheusLatencies(receiver)).sort((a, b) => a - b);
  const row = (label: string, p: number) => {
    const b = percentile(bw, p);
    const q = percentile(pm, p);
    return `| ${label} | ${b.toFixed(1)} ms | ${q.toFixed(0)} ms | ${(q / b).toFixed(0)}× |`;
  };
  console.log('| | Bellwether | Prometheus + Alertmanager | ratio |');
  console.log('|---|---|---|---|');
  console.log(row('p50', 50));
  console.log(row('p99', 99));
  console.log('\ngoal: Bellwether ≥ 100× faster');
} finally {
  await receiver.close();
}

import type { Storage } from '@bellwether/storage';
import { callApi, type DriverStats, driveHistory } from './chaos-driver.js';
import { type ChaosCounts, verifyChaos, waitForDrain } from './chaos-verify.js';
import { startRecordingReceiver } from './recording-receiver.js';
import { createScratchDatabase } from './scratch-database.js';
import { createServerProcess, type ServerProcess } from './server-process.js';

/** The admin API key of every chaos server process. */
export const CHAOS_KEY = 'bw_chaos_admin_key_0123456789';
/** The project the chaos driver logs to. */
export const CHAOS_PROJECT = '/api/v1/teams/default/projects/chaos';

/** Options of {@link runChaos}. */
export interface ChaosOptions {
  /** Postgres server URL, or undefined for SQLite. */
  postgresUrl?: string | undefined;
  /** The roles of the processes sharing the database (at least one `api` or `all`). */
  roles: readonly ('api' | 'worker' | 'all')[];
  /** Firings to cause: spread over `runs` runs, one crossing per history batch. */
  firings: number;
  runs: number;
  /** How long the driving should take (it spreads the writes over the killer's time). */
  durationMs: number;
  /** A random process is SIGKILLed every [min, max] ms and started again. */
  killEveryMs: readonly [number, number];
  /**
   * The killer stops after this long even if the driver is still at work (default: never), which
   * bounds a CI run on a busy machine where restarts are slow.
   */
  killForMs?: number;
  /** Longest wait for the queue to drain once the killer stops. */
  drainTimeoutMs: number;
  /** Re-send failed batches without checking whether they committed (shows the double-fire). */
  naive?: boolean;
  log?: (line: string) => void;
  random?: () => number;
}

/** The counts of a chaos run, with what the driver and the killer did. */
export interface ChaosReport extends ChaosCounts {
  driver: DriverStats;
  kills: number;
  drained: boolean;
  seconds: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Creates the `chaos` project, a webhook to `receiverUrl` and one automation on `loss > 2`
 * (cooldown 0, the highest rate limit): every crossing of a run fires it once.
 */
export async function setUpThresholdWebhook(url: string, receiverUrl: string): Promise<void> {
  const must = async (method: string, path: string, body: unknown) => {
    const answer = await callApi(url, CHAOS_KEY, method, path, body);
    if (!answer || answer.status >= 300) throw new Error(`${method} ${path}: ${JSON.stringify(answer)}`);
    return answer.body;
  };
  await must('POST', '/api/v1/teams/default/projects', { name: 'chaos' });
  const hook = await must('POST', '/api/v1/teams/default/webhooks', { name: 'receiver', url: receiverUrl });
  await must('POST', '/api/v1/teams/default/automations', {
    name: 'loss over 2',
    scope: { type: 'project', team: 'default', project: 'chaos' },
    event: {
      type: 'RUN_METRIC_THRESHOLD',
      metric: { name: 'loss', agg: null, cmp: '$gt', threshold: 2 },
      cooldown_seconds: 0,
      rate_limit_per_minute: 10_000,
    },
    action: {
      type: 'GENERIC_WEBHOOK',
      webhook_id: hook.id,
      payload: { run: '${run_name}', value: '${metric_value}', execution: '${execution_id}' },
    },
  });
}

/**
 * SIGKILLs a random live process every [min, max] ms and starts it again (without waiting for it),
 * until `stopped()`; returns how many it killed.
 */
async function killer(
  processes: readonly ServerProcess[],
  options: ChaosOptions,
  stopped: () => boolean,
  restarts: Promise<void>[],
): Promise<number> {
  const random = options.random ?? Math.random;
  const [min, max] = options.killEveryMs;
  let kills = 0;
  while (!stopped()) {
    const until = Date.now() + min + random() * (max - min);
    while (!stopped() && Date.now() < until) await sleep(Math.min(100, until - Date.now()));
    // With two api processes one always stays up (the driver's retries need somewhere to go);
    // a lone process is killed whenever it is up.
    const apis = processes.filter((p) => p.role !== 'worker');
    const upApis = apis.filter((p) => p.url !== null);
    const up = processes.filter(
      (p) => p.url !== null && (p.role === 'worker' || apis.length === 1 || upApis.length > 1),
    );
    const victim = up[Math.floor(random() * up.length)];
    if (!victim || stopped()) continue;
    await victim.kill();
    kills++;
    options.log?.(`killed ${victim.name}`);
    // Kept (not awaited) so the killer goes on while tsx compiles; failures are rethrown at the end.
    restarts.push(victim.start());
    restarts.at(-1)?.catch(() => {});
  }
  return kills;
}

/**
 * Starts `roles.length` server processes on one fresh database, a recording receiver and one
 * threshold automation (cooldown 0), drives `firings` crossings through the api processes while a
 * killer SIGKILLs and restarts random processes, then stops the killer, waits for the queue to
 * drain, stops every process and counts what the database and the receiver hold.
 */
export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const started = performance.now();
  const place = await createScratchDatabase(options.postgresUrl);
  const receiver = await startRecordingReceiver();
  const env = {
    ...place.env,
    BELLWETHER_ADMIN_API_KEY: CHAOS_KEY,
    BELLWETHER_ADMIN_PASSWORD: 'chaos-password',
    BELLWETHER_OUTBOUND_ALLOW: '127.0.0.1/32',
    BELLWETHER_RETRY_SCHEDULE: '0,0.2,0.5,1,1,2,2,5',
    // The shortest timeout keeps the lease (2 × timeout + 30 s) of a killed worker's claims short.
    BELLWETHER_DELIVERY_TIMEOUT_MS: '500',
  };
  const processes = options.roles.map((role, i) =>
    createServerProcess({ name: `${role}-${i + 1}`, role, env }),
  );
  const storage: { db: Storage | null } = { db: null };
  try {
    // The first process migrates and bootstraps alone; the others find the schema ready.
    const [first, ...rest] = processes;
    if (!first) throw new Error('no processes');
    await first.start();
    await Promise.all(rest.map((p) => p.start()));
    const apiUrl = processes.find((p) => p.role !== 'worker')?.url;
    if (!apiUrl) throw new Error('no api process');
    await setUpThresholdWebhook(apiUrl, receiver.url);
    let stop = false;
    const restarts: Promise<void>[] = [];
    const killUntil = Date.now() + (options.killForMs ?? Number.POSITIVE_INFINITY);
    const killing = killer(processes, options, () => stop || Date.now() > killUntil, restarts);
    const driver = await driveHistory({
      apiUrls: () => processes.filter((p) => p.role !== 'worker' && p.url).map((p) => p.url as string),
      key: CHAOS_KEY,
      projectPath: CHAOS_PROJECT,
      runs: options.runs,
      crossings: Math.ceil(options.firings / options.runs),
      durationMs: options.durationMs,
      ...(options.naive ? { naive: true } : {}),
    }).finally(() => {
      stop = true;
    });
    const kills = await killing;
    await Promise.all(restarts);
    options.log?.(`driver done: ${JSON.stringify(driver)}, ${kills} kills; draining`);
    storage.db = await place.open();
    const drained = await waitForDrain(storage.db.db, options.drainTimeoutMs);
    // A moment more, so that a delivery sent twice still shows up as a duplicate.
    await sleep(300);
    await Promise.all(processes.map((p) => p.stop()));
    const counts = await verifyChaos(storage.db.db, receiver.requests);
    return { ...counts, driver, kills, drained, seconds: (performance.now() - started) / 1000 };
  } finally {
    await Promise.all(processes.map((p) => p.kill()));
    await storage.db?.close();
    await receiver.close();
    await place.dispose();
  }
}

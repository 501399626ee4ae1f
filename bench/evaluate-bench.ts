// npm run bench:evaluate — what automations cost metric ingest. An in-process app on SQLite (the
// real HTTP app and trigger hook, called with app.request, no network) ingests the same history
// (10 runs, batches of 100 rows × 10 keys = 1,000 points per request) with 0, 10, 100 and 1,000
// RUN_METRIC_THRESHOLD automations on the project (NO_OP actions, thresholds that rarely fire,
// metrics spread over the 10 keys), and with 10,000 automations in OTHER projects. Each figure is
// printed as a ratio to the 0-automation throughput measured in the same run.
// Goal: 100 automations cost ≤ 20 %; automations elsewhere cost nothing measurable.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AutomationInput, newId } from '@bellwether/core';
import { findTeamByName, insertAutomation, insertProject, openStorage } from '@bellwether/storage';
import pino from 'pino';
import { createApp } from '../packages/server/src/app.js';
import { createTriggerHook } from '../packages/server/src/automations/trigger-hook.js';
import { bootstrap } from '../packages/server/src/bootstrap.js';
import { reportBenchResult } from './bench-report.js';

const RUNS = 10;
const KEYS = 10;
const ROWS_PER_BATCH = 100;
const BATCHES_PER_RUN = Number(process.env.BENCH_BATCHES ?? 30);
const TOTAL_POINTS = RUNS * BATCHES_PER_RUN * ROWS_PER_BATCH * KEYS;
const KEY = 'bw_bench_admin_key_0123456789';
const P = '/api/v1/teams/bench/projects/bench';

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

/** A threshold automation on one of the logged keys; one in 50 can fire (values reach 1). */
function definition(i: number, project: string): AutomationInput {
  const aggs = [null, 'AVERAGE', 'MIN', 'MAX'] as const;
  const agg = aggs[i % aggs.length] ?? null;
  return {
    name: `a${i}`,
    description: '',
    enabled: true,
    scope: { type: 'project', team: 'bench', project },
    event: {
      type: 'RUN_METRIC_THRESHOLD',
      metric: {
        name: `metric_${i % KEYS}`,
        window: agg === null ? 1 : 1 + (i % 20),
        agg,
        cmp: '$gt',
        threshold: i % 50 === 0 ? 0.999 : 2 + (i % 7),
      },
      cooldown_seconds: 86_400,
      rate_limit_per_minute: 60,
    },
    action: { type: 'NO_OP' },
  };
}

async function scenario(label: string, here: number, elsewhere: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'bw-evaluate-'));
  const storage = await openStorage({ kind: 'sqlite', filename: join(dir, 'bellwether.db') });
  try {
    await bootstrap(
      storage.db,
      { ids: newId, now: Date.now() },
      { username: 'admin', password: 'bench-password', apiKey: KEY, team: 'bench' },
    );
    const app = createApp({
      storage,
      options: {
        bodyLimitBytes: 10 * 1024 * 1024,
        sessionTtlMs: 3_600_000,
        publicUrl: 'http://bench',
        secureCookies: false,
        dataDir: dir,
      },
      clock: Date.now,
      ids: newId,
      onEvents: createTriggerHook({ clock: Date.now, ids: newId }),
      logger: pino({ level: 'silent' }),
    });
    const call = async (method: string, path: string, body?: string) => {
      const res = await app.request(path, {
        method,
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        ...(body !== undefined ? { body } : {}),
      });
      const text = await res.text();
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    };
    await call('POST', '/api/v1/teams/bench/projects', '{"name":"bench"}');
    const team = await findTeamByName(storage.db, 'bench');
    if (!team) throw new Error('no team');
    const project = await storage.db
      .selectFrom('projects')
      .select('id')
      .where('name', '=', 'bench')
      .executeTakeFirstOrThrow();
    const now = Date.now();
    const otherProjects: string[] = [];
    for (let p = 0; p < Math.min(elsewhere, 100); p++) {
      const id = newId('prj');
      await insertProject(storage.db, {
        id,
        teamId: team.id,
        name: `other-${p}`,
        description: '',
        createdAt: now,
        updatedAt: now,
      });
      otherProjects.push(id);
    }
    await storage.db.transaction().execute(async (trx) => {
      const add = async (i: number, projectId: string, projectName: string) => {
        const d = definition(i, projectName);
        await insertAutomation(trx, {
          id: newId('aut'),
          teamId: team.id,
          name: d.name,
          description: '',
          enabled: true,
          scopeType: 'project',
          scopeKey: `project:${projectId}`,
          eventType: d.event.type,
          definition: d,
          createdBy: null,
          createdAt: now,
          updatedAt: now,
          lastExecutionAt: null,
        });
      };
      for (let i = 0; i < here; i++) await add(i, project.id, 'bench');
      for (let i = 0; i < elsewhere; i++) {
        const p = i % otherProjects.length;
        await add(here + i, otherProjects[p] as string, `other-${p}`);
      }
    });
    for (let r = 0; r < RUNS; r++) await call('PUT', `${P}/runs/run-${r}`, '{}');
    const bodies = Array.from({ length: BATCHES_PER_RUN }, (_, b) => batchBody(b));
    // Warm up the JIT, the statement cache and the compiled-automation cache on a separate run.
    await call('PUT', `${P}/runs/warmup`, '{}');
    for (let b = 0; b < 10; b++) await call('POST', `${P}/runs/warmup/history`, bodies[b % bodies.length]);
    const started = performance.now();
    for (let b = 0; b < BATCHES_PER_RUN; b++) {
      for (let r = 0; r < RUNS; r++) await call('POST', `${P}/runs/run-${r}/history`, bodies[b]);
    }
    const seconds = (performance.now() - started) / 1000;
    const fired = await storage.db
      .selectFrom('executions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const rate = TOTAL_POINTS / seconds;
    process.stdout.write(
      `${label.padEnd(44)} ${Math.round(rate).toLocaleString('en-US').padStart(10)} points/s  (${Number(fired.n)} executions)\n`,
    );
    return rate;
  } finally {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const SCENARIOS: readonly (readonly [string, number, number])[] = [
  ['0 automations', 0, 0],
  ['10 automations on the project', 10, 0],
  ['100 automations on the project', 100, 0],
  ['1,000 automations on the project', 1000, 0],
  ['10,000 automations in other projects', 0, 10_000],
];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

async function main(): Promise<void> {
  process.stdout.write(
    `evaluate bench: SQLite in-process, ${TOTAL_POINTS.toLocaleString('en-US')} points per scenario, ${ROUNDS} rounds\n`,
  );
  // A discarded scenario first: the JIT and the module graph warm up on it, not on the baseline.
  await scenario('warm-up (discarded)', 10, 0);
  // Rounds interleave the scenarios so drift on this shared machine hits all of them alike.
  const rates = new Map<string, number[]>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const [label, here, elsewhere] of SCENARIOS) {
      rates.set(label, [...(rates.get(label) ?? []), await scenario(label, here, elsewhere)]);
    }
  }
  // Best of the rounds is the least disturbed by other work on this shared machine; the median is
  // shown beside it.
  const best = (label: string) => Math.max(...(rates.get(label) ?? [Number.NaN]));
  const mid = (label: string) => median(rates.get(label) ?? [Number.NaN]);
  process.stdout.write('\nthroughput as a ratio to the 0-automation figure (best of rounds; median):\n');
  for (const [label, here, elsewhere] of SCENARIOS) {
    const ratio = best(label) / best('0 automations');
    const medianRatio = mid(label) / mid('0 automations');
    process.stdout.write(
      `${label.padEnd(44)} ${Math.round(best(label)).toLocaleString('en-US').padStart(10)} points/s  ratio ${ratio.toFixed(3)} (cost ${((1 - ratio) * 100).toFixed(1)} %); median ratio ${medianRatio.toFixed(3)}\n`,
    );
    if (label === '0 automations') continue;
    // The goals: 100 automations cost ≤ 20 %; automations in other projects cost nothing measurable
    // (taken as within 5 %, this shared machine's round-to-round noise).
    const floor = here === 100 ? 0.8 : elsewhere > 0 ? 0.95 : null;
    reportBenchResult({
      bench: 'evaluate',
      measure: `ingest with ${label} (best of ${ROUNDS})`,
      figure: best(label),
      unit: 'points/s',
      baseline: `${Math.round(best('0 automations')).toLocaleString('en-US')} points/s with none`,
      ratio,
      goal: floor === null ? null : `ratio ≥ ${floor.toFixed(2)}`,
      met: floor === null ? null : ratio >= floor,
    });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

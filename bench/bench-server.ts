import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A Bellwether server process started for a benchmark. */
export interface BenchServer {
  url: string;
  apiKey: string;
  process: ChildProcess;
  /** CPU seconds (user + system) the server process has used so far, all threads (Linux /proc). */
  cpuSeconds(): number;
  /** The same for its main thread alone: the event loop, where requests and deliveries run. */
  mainThreadCpuSeconds(): number;
  stop(): Promise<void>;
}

const CLOCK_TICKS_PER_SECOND = 100;

function processCpuSeconds(pid: number | undefined, thread = false): number {
  if (pid === undefined) return Number.NaN;
  try {
    // Fields after the command name (which may hold spaces, hence the last ')'): utime is the
    // 14th field of the line, stime the 15th.
    const stat = readFileSync(thread ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

/**
 * CPU time of every `postgres` process of this machine (the server the benches use listens on
 * 127.0.0.1): what the database spends, backends and background writers together. NaN where
 * /proc is not there.
 */
export function postgresCpuSeconds(): number {
  let total = 0;
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      let comm: string;
      try {
        comm = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
      } catch {
        continue; // the process ended meanwhile
      }
      if (comm === 'postgres') total += processCpuSeconds(Number(entry)) || 0;
    }
  } catch {
    return Number.NaN;
  }
  return total;
}

/** The admin API key bench servers start with. */
export const BENCH_KEY = 'bw_bench_admin_key_0123456789';

/**
 * Starts `npm start`'s entry point in its own process (so the load generator does not share its
 * event loop) on a fresh SQLite folder or Postgres schema, and waits until it listens.
 */
export async function startBenchServer(env: Record<string, string> = {}): Promise<BenchServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bw-bench-'));
  // The flags `npm start` gives the server (scripts/start.mjs), then any extra for profiling.
  const nodeArgs = [
    '--max-semi-space-size=32',
    ...(process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean),
  ];
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'packages/server/src/main.ts'], {
    env: {
      ...process.env,
      BELLWETHER_PORT: '0',
      BELLWETHER_DATA_DIR: dataDir,
      BELLWETHER_ADMIN_API_KEY: BENCH_KEY,
      BELLWETHER_ADMIN_PASSWORD: 'bench-password',
      // Postgres deployments must name their secret key; a fixed one is fine for a benchmark.
      BELLWETHER_SECRET_KEY: 'bench-only-secret-key-not-for-production',
      BELLWETHER_LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const match = /"url":"(http:\/\/[^"]+)"/.exec(buffer);
      if (match?.[1]) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  child.stdout?.resume();
  return {
    url,
    apiKey: BENCH_KEY,
    process: child,
    cpuSeconds: () => processCpuSeconds(child.pid),
    mainThreadCpuSeconds: () => processCpuSeconds(child.pid, true),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

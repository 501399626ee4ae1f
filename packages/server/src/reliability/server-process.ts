import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const MAIN = join(import.meta.dirname, '..', 'main.ts');

// Children still running when this process exits (a test runner giving up on a test) are killed,
// so a chaos run never leaves servers behind.
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const proc of live) proc.kill('SIGKILL');
});

/** A Bellwether server child process that can be killed and started again on the same database. */
export interface ServerProcess {
  /** A name for logs, such as `api-1`. */
  readonly name: string;
  readonly role: 'api' | 'worker' | 'all';
  /** The base URL while the process is up; null while it is down or starting. */
  readonly url: string | null;
  /** How many times it was started (the first start included). */
  readonly starts: number;
  /** Starts the process (again) and resolves once it listens. */
  start(): Promise<void>;
  /** SIGKILLs the process (no shutdown at all) and resolves once it has exited. */
  kill(): Promise<void>;
  /** SIGTERMs the process (graceful shutdown) and resolves once it has exited. */
  stop(): Promise<void>;
}

/** What every start of a server process gets: its role and environment. */
export interface ServerProcessOptions {
  name: string;
  role: 'api' | 'worker' | 'all';
  env: Record<string, string>;
  /** Longest wait for the process to listen. Default 30 s (tsx compiles on start). */
  startTimeoutMs?: number;
}

/** Creates (without starting) a server process running packages/server/src/main.ts with tsx. */
export function createServerProcess(options: ServerProcessOptions): ServerProcess {
  let child: ChildProcess | null = null;
  let url: string | null = null;
  let starts = 0;
  const timeoutMs = options.startTimeoutMs ?? 30_000;

  const exited = (proc: ChildProcess) =>
    new Promise<void>((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
      proc.once('exit', () => resolve());
    });

  const start = () =>
    new Promise<void>((resolve, reject) => {
      starts++;
      const proc = spawn(process.execPath, ['--import', 'tsx', MAIN], {
        env: {
          ...process.env,
          BELLWETHER_PORT: '0',
          BELLWETHER_LOG_LEVEL: 'info',
          ...options.env,
          BELLWETHER_ROLE: options.role,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = proc;
      live.add(proc);
      let output = '';
      const timer = setTimeout(() => {
        proc.kill('SIGKILL');
        reject(new Error(`${options.name} did not listen within ${timeoutMs} ms: ${output.slice(-2000)}`));
      }, timeoutMs);
      // Keep only the start of the output: after the listen line the pipes are just drained.
      proc.stdout?.on('data', (chunk: Buffer) => {
        if (url !== null && child === proc) return;
        output += chunk.toString();
        const match = /"url":"(http:\/\/[^"]+)"/.exec(output);
        if (match?.[1]) {
          clearTimeout(timer);
          url = match[1];
          resolve();
        }
      });
      proc.stderr?.on('data', (chunk: Buffer) => {
        if (output.length < 20_000) output += chunk.toString();
      });
      proc.once('exit', (code, signal) => {
        live.delete(proc);
        if (child === proc) url = null;
        clearTimeout(timer);
        reject(
          new Error(`${options.name} exited (${signal ?? code}) before listening: ${output.slice(-2000)}`),
        );
      });
    });

  const signal = async (name: NodeJS.Signals) => {
    const proc = child;
    if (!proc) return;
    url = null;
    proc.kill(name);
    await exited(proc);
  };

  return {
    name: options.name,
    role: options.role,
    get url() {
      return url;
    },
    get starts() {
      return starts;
    },
    start,
    kill: () => signal('SIGKILL'),
    stop: () => signal('SIGTERM'),
  };
}

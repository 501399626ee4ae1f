import { BellwetherApiError, toProblem } from './api-error.js';
import { type BellwetherClient, type ClientOptions, createClient, unwrap } from './client.js';
import { DEFAULT_RETRY_POLICY, isRetryableStatus, type RetryPolicy, retryDelayMs } from './retry-policy.js';

/** A value a run may log: numbers become metric points, anything else lands in the summary. */
export type LoggedValue = number | string | boolean | null | LoggedValue[] | { [key: string]: LoggedValue };

/** One history row as sent to the server. */
interface HistoryRow {
  step: number;
  timestamp: number;
  values: Record<string, unknown>;
}

/** What `init` needs: where the run lives, and optionally how to reach the server and batch. */
export interface InitOptions {
  team: string;
  project: string;
  /** Resume this run (or create it with this id); a random id when absent. */
  runId?: string;
  displayName?: string;
  config?: Record<string, unknown>;
  tags?: string[];
  /** The server origin; BELLWETHER_URL when absent. */
  baseUrl?: string;
  /** An API key; BELLWETHER_API_KEY when absent. */
  apiKey?: string;
  /** A client to reuse instead of building one from baseUrl/apiKey. */
  client?: BellwetherClient;
  fetch?: typeof fetch;
  /** Rows per request; a full buffer is sent at once (default 5000). */
  maxBatchRows?: number;
  /** How often buffered rows are sent regardless of size (default 1000 ms). */
  flushIntervalMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Mark the run failed and flush on an uncaught exception, then exit with status 1 (default false). */
  captureExceptions?: boolean;
  /** Finish the run when the process runs out of work and was never finished (default true). */
  finishOnExit?: boolean;
  /** Injected for tests. */
  clock?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  env?: Record<string, string | undefined>;
}

/** A batch the server refused for good (a 4xx, or retries exhausted): its rows were not stored. */
export interface FailedBatch {
  rows: number;
  firstStep: number;
  error: Error;
}

/** The outcome of `finish`: the final state and how many rows were stored or lost. */
export interface FinishResult {
  state: 'finished' | 'failed';
  sentRows: number;
  failedBatches: FailedBatch[];
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A run being logged. `log` only buffers; a background loop sends batches in log order, one
 * request at a time, retrying 5xx and network errors with backoff. Every row carries an explicit
 * step, so a batch sent twice (a response lost after the write) overwrites the same steps: the
 * stored history holds every point exactly once.
 */
export class Run {
  readonly team: string;
  readonly project: string;
  readonly runId: string;
  readonly client: BellwetherClient;
  private nextStep: number;
  private buffer: HistoryRow[] = [];
  private pumping: Promise<void> | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private finished: FinishResult | null = null;
  private sent = 0;
  private readonly failed: FailedBatch[] = [];
  private readonly detach: (() => void)[] = [];
  private readonly maxBatchRows: number;
  private readonly retry: RetryPolicy;
  private readonly clock: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(
    client: BellwetherClient,
    where: { team: string; project: string; runId: string; lastStep: number },
    options: InitOptions,
  ) {
    this.client = client;
    this.team = where.team;
    this.project = where.project;
    this.runId = where.runId;
    this.nextStep = where.lastStep + 1;
    this.maxBatchRows = options.maxBatchRows ?? 5000;
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.clock = options.clock ?? Date.now;
    this.sleep = options.sleep ?? sleepFor;
    this.random = options.random ?? Math.random;
    this.timer = setInterval(() => this.kick(), options.flushIntervalMs ?? 1000);
    // The timer alone must not keep a finished script alive; beforeExit flushes instead.
    this.timer.unref();
    if (options.finishOnExit ?? true)
      this.hook(
        'beforeExit',
        () => void this.finish({ exitCode: process.exitCode === undefined ? 0 : Number(process.exitCode) }),
      );
    if (options.captureExceptions) {
      const onCrash = (error: unknown) => {
        process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
        void this.finish({ exitCode: 1 }).finally(() => process.exit(1));
      };
      this.hook('uncaughtException', onCrash);
      this.hook('unhandledRejection', onCrash);
    }
  }

  /** The step the next `log` without an explicit step gets. */
  get step(): number {
    return this.nextStep;
  }

  /** Batches the server refused for good so far. */
  get failedBatches(): FailedBatch[] {
    return [...this.failed];
  }

  /** Rows logged but not yet stored. */
  get pending(): number {
    return this.buffer.length;
  }

  /**
   * Logs values at the next step (or at `step`, which may repeat a step to add keys to it).
   * Returns at once; the values are sent in the background.
   */
  log(values: Record<string, LoggedValue>, options: { step?: number } = {}): void {
    if (this.finished) throw new Error(`Run '${this.runId}' is finished; start another with init().`);
    const step = options.step ?? this.nextStep;
    if (!Number.isSafeInteger(step) || step < 0)
      throw new RangeError(`step must be an integer ≥ 0, got ${step}`);
    if (step >= this.nextStep) this.nextStep = step + 1;
    this.buffer.push({ step, timestamp: this.clock(), values: encodeValues(values) });
    if (this.buffer.length >= this.maxBatchRows) this.kick();
  }

  /** Sends everything logged so far and resolves once the server has it (or it failed for good). */
  async flush(): Promise<void> {
    while (this.pumping || this.buffer.length > 0) {
      this.kick();
      await this.pumping;
    }
  }

  /** Flushes, then marks the run finished (exit code 0) or failed (any other). Idempotent. */
  async finish(options: { exitCode?: number } = {}): Promise<FinishResult> {
    if (this.finished) return this.finished;
    const state = (options.exitCode ?? 0) === 0 ? 'finished' : 'failed';
    await this.flush();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const off of this.detach.splice(0)) off();
    await this.withRetry(() =>
      this.client.PATCH('/api/v1/teams/{team}/projects/{project}/runs/{runId}', {
        params: { path: { team: this.team, project: this.project, runId: this.runId } },
        body: { state },
      }),
    );
    this.finished = { state, sentRows: this.sent, failedBatches: [...this.failed] };
    return this.finished;
  }

  private hook(
    event: 'beforeExit' | 'uncaughtException' | 'unhandledRejection',
    handler: (arg: unknown) => void,
  ): void {
    // Seen as a plain emitter: Node's overloads do not accept a union of event names.
    const emitter = process as NodeJS.EventEmitter;
    emitter.on(event, handler);
    this.detach.push(() => emitter.off(event, handler));
  }

  private kick(): void {
    if (this.pumping || this.buffer.length === 0) return;
    this.pumping = this.pump().finally(() => {
      this.pumping = null;
    });
  }

  private async pump(): Promise<void> {
    while (this.buffer.length > 0) {
      const rows = this.buffer.splice(0, this.maxBatchRows);
      try {
        await this.withRetry(() =>
          this.client.POST('/api/v1/teams/{team}/projects/{project}/runs/{runId}/history', {
            params: { path: { team: this.team, project: this.project, runId: this.runId } },
            // Values are JSON already (non-finite numbers encoded as strings).
            body: { rows: rows as never },
          }),
        );
        this.sent += rows.length;
      } catch (error) {
        this.failed.push({ rows: rows.length, firstStep: rows[0]?.step ?? 0, error: error as Error });
      }
    }
  }

  /** Runs a request, retrying retryable statuses and network errors; throws the last failure. */
  private async withRetry(call: () => Promise<{ response: Response; error?: unknown }>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      let failure: Error;
      try {
        const result = await call();
        if (result.response.ok) return;
        failure = new BellwetherApiError(
          result.response.status,
          toProblem(result.response.status, result.error),
        );
        if (!isRetryableStatus(result.response.status)) throw failure;
      } catch (error) {
        if (error instanceof BellwetherApiError && !isRetryableStatus(error.status)) throw error;
        failure = error as Error;
      }
      if (attempt >= this.retry.maxAttempts) throw failure;
      await this.sleep(retryDelayMs(this.retry, attempt, this.random));
    }
  }
}

/** NaN and ±Infinity have no JSON form; the API takes them as strings. */
function encodeValues(values: Record<string, LoggedValue>): Record<string, unknown> {
  let out: Record<string, unknown> | null = null;
  for (const key in values) {
    const v = values[key];
    if (typeof v === 'number' && !Number.isFinite(v)) {
      out ??= { ...values };
      out[key] = Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
    }
  }
  return out ?? values;
}

/**
 * Starts (or resumes) a run: creates it in state `running` and returns a Run that logs to it.
 * Resuming continues after the run's last step.
 */
export async function init(options: InitOptions): Promise<Run> {
  const env = options.env ?? process.env;
  const client = options.client ?? createClient(clientOptions(options, env));
  const runId = options.runId ?? randomRunId(options.random ?? Math.random);
  const body: Record<string, unknown> = { state: 'running' };
  if (options.displayName !== undefined) body.display_name = options.displayName;
  if (options.config !== undefined) body.config = options.config;
  if (options.tags !== undefined) body.tags = options.tags;
  const run = unwrap(
    await client.PUT('/api/v1/teams/{team}/projects/{project}/runs/{runId}', {
      params: { path: { team: options.team, project: options.project, runId } },
      body,
    }),
  );
  return new Run(
    client,
    { team: options.team, project: options.project, runId, lastStep: run.last_step },
    options,
  );
}

function clientOptions(options: InitOptions, env: Record<string, string | undefined>): ClientOptions {
  const baseUrl = options.baseUrl ?? env.BELLWETHER_URL;
  if (!baseUrl) throw new Error('No server: pass baseUrl or set BELLWETHER_URL.');
  return {
    baseUrl,
    apiKey: options.apiKey ?? env.BELLWETHER_API_KEY,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  };
}

function randomRunId(random: () => number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let id = '';
  for (let i = 0; i < 8; i++) id += alphabet[Math.floor(random() * alphabet.length)];
  return id;
}

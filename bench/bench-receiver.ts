import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the bench receiver got: its webhook-id, when it arrived, and (if kept) its body. */
export interface ReceivedWebhook {
  webhookId: string;
  /** `performance.now()` in the bench process when the request's headers were parsed. */
  arrivedAt: number;
  body: string;
  headers: Record<string, string>;
}

/** A local webhook receiver in the bench process: counts arrivals and dedupes on webhook-id. */
export interface BenchReceiver {
  /** `http://127.0.0.1:PORT/hook`. */
  url: string;
  /** Requests received so far (including repeats of one webhook-id). */
  readonly count: number;
  /** The distinct webhook-ids received. */
  readonly ids: ReadonlySet<string>;
  /** The arrival time of the first and latest request, or null before any. */
  readonly firstAt: number | null;
  readonly lastAt: number | null;
  /** The requests kept when started with `keep: true`, in arrival order. */
  readonly kept: readonly ReceivedWebhook[];
  /** Called for each arrival (latency bench); set to null to stop. */
  onArrival: ((webhook: ReceivedWebhook) => void) | null;
  /** Forgets everything received (between phases). */
  reset(): void;
  /** Resolves once `count` requests arrived; rejects after `timeoutMs` saying how many did. */
  waitForCount(count: number, timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts a node:http receiver on 127.0.0.1 (port 0) that answers 200 as soon as a request's headers
 * arrive, as a well-behaved webhook consumer that queues work would; the body is still read (the
 * connection is kept alive) and kept only when asked, so the receiver costs as little as possible.
 */
export async function startBenchReceiver(options: { keep?: boolean } = {}): Promise<BenchReceiver> {
  const keep = options.keep ?? false;
  let count = 0;
  let ids = new Set<string>();
  let kept: ReceivedWebhook[] = [];
  let firstAt: number | null = null;
  let lastAt: number | null = null;
  let waiter: { count: number; resolve: () => void } | null = null;
  const server: Server = createServer((req, res) => {
    const arrivedAt = performance.now();
    const webhookId = String(req.headers['webhook-id'] ?? '');
    res.writeHead(200, { 'content-length': '2' }).end('ok');
    const record = (body: string) => {
      count++;
      ids.add(webhookId);
      firstAt ??= arrivedAt;
      lastAt = arrivedAt;
      const headers: Record<string, string> = {};
      if (keep) for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
      const webhook = { webhookId, arrivedAt, body, headers };
      if (keep) kept.push(webhook);
      receiver.onArrival?.(webhook);
      if (waiter && count >= waiter.count) {
        const { resolve } = waiter;
        waiter = null;
        resolve();
      }
    };
    if (!keep) {
      req.resume();
      record('');
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => record(Buffer.concat(chunks).toString('utf8')));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const receiver: BenchReceiver = {
    url: `http://127.0.0.1:${port}/hook`,
    get count() {
      return count;
    },
    get ids() {
      return ids;
    },
    get firstAt() {
      return firstAt;
    },
    get lastAt() {
      return lastAt;
    },
    get kept() {
      return kept;
    },
    onArrival: null,
    reset() {
      count = 0;
      ids = new Set();
      kept = [];
      firstAt = null;
      lastAt = null;
    },
    waitForCount(target, timeoutMs) {
      if (count >= target) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiter = null;
          reject(new Error(`the receiver got ${count} of ${target} requests within ${timeoutMs} ms`));
        }, timeoutMs);
        waiter = {
          count: target,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        };
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return receiver;
}

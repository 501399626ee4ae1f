import { Worker } from 'node:worker_threads';
import type { GuardedClient, GuardedClientOptions, SendRequest, SendResult } from './guarded-client.js';

/** What the client thread is started with: the guarded client's settings and the allow-list text. */
export interface ClientThreadOptions extends Omit<GuardedClientOptions, 'guard' | 'now'> {
  /** `BELLWETHER_OUTBOUND_ALLOW`'s text, parsed by the thread's own SSRF guard. */
  allow: string;
}

/** Main thread → client thread: a batch of [id, request], or 'close'. */
export type ClientThreadMessage = Array<[number, SendRequest]> | 'close';

const THREAD_ENTRY = new URL(
  import.meta.url.endsWith('.ts') ? './guarded-client-thread.ts' : './guarded-client-thread.js',
  import.meta.url,
).href;

// Where the TypeScript sources run as they are (tsx, as `npm start` runs the server), the thread
// registers tsx's loader before importing its entry; compiled, it imports the entry directly.
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
const ready = workerData.tsx ? import(workerData.tsx).then((api) => api.register()) : Promise.resolve();
ready.then(() => import(workerData.entry));
`;

/** The threaded client: a {@link GuardedClient} whose thread can also be ended at once. */
export interface ThreadedGuardedClient extends GuardedClient {
  /** Ends the thread now: what it held answers as a network error; the next request starts another. */
  terminate(): Promise<void>;
}

/**
 * The guarded client of {@link createGuardedClient}, run on a worker thread of its own: sockets,
 * HTTP parsing and timers (about a third of a delivery's CPU on the event loop) happen on another
 * core, so the delivery worker's event loop only prepares and records. Requests made in the same
 * turn of the event loop go to the thread as one message and results come back batched the same
 * way. Should the thread die, every request it held answers as a network error (retried like
 * any other) and the next request starts a new thread.
 */
export function createThreadedGuardedClient(options: ClientThreadOptions): ThreadedGuardedClient {
  let worker: Worker | null = null;
  let nextId = 0;
  let outbox: Array<[number, SendRequest]> = [];
  // Each request waits on the thread it was posted to (null until its batch is posted), so a thread
  // that ends fails only its own requests, never those already sent to its successor.
  const waiting = new Map<
    number,
    { resolve: (result: SendResult) => void; started: number; thread: Worker | null }
  >();

  const failAll = (thread: Worker, message: string) => {
    for (const [id, { resolve, started, thread: holder }] of waiting) {
      if (holder !== thread) continue;
      waiting.delete(id);
      resolve({
        outcome: 'error',
        errorClass: 'network',
        message,
        durationMs: Math.max(0, Math.round(performance.now() - started)),
      });
    }
  };

  const start = (): Worker => {
    const thread = new Worker(BOOTSTRAP, {
      eval: true,
      workerData: {
        options,
        entry: THREAD_ENTRY,
        tsx: THREAD_ENTRY.endsWith('.ts') ? import.meta.resolve('tsx/esm/api') : null,
      },
    });
    thread.on('message', (batch: Array<[number, SendResult]>) => {
      for (const [id, result] of batch) {
        const entry = waiting.get(id);
        if (entry === undefined) continue;
        waiting.delete(id);
        entry.resolve(result);
      }
      if (waiting.size === 0) thread.unref();
    });
    thread.on('error', (error) => failAll(thread, `the HTTP client thread failed: ${error.message}`));
    thread.on('exit', () => {
      if (worker === thread) worker = null;
      failAll(thread, 'the HTTP client thread stopped');
    });
    return thread;
  };

  // Started at once (idle, it keeps no process alive): loading the thread takes a moment, which
  // the first delivery should not wait for.
  worker = start();
  worker.unref();

  const flush = () => {
    const batch = outbox;
    outbox = [];
    const thread = worker ?? start();
    worker = thread;
    for (const [id] of batch) {
      const entry = waiting.get(id);
      if (entry !== undefined) entry.thread = thread;
    }
    thread.ref();
    thread.postMessage(batch satisfies ClientThreadMessage);
  };

  return Object.freeze({
    send(request: SendRequest): Promise<SendResult> {
      return new Promise<SendResult>((resolve) => {
        const id = nextId++;
        waiting.set(id, { resolve, started: performance.now(), thread: null });
        if (outbox.length === 0) queueMicrotask(flush);
        outbox.push([id, request]);
      });
    },
    async close() {
      const thread = worker;
      worker = null;
      if (thread === null) return;
      const exited = new Promise<void>((resolve) => thread.once('exit', () => resolve()));
      thread.postMessage('close' satisfies ClientThreadMessage);
      await exited;
    },
    async terminate() {
      const thread = worker;
      worker = null;
      await thread?.terminate();
    },
  });
}

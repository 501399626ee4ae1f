import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the background connection copies the write-ahead log into the database file. */
const CHECKPOINT_INTERVAL_MS = 100;

// The thread's code, run as a CommonJS script: a connection of its own to the same file (SQLite
// coordinates connections of one process through its locks), a PASSIVE checkpoint, which never
// waits for the application's readers or writers, on a timer, and a last one on close.
const CHECKPOINTER = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.driver);
let db = null;
try {
  db = new SQLite(workerData.filename);
} catch {
  // The file is gone already (closed and removed right after opening): nothing to do.
}
const checkpoint = () => {
  try {
    db?.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy or gone for a moment: the next tick tries again, and the application's own
    // connection still checkpoints should the log grow past its limit.
  }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  checkpoint();
  try {
    db?.close();
  } catch {}
  parentPort.close();
});
`;

/** The background checkpointer of one SQLite file. */
export interface BackgroundCheckpoints {
  /** Runs a last checkpoint and ends the thread. */
  stop(): Promise<void>;
}

/**
 * Checkpoints a WAL-mode SQLite file from a thread of its own. Left to the application's
 * connection, a checkpoint runs inside whichever commit crosses the log's limit, on the event
 * loop: with the delivery worker settling rounds of 50, one commit in twenty took 10–12 ms
 * instead of 0.5 ms (copying ~1,000 pages back and syncing the file), stalling every request
 * and delivery meanwhile and costing ~12 µs a delivery. Here the copying and syncing happen on
 * another core; the application's connection keeps a far higher limit of its own as a fallback.
 */
export function startBackgroundCheckpoints(filename: string): BackgroundCheckpoints {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(CHECKPOINTER, {
    eval: true,
    workerData: { driver, filename, intervalMs: CHECKPOINT_INTERVAL_MS },
  });
  worker.unref();
  // A checkpoint is an optimisation: should the thread fail, the application's connection
  // checkpoints by itself at its own limit.
  worker.on('error', () => {});
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    stop() {
      worker.postMessage('stop');
      return exited;
    },
  };
}

// The thread behind createThreadedGuardedClient: a guarded client of its own (guard built from
// the same allow-list text), sending the requests the main thread posts in batches and posting
// the results back in batches.
import { parentPort, workerData } from 'node:worker_threads';
import { createGuardedClient, type SendRequest, type SendResult } from './guarded-client.js';
import { createSsrfGuard } from './ssrf-guard.js';
import type { ClientThreadMessage, ClientThreadOptions } from './threaded-guarded-client.js';

const port = parentPort;
if (port === null) throw new Error('guarded-client-thread.ts runs as a worker thread');
const { allow, ...clientOptions } = (workerData as { options: ClientThreadOptions }).options;
const client = createGuardedClient({ ...clientOptions, guard: createSsrfGuard({ allow }) });

// Results go back at most a millisecond after the first of a batch arrived: one message for many
// answers (a message per turn of the loop carried a few and cost the main thread more). The
// receiver already has each request by then; only its recording waits.
let results: Array<[number, SendResult]> = [];
const flush = () => {
  const batch = results;
  results = [];
  port.postMessage(batch);
};

port.on('message', (message: ClientThreadMessage) => {
  if (message === 'close') {
    void client.close().finally(() => port.close());
    return;
  }
  for (const [id, request] of message as Array<[number, SendRequest]>) {
    void client.send(request).then((result) => {
      if (results.length === 0) setTimeout(flush, 1);
      results.push([id, result]);
    });
  }
});

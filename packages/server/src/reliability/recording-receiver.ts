import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the receiver answers one request. */
export type ReceiverReply =
  | { kind: 'ok' }
  | { kind: 'error'; status: number }
  | { kind: 'retry-after'; seconds: number }
  | { kind: 'hang'; ms: number };

/** One request the receiver got, with when it arrived and when (and how) it was answered. */
export interface ReceivedRequest {
  webhookId: string;
  body: string;
  /** Date.now() when the request's body had arrived. */
  arrivedAt: number;
  reply: ReceiverReply;
  /** Date.now() when the answer was sent; null while hanging or when the caller gave up first. */
  answeredAt: number | null;
}

/** A local webhook receiver that records every request and answers as `decide` says. */
export interface RecordingReceiver {
  /** `http://127.0.0.1:PORT/hook`. */
  readonly url: string;
  /** Every request in arrival order. */
  readonly requests: readonly ReceivedRequest[];
  /** The webhook-ids answered 200 at least once. */
  delivered(): Set<string>;
  close(): Promise<void>;
}

/** Decides the answer to a request from its webhook-id and how many of that id came before. */
export type ReplyPolicy = (webhookId: string, previousAttempts: number) => ReceiverReply;

/** Starts the receiver on 127.0.0.1 (port 0); by default it answers every request 200. */
export async function startRecordingReceiver(
  decide: ReplyPolicy = () => ({ kind: 'ok' }),
): Promise<RecordingReceiver> {
  const requests: ReceivedRequest[] = [];
  const seen = new Map<string, number>();
  const answer = (res: ServerResponse, record: ReceivedRequest) => {
    const { reply } = record;
    if (res.destroyed) return;
    record.answeredAt = Date.now();
    if (reply.kind === 'error') res.writeHead(reply.status).end('error');
    else if (reply.kind === 'retry-after')
      res.writeHead(429, { 'retry-after': String(reply.seconds) }).end('slow down');
    else res.writeHead(200).end('ok');
  };
  const handle = (req: IncomingMessage, res: ServerResponse, body: string) => {
    const webhookId = String(req.headers['webhook-id'] ?? '');
    const previous = seen.get(webhookId) ?? 0;
    seen.set(webhookId, previous + 1);
    const record: ReceivedRequest = {
      webhookId,
      body,
      arrivedAt: Date.now(),
      reply: decide(webhookId, previous),
      answeredAt: null,
    };
    requests.push(record);
    if (record.reply.kind === 'hang') {
      // Past the sender's timeout: it gives up and closes, so this answer is never read.
      const timer = setTimeout(() => answer(res, record), record.reply.ms);
      res.once('close', () => clearTimeout(timer));
      return;
    }
    answer(res, record);
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    requests,
    delivered: () =>
      new Set(requests.filter((r) => r.reply.kind === 'ok' && r.answeredAt !== null).map((r) => r.webhookId)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as a local test server saw it, body read as text. */
export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A running local server: its base URL, what it received, and how to stop it. */
export interface LocalHttpServer {
  /** `http://127.0.0.1:PORT` without a trailing slash. */
  url: string;
  received: ReceivedRequest[];
  server: Server;
  close(): Promise<void>;
}

/** Handles one request after its body was read; may leave the response open to simulate a hang. */
export type LocalHandler = (req: ReceivedRequest, res: ServerResponse) => unknown;

/**
 * Starts a node:http server on 127.0.0.1 with an OS-chosen port (fixed ports collide with
 * client sockets) for tests of outbound delivery. `close()` also drops hanging connections.
 */
export async function startLocalHttpServer(handler: LocalHandler): Promise<LocalHttpServer> {
  const received: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const entry: ReceivedRequest = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      received.push(entry);
      Promise.resolve(handler(entry, res)).catch((err: unknown) => {
        res.statusCode = 500;
        res.end(String(err));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

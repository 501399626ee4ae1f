import type { AddressInfo } from 'node:net';
import type { DialectName } from '@bellwether/storage';
import { serve } from '@hono/node-server';
import { ADMIN_KEY, startTestApp, type TestApp } from '../../../server/src/testing/test-app.js';

/** A real Bellwether listening on a free local port, for client tests. */
export interface TestServer {
  url: string;
  apiKey: string;
  app: TestApp;
  close(): Promise<void>;
}

/** Starts an in-process server on port 0 over a fresh database of the dialect. */
export async function startTestServer(dialect: DialectName = 'sqlite'): Promise<TestServer> {
  const app = await startTestApp(dialect);
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>(
    (resolve) => {
      const s = serve({ fetch: app.app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) =>
        resolve({ server: s, port: info.port }),
      );
    },
  );
  return {
    url: `http://127.0.0.1:${port}`,
    apiKey: ADMIN_KEY,
    app,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.close();
    },
  };
}

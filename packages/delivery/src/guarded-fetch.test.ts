import { afterEach, describe, expect, it } from 'vitest';
import { createGuardedFetch } from './guarded-fetch.js';
import { createSsrfGuard, OutboundRefusedError } from './ssrf-guard.js';
import { type LocalHttpServer, startLocalHttpServer } from './testing/local-http-server.js';

const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function redirectingServer(): Promise<LocalHttpServer> {
  const server = await startLocalHttpServer((req, res) => {
    if (req.url === '/start') res.writeHead(302, { location: '/elsewhere' }).end();
    else res.end('here');
  });
  cleanups.push(() => server.close());
  return server;
}

describe('createGuardedFetch', () => {
  it('fetches from an allow-listed address and refuses to follow redirects', async () => {
    const server = await redirectingServer();
    const guarded = createGuardedFetch(createSsrfGuard({ allow: '127.0.0.1/32' }), 1000);
    cleanups.push(() => guarded.close());
    const res = await guarded.fetch(`${server.url}/elsewhere`, { method: 'POST', body: 'x' });
    expect(await res.text()).toBe('here');
    await expect(guarded.fetch(`${server.url}/start`)).rejects.toThrow();
    expect(server.received.map((r) => r.url)).toEqual(['/elsewhere', '/start']);
  });

  it('rejects with the refusal as the cause for a loopback address', async () => {
    const server = await redirectingServer();
    const guarded = createGuardedFetch(createSsrfGuard(), 1000);
    cleanups.push(() => guarded.close());
    const err = await guarded.fetch(`${server.url}/elsewhere`).catch((e: unknown) => e);
    expect((err as Error).cause).toBeInstanceOf(OutboundRefusedError);
    expect(server.received).toHaveLength(0);
  });
});

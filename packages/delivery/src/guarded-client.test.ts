import { get } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createGuardedClient, type GuardedClient } from './guarded-client.js';
import { GuardedHttpAgent } from './guarded-node-agent.js';
import { createSsrfGuard, OutboundRefusedError, type SsrfGuard } from './ssrf-guard.js';
import {
  type LocalHandler,
  type LocalHttpServer,
  startLocalHttpServer,
} from './testing/local-http-server.js';
import { createThreadedGuardedClient, type ThreadedGuardedClient } from './threaded-guarded-client.js';

const allowLoopback = createSsrfGuard({ allow: '127.0.0.1/32,::1/128' });
const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serve(handler: LocalHandler): Promise<LocalHttpServer> {
  const server = await startLocalHttpServer(handler);
  cleanups.push(() => server.close());
  return server;
}

function client(
  options: { guard?: SsrfGuard; timeoutMs?: number; maxResponseBytes?: number } = {},
): GuardedClient {
  const c = createGuardedClient({ guard: allowLoopback, ...options });
  cleanups.push(() => c.close());
  return c;
}

describe('createGuardedClient', () => {
  it('sends the method, headers and body and returns status, headers and a 4 KiB preview', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(201, { 'x-reply': 'yes', 'content-type': 'text/plain' });
      res.end('a'.repeat(10_000));
    });
    const result = await client().send({
      url: `${server.url}/hook?x=1`,
      headers: { 'content-type': 'application/json', 'x-test': 'one' },
      body: '{"hello":"world"}',
    });
    expect(result).toMatchObject({ outcome: 'response', status: 201 });
    if (result.outcome !== 'response') throw new Error('expected a response');
    expect(result.headers['x-reply']).toBe('yes');
    expect(result.bodyPreview).toBe('a'.repeat(4096));
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
    expect(server.received[0]).toMatchObject({ method: 'POST', url: '/hook?x=1', body: '{"hello":"world"}' });
    expect(server.received[0]?.headers['x-test']).toBe('one');
  });

  it('does not cut a multi-byte character in half at the preview boundary', async () => {
    const server = await serve((_req, res) => res.end(`${'a'.repeat(4095)}é`));
    const result = await client().send({ url: server.url });
    expect(result.outcome === 'response' && result.bodyPreview).toBe('a'.repeat(4095));
  });

  it('returns a redirect as a response without following it', async () => {
    const server = await serve((req, res) => {
      if (req.url === '/start') res.writeHead(302, { location: '/elsewhere' }).end();
      else res.end('followed');
    });
    const result = await client().send({ url: `${server.url}/start` });
    expect(result).toMatchObject({ outcome: 'response', status: 302 });
    expect(server.received.map((r) => r.url)).toEqual(['/start']);
  });

  it('gives up on a server that never answers once the timeout passes', async () => {
    const server = await serve(() => {
      // never respond
    });
    const result = await client({ timeoutMs: 200 }).send({ url: server.url, body: 'x' });
    expect(result).toMatchObject({ outcome: 'error', errorClass: 'timeout' });
    expect(result.durationMs).toBeGreaterThanOrEqual(150);
    expect(result.durationMs).toBeLessThan(2000);
  });

  it('times out a body that stalls after the headers', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200);
      res.write('partial');
    });
    const result = await client({ timeoutMs: 200 }).send({ url: server.url });
    expect(result).toMatchObject({ outcome: 'error', errorClass: 'timeout' });
  });

  it('stops reading a streamed body at the size cap', async () => {
    let written = 0;
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const chunk = 'b'.repeat(16 * 1024);
      const pump = () => {
        while (written < 4 * 1024 * 1024) {
          written += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end();
      };
      res.on('close', () => res.removeAllListeners('drain'));
      pump();
    });
    const result = await client({ maxResponseBytes: 64 * 1024 }).send({ url: server.url });
    expect(result).toMatchObject({ outcome: 'error', errorClass: 'too_large', status: 200 });
    expect(result.outcome === 'error' && result.bodyPreview?.length).toBe(4096);
    expect(written).toBeLessThan(4 * 1024 * 1024);
  });

  it('refuses a declared Content-Length over the cap without reading the body', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': String(2 * 1024 * 1024) });
      res.write('c'.repeat(1024));
    });
    const result = await client({ maxResponseBytes: 1024 * 1024 }).send({ url: server.url });
    expect(result).toMatchObject({ outcome: 'error', errorClass: 'too_large' });
  });

  it('refuses loopback literals and names unless they are allow-listed', async () => {
    const server = await serve((_req, res) => res.end('ok'));
    const strict = client({ guard: createSsrfGuard() });
    const literal = await strict.send({ url: server.url });
    expect(literal).toMatchObject({ outcome: 'error', errorClass: 'refused' });
    expect(literal.outcome === 'error' && literal.message).toMatch(
      /^refused: 127\.0\.0\.1 is a loopback address/,
    );
    const named = await strict.send({ url: server.url.replace('127.0.0.1', 'localhost') });
    expect(named).toMatchObject({ outcome: 'error', errorClass: 'refused' });
    expect(server.received).toHaveLength(0);
    const allowedByName = client({ guard: createSsrfGuard({ allow: 'localhost' }) });
    expect(await allowedByName.send({ url: server.url.replace('127.0.0.1', 'localhost') })).toMatchObject({
      outcome: 'response',
      status: 200,
    });
  });

  it('checks the address actually connected, even when the lookup let it through', async () => {
    const server = await serve((_req, res) => res.end('ok'));
    const strict = createSsrfGuard();
    // A lookup that waves everything through stands in for a DNS answer that changed after the check.
    const leaky: SsrfGuard = {
      ...strict,
      lookup: (_host, options, callback) =>
        options.all ? callback(null, [{ address: '127.0.0.1', family: 4 }]) : callback(null, '127.0.0.1', 4),
    };
    const result = await client({ guard: leaky }).send({
      url: server.url.replace('127.0.0.1', 'rebind.test'),
    });
    expect(result).toMatchObject({ outcome: 'error', errorClass: 'refused' });
    expect(server.received).toHaveLength(0);
  });

  it('reports a closed port as a network error', async () => {
    const server = await serve((_req, res) => res.end());
    const url = server.url;
    await server.close();
    const result = await client().send({ url });
    expect(result).toMatchObject({ outcome: 'error', errorClass: 'network' });
    expect(result.outcome === 'error' && result.message).toContain('ECONNREFUSED');
  });

  it.each(['ftp://example.com/file', 'not a url', 'file:///etc/passwd'])(
    'refuses the URL %s as invalid',
    async (url) => {
      expect(await client().send({ url })).toMatchObject({ outcome: 'error', errorClass: 'invalid_url' });
    },
  );
});

describe('GuardedHttpAgent', () => {
  function fetchStatus(url: string, agent: GuardedHttpAgent): Promise<number | Error> {
    return new Promise((resolve) => {
      get(url, { agent }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).on('error', resolve);
    });
  }

  it('refuses loopback literals and names for node:http requests unless allow-listed', async () => {
    const server = await serve((_req, res) => res.end('ok'));
    const strict = new GuardedHttpAgent(createSsrfGuard());
    cleanups.push(async () => strict.destroy());
    const literal = await fetchStatus(server.url, strict);
    expect(literal).toBeInstanceOf(OutboundRefusedError);
    const named = await fetchStatus(server.url.replace('127.0.0.1', 'localhost'), strict);
    expect(named).toBeInstanceOf(OutboundRefusedError);
    expect(server.received).toHaveLength(0);

    const allowed = new GuardedHttpAgent(allowLoopback);
    cleanups.push(async () => allowed.destroy());
    expect(await fetchStatus(server.url, allowed)).toBe(200);
    expect(await fetchStatus(server.url.replace('127.0.0.1', 'localhost'), allowed)).toBe(200);
  });
});

function threadedClient(options: { allow?: string; timeoutMs?: number } = {}): ThreadedGuardedClient {
  const c = createThreadedGuardedClient({ allow: '127.0.0.1/32', ...options });
  cleanups.push(() => c.close());
  return c;
}

describe('createThreadedGuardedClient', () => {
  it('sends from its thread and answers with status, headers and the body preview', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(202, { 'x-reply': 'yes' });
      res.end('b'.repeat(5000));
    });
    const result = await threadedClient().send({
      url: `${server.url}/hook`,
      headers: { 'content-type': 'application/json', 'x-test': 'one' },
      body: '{"hello":"world"}',
    });
    expect(result).toMatchObject({ outcome: 'response', status: 202, bodyPreview: 'b'.repeat(4096) });
    expect(result.outcome === 'response' && result.headers['x-reply']).toBe('yes');
    expect(server.received[0]).toMatchObject({ method: 'POST', url: '/hook', body: '{"hello":"world"}' });
    expect(server.received[0]?.headers['x-test']).toBe('one');
  });

  it('gives each of many requests sent at once its own answer', async () => {
    const server = await serve((req, res) => res.end(`echo ${req.body}`));
    const c = threadedClient();
    const bodies = Array.from({ length: 300 }, (_, i) => `{"n":${i}}`);
    const results = await Promise.all(bodies.map((body) => c.send({ url: server.url, body })));
    expect(results.map((r) => (r.outcome === 'response' ? r.bodyPreview : r.message))).toEqual(
      bodies.map((b) => `echo ${b}`),
    );
    expect(server.received).toHaveLength(300);
  });

  it('applies the SSRF guard of its allow-list and the timeout in the thread', async () => {
    const server = await serve(() => {
      // Never answers.
    });
    expect(await threadedClient({ allow: '' }).send({ url: server.url })).toMatchObject({
      outcome: 'error',
      errorClass: 'refused',
    });
    expect(await threadedClient({ timeoutMs: 200 }).send({ url: server.url })).toMatchObject({
      outcome: 'error',
      errorClass: 'timeout',
    });
  });

  it('answers what the thread held as network errors when it ends, and starts a new one after', async () => {
    let answer = false;
    const server = await serve((_req, res) => {
      if (answer) res.end('ok');
    });
    const c = threadedClient({ timeoutMs: 10_000 });
    const held = c.send({ url: server.url });
    await new Promise((r) => setTimeout(r, 300));
    // The next request goes out before the old thread has finished ending: its end must not
    // take the new thread's request with it.
    const ended = c.terminate();
    answer = true;
    const next = c.send({ url: server.url });
    await ended;
    expect(await held).toMatchObject({ outcome: 'error', errorClass: 'network' });
    expect(await next).toMatchObject({ outcome: 'response', status: 200 });
    expect(await c.send({ url: server.url })).toMatchObject({ outcome: 'response', status: 200 });
  });
});

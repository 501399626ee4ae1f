import { Pool } from 'undici';

/** A JSON client of a bench server's API, authenticated with its admin key. */
export interface BenchApi {
  /** Sends one request; resolves to the parsed JSON answer, throws on a non-2xx status. */
  call(method: string, path: string, body?: unknown): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

/** Opens an undici Pool to `url` (a few keep-alive connections are plenty for setup and probes). */
export function createBenchApi(url: string, apiKey: string, connections = 8): BenchApi {
  const pool = new Pool(url, { connections, pipelining: 1 });
  return {
    async call(method, path, body) {
      const res = await pool.request({
        method: method as 'GET',
        path,
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.body.text();
      if (res.statusCode >= 300) throw new Error(`${method} ${path}: ${res.statusCode} ${text}`);
      return text ? (JSON.parse(text) as Record<string, unknown>) : {};
    },
    close: () => pool.close(),
  };
}

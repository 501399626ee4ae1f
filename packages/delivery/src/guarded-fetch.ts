import { Agent, fetch } from 'undici';
import { createGuardedConnector } from './guarded-client.js';
import type { SsrfGuard } from './ssrf-guard.js';

/** A `fetch` whose connections pass the SSRF guard, for libraries that take a fetch function. */
export interface GuardedFetch {
  /** undici's fetch on the guarded dispatcher; redirects are refused unless the caller asks otherwise. */
  fetch: typeof fetch;
  /** Closes pooled connections. */
  close(): Promise<void>;
}

/**
 * Creates a guarded fetch (for @slack/web-api 8's `fetch` option). Bodies must be strings, bytes
 * or undici's own FormData: Node's global FormData is a different class to this undici.
 */
export function createGuardedFetch(guard: SsrfGuard, timeoutMs = 15_000): GuardedFetch {
  const dispatcher = new Agent({
    connect: createGuardedConnector(guard, timeoutMs),
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  const guarded = ((input, init) => fetch(input, { redirect: 'error', ...init, dispatcher })) as typeof fetch;
  return Object.freeze({ fetch: guarded, close: () => dispatcher.close() });
}

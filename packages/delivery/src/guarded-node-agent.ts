import http from 'node:http';
import https from 'node:https';
import { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { SsrfGuard } from './ssrf-guard.js';

type ConnectCallback = (err: Error | null, stream: Duplex) => void;

// A socket that fails with the refusal as soon as the request listens, so node:http reports it
// through the request's 'error' event like any other connection failure.
function refusedSocket(refusal: Error): Socket {
  const socket = new Socket();
  process.nextTick(() => socket.destroy(refusal));
  return socket;
}

function guardedOptions<T extends http.ClientRequestArgs>(guard: SsrfGuard, options: T): T | Error {
  const host = options.host ?? options.hostname ?? 'localhost';
  return guard.checkHost(host) ?? { ...options, lookup: guard.lookup };
}

/** An `http.Agent` whose connections pass the SSRF guard (for libraries built on node:http). */
export class GuardedHttpAgent extends http.Agent {
  readonly #guard: SsrfGuard;

  /** Wraps the usual agent options; the guard's `lookup` replaces any other. */
  constructor(guard: SsrfGuard, options?: http.AgentOptions) {
    super(options);
    this.#guard = guard;
  }

  /** Connects like `http.Agent`, after the guard allowed an IP-literal host or via the guarded lookup. */
  override createConnection(
    options: http.ClientRequestArgs,
    callback?: ConnectCallback,
  ): Duplex | null | undefined {
    const checked = guardedOptions(this.#guard, options);
    return checked instanceof Error ? refusedSocket(checked) : super.createConnection(checked, callback);
  }
}

/** An `https.Agent` whose connections pass the SSRF guard (for libraries built on node:https). */
export class GuardedHttpsAgent extends https.Agent {
  readonly #guard: SsrfGuard;

  /** Wraps the usual agent options; the guard's `lookup` replaces any other. */
  constructor(guard: SsrfGuard, options?: https.AgentOptions) {
    super(options);
    this.#guard = guard;
  }

  /** Connects like `https.Agent`, after the guard allowed an IP-literal host or via the guarded lookup. */
  override createConnection(
    options: https.RequestOptions,
    callback?: ConnectCallback,
  ): Duplex | null | undefined {
    const checked = guardedOptions(this.#guard, options);
    return checked instanceof Error ? refusedSocket(checked) : super.createConnection(checked, callback);
  }
}

/**
 * The guarded agent for a base URL's protocol. Libraries that take one `agent` for both
 * protocols (axios-based clients such as @slack/web-api 7) need the one that matches the URL
 * they call. (@slack/web-api 8 takes a fetch instead: see createGuardedFetch.)
 */
export function createGuardedNodeAgent(
  guard: SsrfGuard,
  baseUrl: string,
  options: http.AgentOptions = { keepAlive: true },
): GuardedHttpAgent | GuardedHttpsAgent {
  return new URL(baseUrl).protocol === 'http:'
    ? new GuardedHttpAgent(guard, options)
    : new GuardedHttpsAgent(guard, options);
}

import type { Readable } from 'node:stream';
import { Agent, buildConnector, request } from 'undici';
import { OutboundRefusedError, type SsrfGuard } from './ssrf-guard.js';

/** How many bytes of a response body an attempt records. */
export const BODY_PREVIEW_BYTES = 4096;

/** Why a request produced no usable response. */
export type SendErrorClass = 'timeout' | 'refused' | 'network' | 'too_large' | 'invalid_url';

/** One outbound request. */
export interface SendRequest {
  url: string;
  /** Default `POST`. */
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array | null;
}

/** A response arrived (any status: a 3xx is not followed, a 5xx is not an error here). */
export interface SendResponse {
  outcome: 'response';
  status: number;
  /** Lower-case names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  /** The first 4 KiB of the body as UTF-8 text. */
  bodyPreview: string;
  durationMs: number;
}

/** No usable response. For `too_large` the status line and headers had arrived and are included. */
export interface SendError {
  outcome: 'error';
  errorClass: SendErrorClass;
  message: string;
  durationMs: number;
  status?: number;
  headers?: Record<string, string>;
  bodyPreview?: string;
}

/** What {@link GuardedClient.send} returns: never throws for network trouble. */
export type SendResult = SendResponse | SendError;

/** The one outbound HTTP client: SSRF-guarded, time-limited, size-capped, no redirects. */
export interface GuardedClient {
  send(req: SendRequest): Promise<SendResult>;
  /** Closes pooled connections. */
  close(): Promise<void>;
}

/** Options of {@link createGuardedClient}. */
export interface GuardedClientOptions {
  guard: SsrfGuard;
  /** The whole request (connect, headers and body) must finish within this. Default 15 000 ms. */
  timeoutMs?: number;
  /** Larger response bodies fail with `too_large`. Default 1 MiB. */
  maxResponseBytes?: number;
  /**
   * Open connections kept per origin at most; requests beyond wait for one. Default 64: enough to
   * keep a fast receiver busy, few enough that a burst does not open hundreds of sockets to it.
   */
  connectionsPerOrigin?: number;
  /** A millisecond clock for `durationMs`; default `performance.now`. */
  now?: () => number;
}

/**
 * An undici connector that checks the destination before and after connecting: IP-literal hosts
 * up front (net.connect skips `lookup` for them), host names in the guarded `lookup`, and the
 * socket's actual remote address once connected, so DNS rebinding between check and connect
 * cannot slip through.
 */
export function createGuardedConnector(guard: SsrfGuard, timeoutMs: number): buildConnector.connector {
  const connect = buildConnector({ timeout: timeoutMs, lookup: guard.lookup });
  return (options, callback) => {
    const early = guard.checkHost(options.hostname);
    if (early) {
      callback(early, null);
      return;
    }
    connect(options, (err, socket) => {
      if (err || !socket) {
        callback(err ?? new Error('connect failed'), null);
        return;
      }
      const remote = socket.remoteAddress;
      const refusal = remote
        ? guard.checkAddress(remote, options.hostname)
        : new Error('the connected socket has no remote address');
      if (refusal) {
        socket.destroy();
        callback(refusal, null);
        return;
      }
      callback(null, socket);
    });
  };
}

function flattenHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function decodePreview(chunks: readonly Uint8Array[]): string {
  if (chunks.length === 0) return '';
  const bytes = chunks.length === 1 ? (chunks[0] as Uint8Array) : Buffer.concat(chunks);
  // stream: true drops a multi-byte character cut in half at the 4 KiB boundary.
  return new TextDecoder('utf-8').decode(bytes, { stream: true });
}

/**
 * Reads a response body to its end (or past `maxBytes`), keeping its first 4 KiB as chunks.
 * Event listeners rather than `for await`: this runs for every delivery, and the async iterator
 * and a 4 KiB buffer per response were a visible share of a worker's time.
 */
function readBodyPreview(
  body: Readable,
  maxBytes: number,
): Promise<{ preview: Uint8Array[]; tooLarge: boolean }> {
  return new Promise((resolve, reject) => {
    const preview: Uint8Array[] = [];
    let kept = 0;
    let total = 0;
    const onData = (chunk: Uint8Array) => {
      if (kept < BODY_PREVIEW_BYTES) {
        const part =
          chunk.length <= BODY_PREVIEW_BYTES - kept ? chunk : chunk.subarray(0, BODY_PREVIEW_BYTES - kept);
        preview.push(part);
        kept += part.length;
      }
      total += chunk.length;
      if (total > maxBytes) {
        cleanup();
        resolve({ preview, tooLarge: true });
      }
    };
    const onEnd = () => {
      cleanup();
      resolve({ preview, tooLarge: false });
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const cleanup = () => {
      body.off('data', onData);
      body.off('end', onEnd);
      body.off('error', onError);
    };
    body.on('data', onData);
    body.on('end', onEnd);
    body.on('error', onError);
  });
}

function errorCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string'
    ? err.code
    : undefined;
}

function findRefusal(err: unknown): OutboundRefusedError | null {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    if (current instanceof OutboundRefusedError) return current;
    current = current.cause;
  }
  return null;
}

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/**
 * Creates the guarded client on an undici Agent whose connector runs the SSRF guard on the
 * address actually connected. Redirects are never followed; only http and https URLs are sent.
 */
export function createGuardedClient(options: GuardedClientOptions): GuardedClient {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const maxResponseBytes = options.maxResponseBytes ?? 1024 * 1024;
  const now = options.now ?? (() => performance.now());
  const agent = new Agent({
    connect: createGuardedConnector(options.guard, timeoutMs),
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    connections: options.connectionsPerOrigin ?? 64,
  });

  const send = async (req: SendRequest): Promise<SendResult> => {
    const started = now();
    const elapsed = () => Math.max(0, Math.round(now() - started));
    const fail = (errorClass: SendErrorClass, message: string): SendError => ({
      outcome: 'error',
      errorClass,
      message,
      durationMs: elapsed(),
    });

    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      return fail('invalid_url', `"${req.url}" is not a valid URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return fail('invalid_url', `only http and https URLs can be sent, not ${url.protocol}`);
    }

    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error(`no complete response within ${timeoutMs} ms`));
    }, timeoutMs);
    try {
      const res = await request(url, {
        dispatcher: agent,
        method: (req.method ?? 'POST').toUpperCase(),
        headers: req.headers ?? {},
        body: req.body ?? null,
        signal: controller.signal,
      });
      const headers = flattenHeaders(res.headers);
      const declared = Number(headers['content-length']);
      const read =
        Number.isFinite(declared) && declared > maxResponseBytes
          ? { preview: [], tooLarge: true }
          : await readBodyPreview(res.body, maxResponseBytes);
      if (read.tooLarge) {
        res.body.destroy();
        return {
          ...fail('too_large', `the response body is larger than ${maxResponseBytes} bytes`),
          status: res.statusCode,
          headers,
          bodyPreview: decodePreview(read.preview),
        };
      }
      return {
        outcome: 'response',
        status: res.statusCode,
        headers,
        bodyPreview: decodePreview(read.preview),
        durationMs: elapsed(),
      };
    } catch (err) {
      const refusal = findRefusal(err);
      if (refusal) return fail('refused', refusal.message);
      if (timedOut || TIMEOUT_CODES.has(errorCode(err) ?? '')) {
        return fail('timeout', `no complete response within ${timeoutMs} ms`);
      }
      const message = err instanceof Error ? err.message : String(err);
      const code = errorCode(err);
      return fail('network', code && !message.includes(code) ? `${message} (${code})` : message);
    } finally {
      clearTimeout(timer);
    }
  };

  return Object.freeze({ send, close: () => agent.close() });
}

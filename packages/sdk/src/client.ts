import createFetchClient, { type Client } from 'openapi-fetch';
import { BellwetherApiError, toProblem } from './api-error.js';
import type { paths } from './schema.generated.js';

/** The typed REST client: `client.GET('/api/v1/teams')`, with paths and bodies from the OpenAPI document. */
export type BellwetherClient = Client<paths>;

/** How to reach a Bellwether server. */
export interface ClientOptions {
  /** The server origin, e.g. `http://localhost:8080` (paths carry `/api/v1`). */
  baseUrl: string;
  /** An API key (`Authorization: Bearer …`). */
  apiKey?: string | undefined;
  /** A fetch to use instead of the global one (tests, proxies). */
  fetch?: typeof fetch;
  /** Extra headers sent with every request. */
  headers?: Record<string, string>;
}

/**
 * Creates a typed client. Calls return openapi-fetch's `{ data, error, response }`; wrap them in
 * `unwrap()` to get the data or a thrown BellwetherApiError.
 */
export function createClient(options: ClientOptions): BellwetherClient {
  const headers: Record<string, string> = { ...options.headers };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
  return createFetchClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    headers,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

/** What every openapi-fetch call resolves to. */
interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Returns a call's data, or throws BellwetherApiError carrying the problem+json of a failed call. */
export function unwrap<T>(result: FetchResult<T>): T {
  if (!result.response.ok)
    throw new BellwetherApiError(result.response.status, toProblem(result.response.status, result.error));
  // A 204 has no body: openapi-fetch reports `{}`; callers of such routes ignore the value.
  return result.data as T;
}

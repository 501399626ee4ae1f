import { BellwetherApiError, toProblem } from '@bellwether/sdk';
import type { Connection } from './cli-config.js';
import { CliError } from './cli-error.js';

/** Calls the REST API (`path` under /api/v1) and returns the parsed JSON; throws BellwetherApiError on non-2xx. */
export async function apiRequest<T = unknown>(
  connection: Connection,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (connection.apiKey) headers.authorization = `Bearer ${connection.apiKey}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(`${connection.url}/api/v1${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    throw new CliError(`Cannot reach ${connection.url}${cause}`);
  }
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {}
  if (!res.ok) throw new BellwetherApiError(res.status, toProblem(res.status, parsed));
  return parsed as T;
}

/** Encodes one path segment. */
export const seg = encodeURIComponent;

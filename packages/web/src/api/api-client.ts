/** One field error of a 422 problem: the JSON path of the field and what is wrong with it. */
export interface FieldError {
  path: string;
  message: string;
}

/** A failed API call, carrying the problem+json `detail` a person can act on. */
export class ApiError extends Error {
  readonly status: number;
  readonly detail: string;
  readonly errors: readonly FieldError[];

  constructor(status: number, detail: string, errors: readonly FieldError[] = []) {
    super(detail);
    this.name = 'ApiError';
    this.status = status;
    this.detail = detail;
    this.errors = errors;
  }

  /** The message for one field path (exact, or the first error under it). */
  fieldError(path: string): string | undefined {
    const exact = this.errors.find((e) => e.path === path);
    if (exact) return exact.message;
    return this.errors.find((e) => e.path.startsWith(`${path}.`))?.message;
  }
}

/** Options of one API call: method and a JSON body. */
export interface ApiRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
}

/** Path segments are user-chosen names: encode each so `a/b` never reads as two segments. */
export function apiPath(strings: TemplateStringsArray, ...values: readonly (string | number)[]): string {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += encodeURIComponent(String(value)) + (strings[i + 1] ?? '');
  });
  return out;
}

/**
 * Calls the Bellwether API under /api/v1 with the browser session cookie; a non-2xx answer
 * throws an ApiError with the problem's detail and field errors.
 */
export async function api<T>(path: string, request: ApiRequest = {}): Promise<T> {
  const init: RequestInit = { method: request.method ?? 'GET', credentials: 'same-origin' };
  if (request.signal) init.signal = request.signal;
  if (request.body !== undefined) {
    init.body = JSON.stringify(request.body);
    init.headers = { 'content-type': 'application/json' };
  }
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, init);
  } catch (error) {
    if (error instanceof Error && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'The server could not be reached. Check your connection and try again.');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const json: unknown = text ? safeParse(text) : undefined;
  if (!response.ok) {
    const problem = (json ?? {}) as { detail?: unknown; title?: unknown; errors?: unknown };
    const detail =
      typeof problem.detail === 'string'
        ? problem.detail
        : typeof problem.title === 'string'
          ? problem.title
          : `The server answered ${response.status}.`;
    const errors = Array.isArray(problem.errors) ? (problem.errors as FieldError[]) : [];
    throw new ApiError(response.status, detail, errors);
  }
  return json as T;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The first array in a list response such as `{"webhooks":[…]}`, whatever its key. */
export function listOf<T>(body: unknown): T[] {
  if (Array.isArray(body)) return body as T[];
  if (body && typeof body === 'object') {
    for (const value of Object.values(body)) if (Array.isArray(value)) return value as T[];
  }
  return [];
}

import { BellwetherError, type FieldError } from '@bellwether/core';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ZodError } from 'zod';

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Formats a zod issue path as `rows[0].values.loss`. */
export function formatPath(path: readonly PropertyKey[], prefix = ''): string {
  let out = prefix;
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(body)' : out;
}

/** Turns a zod error on a request part into field errors (unknown keys are named one by one). */
export function zodFieldErrors(error: ZodError, prefix = ''): FieldError[] {
  const errors: FieldError[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        errors.push({ path: formatPath([...issue.path, key], prefix), message: `unknown field '${key}'` });
      }
      continue;
    }
    errors.push({ path: formatPath(issue.path, prefix), message: issue.message });
  }
  return errors;
}

/** Converts any thrown value into a BellwetherError; unknown errors become a 500 with no details. */
export function toBellwetherError(error: unknown): BellwetherError {
  if (error instanceof BellwetherError) return error;
  if (error instanceof HTTPException) {
    const status = error.status;
    if (status === 413) {
      return new BellwetherError(
        'body_too_large',
        413,
        'The request body is larger than the configured limit (BELLWETHER_BODY_LIMIT).',
      );
    }
    if (status === 400 && /json/i.test(error.message)) {
      return new BellwetherError('malformed_json', 400, 'The request body is not valid JSON.');
    }
    return new BellwetherError('http_error', status, error.message || TITLES[status] || 'Request failed.');
  }
  return new BellwetherError('internal_error', 500, 'An unexpected error occurred; it has been logged.');
}

/** The one place where errors become application/problem+json responses (RFC 9457). */
export function problemResponse(c: Context, error: BellwetherError): Response {
  const body: Record<string, unknown> = {
    type: `https://bellwether.dev/problems/${error.code.replace(/_/g, '-')}`,
    title: TITLES[error.status] ?? 'Error',
    status: error.status,
    detail: error.message,
    code: error.code,
    instance: c.req.path,
  };
  if (error.errors.length > 0) body.errors = error.errors;
  return new Response(JSON.stringify(body), {
    status: error.status,
    headers: { 'content-type': 'application/problem+json' },
  });
}

/** One field that failed validation: its JSON path and what is wrong with it. */
export interface FieldError {
  path: string;
  message: string;
}

/**
 * The one error type of Bellwether: a stable `code`, the HTTP status it maps to, a `detail` a
 * person can act on, and for validation errors the offending fields. The HTTP boundary turns it
 * into application/problem+json (RFC 9457).
 */
export class BellwetherError extends Error {
  readonly code: string;
  readonly status: number;
  readonly errors: readonly FieldError[];

  constructor(code: string, status: number, detail: string, errors: readonly FieldError[] = []) {
    super(detail);
    this.name = 'BellwetherError';
    this.code = code;
    this.status = status;
    this.errors = errors;
  }
}

/** 404: the named thing does not exist (or is not visible to the caller). */
export function notFound(what: string): BellwetherError {
  return new BellwetherError('not_found', 404, `${what} was not found.`);
}

/** 403: the caller is known but its role does not allow this. */
export function forbidden(detail: string): BellwetherError {
  return new BellwetherError('forbidden', 403, detail);
}

/** 409: the write conflicts with existing state (duplicate name, resource in use). */
export function conflict(detail: string, errors: readonly FieldError[] = []): BellwetherError {
  return new BellwetherError('conflict', 409, detail, errors);
}

/** 422: the request is well-formed JSON but a field is invalid. */
export function invalid(path: string, message: string): BellwetherError {
  return new BellwetherError('validation_failed', 422, `${path}: ${message}`, [{ path, message }]);
}

/** Field errors a 422 lists at most: a 100,000-entry body wrong everywhere gets a readable answer. */
export const MAX_LISTED_FIELD_ERRORS = 100;

/** Paths the detail of a 422 names at most, before "and N more". */
const MAX_NAMED_PATHS = 10;

/**
 * 422 with several field errors at once. The detail counts them all and names the first few;
 * `errors` holds the first {@link MAX_LISTED_FIELD_ERRORS}.
 */
export function invalidFields(errors: readonly FieldError[]): BellwetherError {
  const first = errors[0];
  const named = errors
    .slice(0, MAX_NAMED_PATHS)
    .map((e) => e.path)
    .join(', ');
  const more = errors.length > MAX_NAMED_PATHS ? `, and ${errors.length - MAX_NAMED_PATHS} more` : '';
  const detail =
    errors.length === 1 && first
      ? `${first.path}: ${first.message}`
      : `${errors.length} fields are invalid: ${named}${more}`;
  return new BellwetherError('validation_failed', 422, detail, errors.slice(0, MAX_LISTED_FIELD_ERRORS));
}

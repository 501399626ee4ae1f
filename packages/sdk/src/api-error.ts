/** One field that failed validation, as the server's problem+json names it. */
export interface ProblemFieldError {
  path: string;
  message: string;
}

/** An RFC 9457 problem document as Bellwether sends it. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  errors?: ProblemFieldError[];
  [key: string]: unknown;
}

/**
 * The error every SDK call throws when the server answers with a non-2xx status: the status and
 * the problem+json body, so callers can branch on `code` or show `errors` field by field.
 */
export class BellwetherApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  readonly code: string;

  constructor(status: number, problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.name = 'BellwetherApiError';
    this.status = status;
    this.problem = problem;
    this.code = problem.code ?? `http_${status}`;
  }

  /** Field errors of a 422, empty otherwise. */
  get errors(): ProblemFieldError[] {
    return this.problem.errors ?? [];
  }
}

/** Reads a problem from an error body of unknown shape (a string body becomes its detail). */
export function toProblem(status: number, body: unknown): Problem {
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) return body as Problem;
  const detail = typeof body === 'string' && body !== '' ? body : `HTTP ${status}`;
  return { status, detail };
}

/** One request of an access matrix and the status SPEC §7 gives each role for it. */
export interface AccessCase<R extends string> {
  method: string;
  /** A path, or one per role where each allowed role must act on its own resource (deletes). */
  path: string | ((role: R) => string);
  body?: (role: R) => unknown;
  expect: Record<R, number>;
}

/** The path a case requests for a role. */
export function casePath<R extends string>(c: AccessCase<R>, role: R): string {
  return typeof c.path === 'string' ? c.path : c.path(role);
}

/** Expected statuses: every role of `roles` gets `status`, anonymous callers 401, then `except`. */
export function expectAll<R extends string>(
  roles: readonly R[],
  status: number,
  except: Partial<Record<R, number>>,
): Record<R, number> {
  const expected = Object.fromEntries(roles.map((r) => [r, status])) as Record<R, number>;
  return { ...expected, anonymous: 401, ...except };
}

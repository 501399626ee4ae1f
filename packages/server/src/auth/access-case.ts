import { ADMIN_KEY, type TestApp } from '../testing/test-app.js';

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

/** The callers every access matrix has, as API keys (null: no key). */
export interface TeamRoleKeys {
  anonymous: null;
  orgAdmin: string;
  /** An admin of team `other` only. */
  outsider: string;
  /** Team `ml`'s viewer, member and admin. */
  viewer: string;
  member: string;
  teamAdmin: string;
}

/** Creates the users of {@link TeamRoleKeys} (teams `ml` and `other` must exist). */
export async function createTeamRoleKeys(t: Pick<TestApp, 'userWithKey'>): Promise<TeamRoleKeys> {
  return {
    anonymous: null,
    orgAdmin: ADMIN_KEY,
    outsider: await t.userWithKey('outsider', { other: 'admin' }),
    viewer: await t.userWithKey('viewer', { ml: 'viewer' }),
    member: await t.userWithKey('member', { ml: 'member' }),
    teamAdmin: await t.userWithKey('team-admin', { ml: 'admin' }),
  };
}

import type { AccessCase } from './access-case.js';

/** The callers of the tracking matrix: outsiders belong to another team only. */
export type TrackingRole = 'anonymous' | 'outsider' | 'viewer' | 'member' | 'teamAdmin' | 'orgAdmin';

/** Every caller of the tracking matrix, in the order requests are made. */
export const TRACKING_ROLES: TrackingRole[] = [
  'anonymous',
  'outsider',
  'viewer',
  'member',
  'teamAdmin',
  'orgAdmin',
];

const P = '/api/v1/teams/ml/projects/cifar';
// Team-scoped routes: readers are viewer+, writers member+, managers admin; outsiders (members of
// another team only) get 403 and anonymous callers 401.
const read = { anonymous: 401, outsider: 403, viewer: 200, member: 200, teamAdmin: 200, orgAdmin: 200 };
const write = (ok: number) => ({
  anonymous: 401,
  outsider: 403,
  viewer: 403,
  member: ok,
  teamAdmin: ok,
  orgAdmin: ok,
});
const manage = (ok: number) => ({
  anonymous: 401,
  outsider: 403,
  viewer: 403,
  member: 403,
  teamAdmin: ok,
  orgAdmin: ok,
});
const orgOnly = (ok: number) => ({
  anonymous: 401,
  outsider: 403,
  viewer: 403,
  member: 403,
  teamAdmin: 403,
  orgAdmin: ok,
});
const anyUser = (ok: number) => ({
  anonymous: 401,
  outsider: ok,
  viewer: ok,
  member: ok,
  teamAdmin: ok,
  orgAdmin: ok,
});
// Signing in and out needs no credentials: every caller, anonymous included, gets the same answer.
const everyone = (ok: number) => ({ ...anyUser(ok), anonymous: ok });

/**
 * Sessions, the viewer, users, teams, members, projects, runs and metrics. Fixtures: teams `ml`
 * and `other`, project `ml/cifar` with run `r1`, and a user `spare` (password `password-123`).
 */
export const TRACKING_ACCESS_CASES: AccessCase<TrackingRole>[] = [
  {
    method: 'POST',
    path: '/api/v1/auth/login',
    body: () => ({ username: 'spare', password: 'password-123' }),
    expect: everyone(200),
  },
  { method: 'POST', path: '/api/v1/auth/logout', expect: everyone(204) },
  { method: 'GET', path: '/api/v1/viewer', expect: anyUser(200) },
  { method: 'GET', path: '/api/v1/viewer/api-keys', expect: anyUser(200) },
  { method: 'POST', path: '/api/v1/viewer/api-keys', body: () => ({ name: 'k' }), expect: anyUser(201) },
  { method: 'GET', path: '/api/v1/users', expect: orgOnly(200) },
  {
    method: 'POST',
    path: '/api/v1/users',
    body: (r) => ({ username: `new-${r}`, email: `${r}@x.io` }),
    expect: orgOnly(201),
  },
  { method: 'GET', path: '/api/v1/teams', expect: anyUser(200) },
  { method: 'POST', path: '/api/v1/teams', body: (r) => ({ name: `team-${r}` }), expect: orgOnly(201) },
  { method: 'GET', path: '/api/v1/teams/ml', expect: read },
  { method: 'GET', path: '/api/v1/teams/ml/members', expect: read },
  { method: 'GET', path: '/api/v1/teams/ml/members/viewer', expect: read },
  {
    method: 'PUT',
    path: '/api/v1/teams/ml/members/spare',
    body: () => ({ role: 'viewer' }),
    expect: manage(200),
  },
  { method: 'DELETE', path: '/api/v1/teams/ml/members/spare', expect: { ...manage(204), orgAdmin: 404 } },
  { method: 'GET', path: '/api/v1/teams/ml/projects', expect: read },
  {
    method: 'POST',
    path: '/api/v1/teams/ml/projects',
    body: (r) => ({ name: `p-${r}` }),
    expect: write(201),
  },
  { method: 'GET', path: P, expect: read },
  { method: 'PATCH', path: P, body: () => ({ description: 'd' }), expect: write(200) },
  { method: 'GET', path: `${P}/runs`, expect: read },
  { method: 'PUT', path: `${P}/runs/r1`, body: () => ({ tags: ['x'] }), expect: write(200) },
  { method: 'PATCH', path: `${P}/runs/r1`, body: () => ({ display_name: 'renamed' }), expect: write(200) },
  { method: 'GET', path: `${P}/runs/r1`, expect: read },
  {
    method: 'POST',
    path: `${P}/runs/r1/history`,
    body: () => ({ rows: [{ values: { loss: 1 } }] }),
    expect: write(200),
  },
  { method: 'GET', path: `${P}/runs/r1/history`, expect: read },
];

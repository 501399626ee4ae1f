import { TEST_DIALECTS } from '@bellwether/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, startTestApp, type TestApp } from '../testing/test-app.js';

type Role = 'anonymous' | 'outsider' | 'viewer' | 'member' | 'teamAdmin' | 'orgAdmin';
const ROLES: Role[] = ['anonymous', 'outsider', 'viewer', 'member', 'teamAdmin', 'orgAdmin'];

interface Case {
  method: string;
  path: string;
  body?: (role: Role) => unknown;
  /** Expected status per role; roles not listed expect `otherwise`. */
  expect: Partial<Record<Role, number>>;
}

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
const anyUser = { anonymous: 401, outsider: 200, viewer: 200, member: 200, teamAdmin: 200, orgAdmin: 200 };

const CASES: Case[] = [
  { method: 'GET', path: '/api/v1/viewer', expect: anyUser },
  {
    method: 'POST',
    path: '/api/v1/viewer/api-keys',
    body: () => ({ name: 'k' }),
    expect: { ...anyUser, outsider: 201, viewer: 201, member: 201, teamAdmin: 201, orgAdmin: 201 },
  },
  { method: 'GET', path: '/api/v1/users', expect: orgOnly(200) },
  {
    method: 'POST',
    path: '/api/v1/users',
    body: (r) => ({ username: `new-${r}`, email: `${r}@x.io` }),
    expect: orgOnly(201),
  },
  { method: 'GET', path: '/api/v1/teams', expect: anyUser },
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

for (const { dialect, available } of TEST_DIALECTS) {
  describe.skipIf(!available)(`access matrix on ${dialect}`, () => {
    let t: TestApp;
    const keys = {} as Record<Role, string | null>;
    beforeAll(async () => {
      t = await startTestApp(dialect);
      await t.request('POST', '/api/v1/teams', { body: { name: 'other' } });
      await t.request('POST', '/api/v1/teams/ml/projects', { body: { name: 'cifar' } });
      await t.request('PUT', `${P}/runs/r1`, { body: {} });
      keys.anonymous = null;
      keys.orgAdmin = ADMIN_KEY;
      keys.outsider = await t.userWithKey('outsider', { other: 'admin' });
      keys.viewer = await t.userWithKey('viewer', { ml: 'viewer' });
      keys.member = await t.userWithKey('member', { ml: 'member' });
      keys.teamAdmin = await t.userWithKey('team-admin', { ml: 'admin' });
      await t.userWithKey('spare');
    });
    afterAll(async () => t.close());

    it.each(CASES)('$method $path gives each role exactly its allowed status', async (c) => {
      const got: Record<string, number> = {};
      const want: Record<string, number> = {};
      for (const role of ROLES) {
        const res = await t.request(c.method, c.path, {
          key: keys[role],
          ...(c.body ? { body: c.body(role) } : {}),
        });
        got[role] = res.status;
        want[role] = c.expect[role] ?? -1;
        if (res.status >= 400) expect(res.headers.get('content-type')).toBe('application/problem+json');
      }
      expect(got).toEqual(want);
    });

    it("refuses another team's resources to members of this one, and changes nothing", async () => {
      await t.request('POST', '/api/v1/teams/other/projects', { body: { name: 'secret' } });
      for (const role of ['viewer', 'member', 'teamAdmin'] as const) {
        const key = keys[role];
        expect((await t.request('GET', '/api/v1/teams/other/projects', { key })).status).toBe(403);
        expect(
          (await t.request('PUT', '/api/v1/teams/other/projects/secret/runs/x', { key, body: {} })).status,
        ).toBe(403);
        expect(
          (await t.request('PUT', '/api/v1/teams/other/members/viewer', { key, body: { role: 'admin' } }))
            .status,
        ).toBe(403);
      }
      const runs = await t.request('GET', '/api/v1/teams/other/projects/secret/runs');
      expect(runs.body.runs).toEqual([]);
      const members = await t.request('GET', '/api/v1/teams/other/members');
      expect(members.body.members.map((m: { username: string }) => m.username)).toEqual([
        'admin',
        'outsider',
      ]);
    });

    it('keeps the last admin of a team', async () => {
      const res = await t.request('DELETE', '/api/v1/teams/other/members/outsider');
      expect(res.status).toBe(204);
      const last = await t.request('PUT', '/api/v1/teams/other/members/admin', { body: { role: 'viewer' } });
      expect(last.status).toBe(409);
    });
  });
}

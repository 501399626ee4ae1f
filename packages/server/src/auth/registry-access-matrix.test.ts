import { TEST_DIALECTS } from '@bellwether/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, startTestApp, type TestApp } from '../testing/test-app.js';

type Role =
  | 'anonymous'
  | 'outsider'
  | 'teamViewer'
  | 'teamMember'
  | 'teamAdmin'
  | 'regRestricted'
  | 'regViewer'
  | 'regMember'
  | 'regAdmin'
  | 'orgAdmin';
const ROLES: Role[] = [
  'anonymous',
  'outsider',
  'teamViewer',
  'teamMember',
  'teamAdmin',
  'regRestricted',
  'regViewer',
  'regMember',
  'regAdmin',
  'orgAdmin',
];

interface Case {
  method: string;
  /** A path, or one per role where each allowed role must act on its own resource (deletes). */
  path: string | ((role: Role) => string);
  body?: (role: Role) => unknown;
  expect: Record<Role, number>;
}

/** Every role gets `status` except those listed. */
const all = (status: number, except: Partial<Record<Role, number>>): Record<Role, number> => ({
  ...(Object.fromEntries(ROLES.map((r) => [r, status])) as Record<Role, number>),
  anonymous: 401,
  ...except,
});
// Team members of ml read (viewer+) and write (member+) its artifacts; registry members hold no
// role in ml. Registry roles read (restricted_viewer+), write (member+) and manage (admin).
const teamRead = all(403, { teamViewer: 200, teamMember: 200, teamAdmin: 200, orgAdmin: 200 });
const teamWrite = (ok: number) => all(403, { teamMember: ok, teamAdmin: ok, orgAdmin: ok });
const regRead = all(403, {
  regRestricted: 200,
  regViewer: 200,
  regMember: 200,
  regAdmin: 200,
  orgAdmin: 200,
});
const regWrite = (ok: number) => all(403, { regMember: ok, regAdmin: ok, orgAdmin: ok });
const regManage = (ok: number) => all(403, { regAdmin: ok, orgAdmin: ok });

const P = '/api/v1/teams/ml/projects/cifar/artifacts';
const V = `${P}/resnet/versions`;
const R = '/api/v1/registries/model';
const C = `${R}/collections/classifier`;
const index = (role: Role) => ROLES.indexOf(role);

const CASES: Case[] = [
  { method: 'GET', path: P, expect: teamRead },
  { method: 'POST', path: P, body: (r) => ({ name: `c-${r}`, type: 'model' }), expect: teamWrite(201) },
  { method: 'GET', path: `${P}/resnet`, expect: teamRead },
  { method: 'GET', path: V, expect: teamRead },
  { method: 'POST', path: V, body: () => ({ digest: 'd' }), expect: teamWrite(201) },
  { method: 'GET', path: `${V}/v0`, expect: teamRead },
  {
    method: 'GET',
    path: `${V}/v99`,
    expect: all(403, { teamViewer: 404, teamMember: 404, teamAdmin: 404, orgAdmin: 404 }),
  },
  { method: 'PUT', path: `${V}/v0/aliases/prod`, expect: teamWrite(200) },
  { method: 'DELETE', path: (r) => `${V}/v0/aliases/del-${r}`, expect: teamWrite(204) },
  { method: 'PUT', path: `${V}/v0/tags/good`, expect: teamWrite(200) },
  { method: 'DELETE', path: (r) => `${V}/v0/tags/del-${r}`, expect: teamWrite(204) },
  { method: 'GET', path: '/api/v1/registries', expect: all(200, {}) },
  {
    method: 'POST',
    path: '/api/v1/registries',
    body: (r) => ({ name: `r-${r}` }),
    expect: all(403, { orgAdmin: 201 }),
  },
  { method: 'GET', path: R, expect: regRead },
  { method: 'GET', path: '/api/v1/registries/nope', expect: all(404, {}) },
  { method: 'GET', path: `${R}/members`, expect: regRead },
  { method: 'GET', path: `${R}/members/reg-admin`, expect: regRead },
  { method: 'PUT', path: `${R}/members/spare`, body: () => ({ role: 'viewer' }), expect: regManage(200) },
  {
    method: 'PUT',
    path: `${R}/members/team:lonely`,
    body: () => ({ role: 'viewer' }),
    expect: regManage(200),
  },
  { method: 'DELETE', path: (r) => `${R}/members/spare-${index(r)}`, expect: regManage(204) },
  { method: 'GET', path: `${R}/collections`, expect: regRead },
  {
    method: 'POST',
    path: `${R}/collections`,
    body: (r) => ({ name: `c-${r}`, type: 'model' }),
    expect: regWrite(201),
  },
  { method: 'GET', path: C, expect: regRead },
  { method: 'GET', path: `${C}/versions`, expect: regRead },
  { method: 'GET', path: `${C}/versions/v0`, expect: regRead },
  {
    method: 'POST',
    path: `${C}/links`,
    body: (r) => ({ artifact: `shared/pub/m:v${index(r)}` }),
    expect: regWrite(201),
  },
  {
    // The source lives in team ml, which only the organization admin of all linkers can read.
    method: 'POST',
    path: `${C}/links`,
    body: () => ({ artifact: 'ml/cifar/resnet:v0' }),
    expect: all(403, { orgAdmin: 200 }),
  },
  { method: 'DELETE', path: (r) => `${R}/collections/unlinkable/links/v${index(r)}`, expect: regWrite(204) },
  { method: 'PUT', path: `${C}/versions/v0/aliases/prod`, expect: regWrite(200) },
  { method: 'DELETE', path: (r) => `${C}/versions/v0/aliases/del-${r}`, expect: regWrite(204) },
  { method: 'PUT', path: `${C}/versions/v0/tags/good`, expect: regWrite(200) },
  { method: 'DELETE', path: (r) => `${C}/versions/v0/tags/del-${r}`, expect: regWrite(204) },
];

for (const { dialect, available } of TEST_DIALECTS) {
  describe.skipIf(!available)(`registry and artifact access matrix on ${dialect}`, () => {
    let t: TestApp;
    const keys = {} as Record<Role, string | null>;
    const ok = async (method: string, path: string, body?: unknown) => {
      const res = await t.request(method, path, body === undefined ? {} : { body });
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    };

    beforeAll(async () => {
      t = await startTestApp(dialect);
      for (const team of ['other', 'shared', 'readers', 'lonely'])
        await ok('POST', '/api/v1/teams', { name: team });
      await ok('POST', '/api/v1/teams/ml/projects', { name: 'cifar' });
      await ok('POST', P, { name: 'resnet', type: 'model' });
      await ok('POST', V, { digest: 'd0' });
      await ok('POST', '/api/v1/teams/shared/projects', { name: 'pub' });
      await ok('POST', '/api/v1/teams/shared/projects/pub/artifacts', { name: 'm', type: 'model' });
      await ok('POST', '/api/v1/registries', { name: 'model' });
      await ok('POST', `${R}/collections`, { name: 'classifier', type: 'model' });
      await ok('POST', `${R}/collections`, { name: 'unlinkable', type: 'model' });
      await ok('POST', `${C}/links`, { artifact: 'ml/cifar/resnet:v0' });
      for (const role of ROLES) {
        await ok('POST', '/api/v1/teams/shared/projects/pub/artifacts/m/versions', { digest: role });
        await ok('POST', `${R}/collections/unlinkable/links`, { artifact: `shared/pub/m:v${index(role)}` });
        await ok('PUT', `${V}/v0/aliases/del-${role}`);
        await ok('PUT', `${V}/v0/tags/del-${role}`);
        await ok('PUT', `${C}/versions/v0/aliases/del-${role}`);
        await ok('PUT', `${C}/versions/v0/tags/del-${role}`);
        await ok('POST', '/api/v1/users', {
          username: `spare-${index(role)}`,
          email: `s${index(role)}@x.io`,
        });
        await ok('PUT', `${R}/members/spare-${index(role)}`, { role: 'viewer' });
      }
      await ok('POST', '/api/v1/users', { username: 'spare', email: 'spare@x.io' });
      await ok('PUT', `${R}/members/team:readers`, { role: 'viewer' });
      keys.anonymous = null;
      keys.orgAdmin = ADMIN_KEY;
      keys.outsider = await t.userWithKey('outsider', { other: 'admin' });
      keys.teamViewer = await t.userWithKey('team-viewer', { ml: 'viewer' });
      keys.teamMember = await t.userWithKey('team-member', { ml: 'member' });
      keys.teamAdmin = await t.userWithKey('team-admin', { ml: 'admin' });
      keys.regRestricted = await t.userWithKey('reg-restricted', { shared: 'viewer' });
      // The registry viewer holds its role only through a team.
      keys.regViewer = await t.userWithKey('reg-viewer', { shared: 'viewer', readers: 'member' });
      keys.regMember = await t.userWithKey('reg-member', { shared: 'viewer' });
      keys.regAdmin = await t.userWithKey('reg-admin', { shared: 'viewer' });
      await ok('PUT', `${R}/members/reg-restricted`, { role: 'restricted_viewer' });
      await ok('PUT', `${R}/members/reg-member`, { role: 'member' });
      await ok('PUT', `${R}/members/reg-admin`, { role: 'admin' });
      t.events.length = 0;
    });
    afterAll(async () => t.close());

    it.each(CASES)('$method $path gives each role exactly its allowed status', async (c) => {
      const got: Record<string, number> = {};
      for (const role of ROLES) {
        const before = t.events.length;
        const path = typeof c.path === 'string' ? c.path : c.path(role);
        const res = await t.request(c.method, path, {
          key: keys[role],
          ...(c.body ? { body: c.body(role) } : {}),
        });
        got[role] = res.status;
        if (res.status >= 400) {
          expect(res.headers.get('content-type')).toBe('application/problem+json');
          expect(t.events.length).toBe(before);
        }
      }
      expect(got).toEqual(c.expect);
    });

    it('lists for each caller only the registries it has a role in', async () => {
      const names = async (role: Role) =>
        (await t.request('GET', '/api/v1/registries', { key: keys[role] })).body.registries.map(
          (r: { name: string; role: string }) => `${r.name}:${r.role}`,
        );
      expect(await names('outsider')).toEqual([]);
      expect(await names('teamMember')).toEqual([]);
      expect(await names('regViewer')).toEqual(['model:viewer']);
      expect(await names('regRestricted')).toEqual(['model:restricted_viewer']);
      expect(await names('orgAdmin')).toContain('model:admin');
    });
  });
}

import { type AccessCase, expectAll } from './access-case.js';

/** The callers of the registry matrix: team roles are in `ml`, registry roles in `model`. */
export type RegistryMatrixRole =
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

/** Every caller of the registry matrix, in the order requests are made. */
export const REGISTRY_MATRIX_ROLES: RegistryMatrixRole[] = [
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

/** Every role gets `status` except those listed. */
const all = (status: number, except: Partial<Record<RegistryMatrixRole, number>>) =>
  expectAll(REGISTRY_MATRIX_ROLES, status, except);
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
/** A role's position: per-role fixtures are numbered by it. */
export const registryRoleIndex = (role: RegistryMatrixRole) => REGISTRY_MATRIX_ROLES.indexOf(role);

/**
 * Project artifacts of `ml/cifar` and the registry `model`; the fixtures are made by
 * registry-access-matrix.test.ts.
 */
export const REGISTRY_ACCESS_CASES: AccessCase<RegistryMatrixRole>[] = [
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
  { method: 'DELETE', path: (r) => `${R}/members/spare-${registryRoleIndex(r)}`, expect: regManage(204) },
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
    body: (r) => ({ artifact: `shared/pub/m:v${registryRoleIndex(r)}` }),
    expect: regWrite(201),
  },
  {
    // The source lives in team ml, which only the organization admin of all linkers can read.
    method: 'POST',
    path: `${C}/links`,
    body: () => ({ artifact: 'ml/cifar/resnet:v0' }),
    expect: all(403, { orgAdmin: 200 }),
  },
  {
    method: 'DELETE',
    path: (r) => `${R}/collections/unlinkable/links/v${registryRoleIndex(r)}`,
    expect: regWrite(204),
  },
  { method: 'PUT', path: `${C}/versions/v0/aliases/prod`, expect: regWrite(200) },
  { method: 'DELETE', path: (r) => `${C}/versions/v0/aliases/del-${r}`, expect: regWrite(204) },
  { method: 'PUT', path: `${C}/versions/v0/tags/good`, expect: regWrite(200) },
  { method: 'DELETE', path: (r) => `${C}/versions/v0/tags/del-${r}`, expect: regWrite(204) },
];

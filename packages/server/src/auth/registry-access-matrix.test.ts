import { TEST_DIALECTS } from '@bellwether/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { casePath, createTeamRoleKeys } from './access-case.js';
import {
  REGISTRY_ACCESS_CASES,
  REGISTRY_MATRIX_ROLES,
  type RegistryMatrixRole,
  registryRoleIndex,
} from './registry-access-cases.js';

const P = '/api/v1/teams/ml/projects/cifar/artifacts';
const V = `${P}/resnet/versions`;
const R = '/api/v1/registries/model';
const C = `${R}/collections/classifier`;

for (const { dialect, available } of TEST_DIALECTS) {
  describe.skipIf(!available)(`registry and artifact access matrix on ${dialect}`, () => {
    let t: TestApp;
    const keys = {} as Record<RegistryMatrixRole, string | null>;
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
      for (const role of REGISTRY_MATRIX_ROLES) {
        await ok('POST', '/api/v1/teams/shared/projects/pub/artifacts/m/versions', { digest: role });
        await ok('POST', `${R}/collections/unlinkable/links`, {
          artifact: `shared/pub/m:v${registryRoleIndex(role)}`,
        });
        await ok('PUT', `${V}/v0/aliases/del-${role}`);
        await ok('PUT', `${V}/v0/tags/del-${role}`);
        await ok('PUT', `${C}/versions/v0/aliases/del-${role}`);
        await ok('PUT', `${C}/versions/v0/tags/del-${role}`);
        await ok('POST', '/api/v1/users', {
          username: `spare-${registryRoleIndex(role)}`,
          email: `s${registryRoleIndex(role)}@x.io`,
        });
        await ok('PUT', `${R}/members/spare-${registryRoleIndex(role)}`, { role: 'viewer' });
      }
      await ok('POST', '/api/v1/users', { username: 'spare', email: 'spare@x.io' });
      await ok('PUT', `${R}/members/team:readers`, { role: 'viewer' });
      const { viewer, member, ...common } = await createTeamRoleKeys(t);
      Object.assign(keys, common, { teamViewer: viewer, teamMember: member });
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

    it.each(REGISTRY_ACCESS_CASES)('$method $path gives each role exactly its allowed status', async (c) => {
      const got: Record<string, number> = {};
      for (const role of REGISTRY_MATRIX_ROLES) {
        const before = t.events.length;
        const path = casePath(c, role);
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
      const names = async (role: RegistryMatrixRole) =>
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

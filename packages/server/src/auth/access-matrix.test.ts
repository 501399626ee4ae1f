import { TEST_DIALECTS } from '@bellwether/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { casePath, createTeamRoleKeys } from './access-case.js';
import { TRACKING_ACCESS_CASES, TRACKING_ROLES, type TrackingRole } from './tracking-access-cases.js';

const P = '/api/v1/teams/ml/projects/cifar';

for (const { dialect, available } of TEST_DIALECTS) {
  describe.skipIf(!available)(`access matrix on ${dialect}`, () => {
    let t: TestApp;
    const keys = {} as Record<TrackingRole, string | null>;
    beforeAll(async () => {
      t = await startTestApp(dialect);
      await t.request('POST', '/api/v1/teams', { body: { name: 'other' } });
      await t.request('POST', '/api/v1/teams/ml/projects', { body: { name: 'cifar' } });
      await t.request('PUT', `${P}/runs/r1`, { body: {} });
      Object.assign(keys, await createTeamRoleKeys(t));
      await t.userWithKey('spare');
    });
    afterAll(async () => t.close());

    it.each(TRACKING_ACCESS_CASES)('$method $path gives each role exactly its allowed status', async (c) => {
      const got: Record<string, number> = {};
      for (const role of TRACKING_ROLES) {
        const res = await t.request(c.method, casePath(c, role), {
          key: keys[role],
          ...(c.body ? { body: c.body(role) } : {}),
        });
        got[role] = res.status;
        if (res.status >= 400) expect(res.headers.get('content-type')).toBe('application/problem+json');
      }
      expect(got).toEqual(c.expect);
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

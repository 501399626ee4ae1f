import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestStorage, TEST_DIALECTS, type TestStorage } from '../testing/test-storage.js';
import {
  countRegistryAdmins,
  deleteRegistryMember,
  findRegistryMemberRole,
  findRegistryRoleForUser,
  listRegistryMembers,
  listRegistryRolesForUser,
  putRegistryMember,
  type RegistryMemberKind,
} from './registry-member-repository.js';
import { insertTeam, upsertTeamMember } from './team-repository.js';
import { insertUser } from './user-repository.js';

for (const { dialect, available } of TEST_DIALECTS) {
  describe.skipIf(!available)(`registry members on ${dialect}`, () => {
    let storage: TestStorage;
    beforeEach(async () => {
      storage = await openTestStorage(dialect);
      for (const username of ['ada', 'bob']) {
        await insertUser(storage.db, {
          id: `usr_${username}`,
          org_id: 'org_1',
          username,
          email: `${username}@example.com`,
          display_name: username,
          password_hash: null,
          is_admin: 0,
          created_at: 0,
        });
      }
      for (const name of ['vision', 'nlp']) {
        await insertTeam(storage.db, { id: `team_${name}`, orgId: 'org_1', name, createdAt: 0 });
        await upsertTeamMember(storage.db, {
          teamId: `team_${name}`,
          userId: 'usr_ada',
          role: 'member',
          now: 0,
        });
      }
    });
    afterEach(async () => storage.dispose());

    const put = (
      registryId: string,
      kind: RegistryMemberKind,
      memberId: string,
      role: 'admin' | 'member' | 'viewer' | 'restricted_viewer',
    ) => putRegistryMember(storage.db, { orgId: 'org_1', registryId, kind, memberId, role, now: 1 });

    it('adds a member, then changes its role and reports the previous one', async () => {
      expect(await put('reg_1', 'user', 'usr_bob', 'viewer')).toEqual({ previousRole: null });
      expect(await put('reg_1', 'user', 'usr_bob', 'admin')).toEqual({ previousRole: 'viewer' });
      expect(
        await findRegistryMemberRole(storage.db, { registryId: 'reg_1', kind: 'user', memberId: 'usr_bob' }),
      ).toBe('admin');
      expect(await countRegistryAdmins(storage.db, 'reg_1')).toBe(1);
    });

    it('lists members with usernames and team names, and deletes one', async () => {
      await put('reg_1', 'user', 'usr_bob', 'member');
      await put('reg_1', 'team', 'team_vision', 'viewer');
      await put('reg_2', 'user', 'usr_ada', 'admin');
      const members = await listRegistryMembers(storage.db, 'reg_1');
      expect(members.map((m) => [m.kind, m.name, m.role])).toEqual([
        ['team', 'vision', 'viewer'],
        ['user', 'bob', 'member'],
      ]);
      expect(
        await deleteRegistryMember(storage.db, {
          registryId: 'reg_1',
          kind: 'team',
          memberId: 'team_vision',
        }),
      ).toBe(true);
      expect(
        await deleteRegistryMember(storage.db, {
          registryId: 'reg_1',
          kind: 'team',
          memberId: 'team_vision',
        }),
      ).toBe(false);
      expect(await listRegistryMembers(storage.db, 'reg_1')).toHaveLength(1);
    });

    it('gives a user the role of a team they belong to', async () => {
      await put('reg_1', 'team', 'team_vision', 'viewer');
      expect(await findRegistryRoleForUser(storage.db, 'reg_1', 'usr_ada')).toBe('viewer');
      expect(await findRegistryRoleForUser(storage.db, 'reg_1', 'usr_bob')).toBeUndefined();
      expect(await findRegistryRoleForUser(storage.db, 'reg_2', 'usr_ada')).toBeUndefined();
    });

    it('picks the strongest of a user’s direct and team roles', async () => {
      await put('reg_1', 'user', 'usr_ada', 'restricted_viewer');
      await put('reg_1', 'team', 'team_vision', 'member');
      await put('reg_1', 'team', 'team_nlp', 'viewer');
      expect(await findRegistryRoleForUser(storage.db, 'reg_1', 'usr_ada')).toBe('member');
      await put('reg_1', 'user', 'usr_ada', 'admin');
      expect(await findRegistryRoleForUser(storage.db, 'reg_1', 'usr_ada')).toBe('admin');
    });

    it('lists a user’s strongest role in every registry they reach', async () => {
      await put('reg_1', 'team', 'team_nlp', 'viewer');
      await put('reg_1', 'user', 'usr_ada', 'member');
      await put('reg_2', 'team', 'team_vision', 'restricted_viewer');
      await put('reg_3', 'user', 'usr_bob', 'admin');
      const roles = await listRegistryRolesForUser(storage.db, 'usr_ada');
      expect(Object.fromEntries(roles)).toEqual({ reg_1: 'member', reg_2: 'restricted_viewer' });
    });
  });
}

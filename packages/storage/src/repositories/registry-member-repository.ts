import type { RegistryRole } from '@bellwether/core';
import type { Kysely } from 'kysely';
import type { Database } from '../database-schema.js';

/** Registry members are users or whole teams. */
export type RegistryMemberKind = 'user' | 'team';

/** A registry member with its name resolved (a username or a team name). */
export interface RegistryMember {
  kind: RegistryMemberKind;
  memberId: string;
  name: string;
  role: RegistryRole;
  createdAt: number;
}

const RANK: Readonly<Record<RegistryRole, number>> = { restricted_viewer: 1, viewer: 2, member: 3, admin: 4 };

function strongest(roles: readonly string[]): RegistryRole | undefined {
  let best: RegistryRole | undefined;
  for (const role of roles as readonly RegistryRole[]) {
    if (best === undefined || RANK[role] > RANK[best]) best = role;
  }
  return best;
}

/** Adds a member or changes its role; `previousRole` is null for a new member. */
export async function putRegistryMember(
  db: Kysely<Database>,
  m: {
    orgId: string;
    registryId: string;
    kind: RegistryMemberKind;
    memberId: string;
    role: RegistryRole;
    now: number;
  },
): Promise<{ previousRole: RegistryRole | null }> {
  const previous = await db
    .selectFrom('registry_members')
    .select('role')
    .where('registry_id', '=', m.registryId)
    .where('member_kind', '=', m.kind)
    .where('member_id', '=', m.memberId)
    .executeTakeFirst();
  await db
    .insertInto('registry_members')
    .values({
      org_id: m.orgId,
      registry_id: m.registryId,
      member_kind: m.kind,
      member_id: m.memberId,
      role: m.role,
      created_at: m.now,
    })
    .onConflict((oc) => oc.columns(['registry_id', 'member_kind', 'member_id']).doUpdateSet({ role: m.role }))
    .execute();
  return { previousRole: (previous?.role as RegistryRole | undefined) ?? null };
}

/** Removes a member; false when it was not one. */
export async function deleteRegistryMember(
  db: Kysely<Database>,
  m: { registryId: string; kind: RegistryMemberKind; memberId: string },
): Promise<boolean> {
  const result = await db
    .deleteFrom('registry_members')
    .where('registry_id', '=', m.registryId)
    .where('member_kind', '=', m.kind)
    .where('member_id', '=', m.memberId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Lists a registry's members, users and teams, by kind then name. */
export async function listRegistryMembers(
  db: Kysely<Database>,
  registryId: string,
): Promise<RegistryMember[]> {
  const rows = await db
    .selectFrom('registry_members')
    .leftJoin('users', (join) =>
      join
        .onRef('users.id', '=', 'registry_members.member_id')
        .on('registry_members.member_kind', '=', 'user'),
    )
    .leftJoin('teams', (join) =>
      join
        .onRef('teams.id', '=', 'registry_members.member_id')
        .on('registry_members.member_kind', '=', 'team'),
    )
    .select([
      'registry_members.member_kind',
      'registry_members.member_id',
      'registry_members.role',
      'registry_members.created_at',
      'users.username',
      'teams.name as team_name',
    ])
    .where('registry_members.registry_id', '=', registryId)
    .execute();
  const members = rows.map((r) => ({
    kind: r.member_kind as RegistryMemberKind,
    memberId: r.member_id,
    // A member whose user or team was deleted still shows, by id, so an admin can remove it.
    name: r.username ?? r.team_name ?? r.member_id,
    role: r.role as RegistryRole,
    createdAt: r.created_at,
  }));
  return members.sort(
    (a, b) => a.kind.localeCompare(b.kind) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
}

/** The role of a user or team as a direct member of a registry, or undefined. */
export async function findRegistryMemberRole(
  db: Kysely<Database>,
  m: { registryId: string; kind: RegistryMemberKind; memberId: string },
): Promise<RegistryRole | undefined> {
  const row = await db
    .selectFrom('registry_members')
    .select('role')
    .where('registry_id', '=', m.registryId)
    .where('member_kind', '=', m.kind)
    .where('member_id', '=', m.memberId)
    .executeTakeFirst();
  return row?.role as RegistryRole | undefined;
}

function membershipsOf(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom('registry_members')
    .select(['registry_members.registry_id', 'registry_members.role'])
    .where((eb) =>
      eb.or([
        eb.and([eb('member_kind', '=', 'user'), eb('member_id', '=', userId)]),
        eb.and([
          eb('member_kind', '=', 'team'),
          eb(
            'member_id',
            'in',
            eb.selectFrom('team_members').select('team_id').where('user_id', '=', userId),
          ),
        ]),
      ]),
    );
}

/** The strongest role a user has in a registry, directly or through any of their teams. */
export async function findRegistryRoleForUser(
  db: Kysely<Database>,
  registryId: string,
  userId: string,
): Promise<RegistryRole | undefined> {
  const rows = await membershipsOf(db, userId)
    .where('registry_members.registry_id', '=', registryId)
    .execute();
  return strongest(rows.map((r) => r.role));
}

/** The strongest role a user has in every registry they reach, by registry id (for listings). */
export async function listRegistryRolesForUser(
  db: Kysely<Database>,
  userId: string,
): Promise<Map<string, RegistryRole>> {
  const rows = await membershipsOf(db, userId).execute();
  const byRegistry = new Map<string, string[]>();
  for (const r of rows) byRegistry.set(r.registry_id, [...(byRegistry.get(r.registry_id) ?? []), r.role]);
  const roles = new Map<string, RegistryRole>();
  for (const [id, list] of byRegistry) {
    const role = strongest(list);
    if (role) roles.set(id, role);
  }
  return roles;
}

/** Counts a registry's direct admins, users and teams alike (the last one may not be removed). */
export async function countRegistryAdmins(db: Kysely<Database>, registryId: string): Promise<number> {
  const row = await db
    .selectFrom('registry_members')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('registry_id', '=', registryId)
    .where('role', '=', 'admin')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

import type { TeamRole } from '@bellwether/core';
import type { Kysely } from 'kysely';
import type { Database } from '../database-schema.js';

/** A team. */
export interface Team {
  id: string;
  orgId: string;
  name: string;
  createdAt: number;
}

/** A team member with the user's names. */
export interface TeamMember {
  userId: string;
  username: string;
  displayName: string;
  role: TeamRole;
  createdAt: number;
}

function toTeam(row: { id: string; org_id: string; name: string; created_at: number }): Team {
  return { id: row.id, orgId: row.org_id, name: row.name, createdAt: row.created_at };
}

/** Inserts a team. */
export async function insertTeam(db: Kysely<Database>, team: Team): Promise<Team> {
  await db
    .insertInto('teams')
    .values({ id: team.id, org_id: team.orgId, name: team.name, created_at: team.createdAt })
    .execute();
  return team;
}

/** Finds a team by its name. */
export async function findTeamByName(db: Kysely<Database>, name: string): Promise<Team | undefined> {
  const row = await db.selectFrom('teams').selectAll().where('name', '=', name).executeTakeFirst();
  return row && toTeam(row);
}

/** Finds a team by id. */
export async function findTeamById(db: Kysely<Database>, id: string): Promise<Team | undefined> {
  const row = await db.selectFrom('teams').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toTeam(row);
}

/** Lists teams: all of them, or only those a user belongs to, with the user's role. */
export async function listTeams(
  db: Kysely<Database>,
  filter: { userId?: string },
): Promise<(Team & { role: TeamRole | null })[]> {
  if (filter.userId === undefined) {
    const rows = await db.selectFrom('teams').selectAll().orderBy('name').execute();
    return rows.map((r) => ({ ...toTeam(r), role: null }));
  }
  const rows = await db
    .selectFrom('teams')
    .innerJoin('team_members', 'team_members.team_id', 'teams.id')
    .selectAll('teams')
    .select('team_members.role')
    .where('team_members.user_id', '=', filter.userId)
    .orderBy('teams.name')
    .execute();
  return rows.map((r) => ({ ...toTeam(r), role: r.role as TeamRole }));
}

/** The role of a user in a team, or undefined when not a member. */
export async function findTeamRole(
  db: Kysely<Database>,
  teamId: string,
  userId: string,
): Promise<TeamRole | undefined> {
  const row = await db
    .selectFrom('team_members')
    .select('role')
    .where('team_id', '=', teamId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.role as TeamRole | undefined;
}

/** Adds a member or changes a member's role. */
export async function upsertTeamMember(
  db: Kysely<Database>,
  member: { teamId: string; userId: string; role: TeamRole; now: number },
): Promise<void> {
  await db
    .insertInto('team_members')
    .values({ team_id: member.teamId, user_id: member.userId, role: member.role, created_at: member.now })
    .onConflict((oc) => oc.columns(['team_id', 'user_id']).doUpdateSet({ role: member.role }))
    .execute();
}

/** Removes a member; returns whether one was removed. */
export async function deleteTeamMember(
  db: Kysely<Database>,
  teamId: string,
  userId: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom('team_members')
    .where('team_id', '=', teamId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Lists a team's members. */
export async function listTeamMembers(db: Kysely<Database>, teamId: string): Promise<TeamMember[]> {
  const rows = await db
    .selectFrom('team_members')
    .innerJoin('users', 'users.id', 'team_members.user_id')
    .select([
      'users.id',
      'users.username',
      'users.display_name',
      'team_members.role',
      'team_members.created_at',
    ])
    .where('team_members.team_id', '=', teamId)
    .orderBy('users.username')
    .execute();
  return rows.map((r) => ({
    userId: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role as TeamRole,
    createdAt: r.created_at,
  }));
}

/** Counts a team's admins (the last admin may not be removed). */
export async function countTeamAdmins(db: Kysely<Database>, teamId: string): Promise<number> {
  const row = await db
    .selectFrom('team_members')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('team_id', '=', teamId)
    .where('role', '=', 'admin')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

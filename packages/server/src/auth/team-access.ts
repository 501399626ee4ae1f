import { BellwetherError, forbidden, notFound, type TeamRole } from '@bellwether/core';
import type { Database } from '@bellwether/storage';
import { findTeamByName, findTeamRole, type Team, type User } from '@bellwether/storage';
import type { Kysely } from 'kysely';
import { teamRoleAtLeast } from './roles.js';

/** A team the caller may act in, with the caller's effective role there. */
export interface TeamAccess {
  team: Team;
  role: TeamRole;
}

/**
 * Finds a team by name and checks the caller's role in it: 404 when the team does not exist, 403
 * when the caller is not a member or the role is too weak. Organization admins act as team admins.
 */
export async function requireTeamRole(
  db: Kysely<Database>,
  user: User,
  teamName: string,
  needed: TeamRole,
): Promise<TeamAccess> {
  const team = await findTeamByName(db, teamName);
  if (!team) throw notFound(`Team '${teamName}'`);
  const role = user.isAdmin ? 'admin' : await findTeamRole(db, team.id, user.id);
  if (role === undefined) throw forbidden(`You are not a member of team '${teamName}'.`);
  if (!teamRoleAtLeast(role, needed)) {
    throw forbidden(`This needs the role '${needed}' or higher in team '${teamName}'; you are '${role}'.`);
  }
  return { team, role };
}

/** 403 unless the caller is an organization admin. */
export function requireOrgAdmin(user: User): void {
  if (!user.isAdmin) throw new BellwetherError('forbidden', 403, 'Only organization admins may do this.');
}

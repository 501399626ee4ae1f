import { notFound, type TeamRole } from '@bellwether/core';
import { type Database, findProject, type Project, type User } from '@bellwether/storage';
import type { Kysely } from 'kysely';
import { requireTeamRole, type TeamAccess } from './team-access.js';

/** A project the caller may act in. */
export interface ProjectAccess extends TeamAccess {
  project: Project;
}

/** Checks the caller's team role, then finds the project (404 when it does not exist). */
export async function requireProjectRole(
  db: Kysely<Database>,
  user: User,
  teamName: string,
  projectName: string,
  needed: TeamRole,
): Promise<ProjectAccess> {
  const access = await requireTeamRole(db, user, teamName, needed);
  const project = await findProject(db, access.team.id, projectName);
  if (!project) throw notFound(`Project '${teamName}/${projectName}'`);
  return { ...access, project };
}

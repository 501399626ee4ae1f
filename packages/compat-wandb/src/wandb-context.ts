import { notFound, type TeamRole } from '@bellwether/core';
import {
  findProject,
  insertProject,
  listTeams,
  type Project,
  type Team,
  type User,
} from '@bellwether/storage';
import type { ClientApiHost } from '@bellwether/tracking';

/** The authenticated caller of one wandb request. */
export interface WandbCaller {
  host: ClientApiHost;
  user: User;
}

/** The caller's default entity: the first team (by name) they belong to. */
export async function defaultEntity(caller: WandbCaller): Promise<string> {
  const teams = await listTeams(caller.host.tracking.storage.db, { userId: caller.user.id });
  const team = teams[0];
  if (!team) throw notFound(`A team for user '${caller.user.username}'`);
  return team.name;
}

/**
 * The team and project a wandb entity/project name pair means, checked for `needed`. wandb
 * creates projects on first use, so a member writing to a missing project creates it.
 */
export async function projectFor(
  caller: WandbCaller,
  entity: string | null | undefined,
  project: string | null | undefined,
  needed: TeamRole,
  create: boolean,
): Promise<{ team: Team; project: Project } | undefined> {
  const { host, user } = caller;
  const db = host.tracking.storage.db;
  const teamName = entity || (await defaultEntity(caller));
  const projectName = project || 'uncategorized';
  const { team } = await host.access.requireTeamRole(db, user, teamName, needed);
  const found = await findProject(db, team.id, projectName);
  if (found) return { team, project: found };
  if (!create) return undefined;
  const now = host.tracking.clock();
  const made = await insertProject(db, {
    id: host.tracking.ids('prj'),
    teamId: team.id,
    name: projectName,
    description: '',
    createdAt: now,
    updatedAt: now,
  });
  return { team, project: made };
}

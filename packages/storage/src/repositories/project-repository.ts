import type { Kysely } from 'kysely';
import type { Database, ProjectTable } from '../database-schema.js';

/** A project of a team. */
export interface Project {
  id: string;
  teamId: string;
  name: string;
  description: string;
  createdAt: number;
  updatedAt: number;
}

function toProject(row: ProjectTable): Project {
  return {
    id: row.id,
    teamId: row.team_id,
    name: row.name,
    description: row.description,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Inserts a project. */
export async function insertProject(db: Kysely<Database>, p: Project): Promise<Project> {
  await db
    .insertInto('projects')
    .values({
      id: p.id,
      team_id: p.teamId,
      name: p.name,
      description: p.description,
      created_at: p.createdAt,
      updated_at: p.updatedAt,
    })
    .execute();
  return p;
}

/** Finds a project by team and name. */
export async function findProject(
  db: Kysely<Database>,
  teamId: string,
  name: string,
): Promise<Project | undefined> {
  const row = await db
    .selectFrom('projects')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('name', '=', name)
    .executeTakeFirst();
  return row && toProject(row);
}

/** Lists a team's projects by name. */
export async function listProjects(db: Kysely<Database>, teamId: string): Promise<Project[]> {
  const rows = await db
    .selectFrom('projects')
    .selectAll()
    .where('team_id', '=', teamId)
    .orderBy('name')
    .execute();
  return rows.map(toProject);
}

/** Updates a project's description. */
export async function updateProject(
  db: Kysely<Database>,
  id: string,
  patch: { description: string; updatedAt: number },
): Promise<void> {
  await db
    .updateTable('projects')
    .set({ description: patch.description, updated_at: patch.updatedAt })
    .where('id', '=', id)
    .execute();
}

import { conflict } from '@bellwether/core';
import { findProject, insertProject, listProjects, type Project, updateProject } from '@bellwether/storage';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppDeps, AppEnv } from '../app-deps.js';
import { requireProjectRole } from '../auth/project-access.js';
import { requireTeamRole } from '../auth/team-access.js';
import {
  DescriptionSchema,
  errorResponses,
  jsonBody,
  jsonResponse,
  NameSchema,
} from '../http/common-schemas.js';

const ProjectSchema = z
  .object({
    id: z.string(),
    team: z.string(),
    name: z.string(),
    description: z.string(),
    created_at: z.number(),
    updated_at: z.number(),
  })
  .openapi('Project');
const TeamParams = z.object({ team: z.string() });
const ProjectParams = z.object({ team: z.string(), project: z.string() });

function projectBody(teamName: string, p: Project) {
  return {
    id: p.id,
    team: teamName,
    name: p.name,
    description: p.description,
    created_at: p.createdAt,
    updated_at: p.updatedAt,
  };
}

/** A team's projects. */
export function projectRoute(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  const db = deps.storage.db;
  app.openapi(
    createRoute({
      method: 'get',
      path: '/teams/{team}/projects',
      tags: ['projects'],
      summary: "List a team's projects",
      request: { params: TeamParams },
      responses: {
        200: jsonResponse(z.object({ projects: z.array(ProjectSchema) }), 'Projects'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { team } = await requireTeamRole(db, c.get('user'), c.req.valid('param').team, 'viewer');
      return c.json(
        { projects: (await listProjects(db, team.id)).map((p) => projectBody(team.name, p)) },
        200,
      );
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/teams/{team}/projects',
      tags: ['projects'],
      summary: 'Create a project (team members and admins)',
      request: {
        params: TeamParams,
        ...jsonBody(z.strictObject({ name: NameSchema, description: DescriptionSchema.default('') })),
      },
      responses: { 201: jsonResponse(ProjectSchema, 'Created'), ...errorResponses },
    }),
    async (c) => {
      const { team } = await requireTeamRole(db, c.get('user'), c.req.valid('param').team, 'member');
      const body = c.req.valid('json');
      const now = deps.clock();
      const project = await db.transaction().execute(async (trx) => {
        if (await findProject(trx, team.id, body.name)) {
          throw conflict(`Project '${team.name}/${body.name}' already exists.`, [
            { path: 'name', message: 'already taken' },
          ]);
        }
        return insertProject(trx, {
          id: deps.ids('prj'),
          teamId: team.id,
          name: body.name,
          description: body.description,
          createdAt: now,
          updatedAt: now,
        });
      });
      return c.json(projectBody(team.name, project), 201);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/teams/{team}/projects/{project}',
      tags: ['projects'],
      summary: 'Get a project',
      request: { params: ProjectParams },
      responses: { 200: jsonResponse(ProjectSchema, 'The project'), ...errorResponses },
    }),
    async (c) => {
      const params = c.req.valid('param');
      const { team, project } = await requireProjectRole(
        db,
        c.get('user'),
        params.team,
        params.project,
        'viewer',
      );
      return c.json(projectBody(team.name, project), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'patch',
      path: '/teams/{team}/projects/{project}',
      tags: ['projects'],
      summary: "Change a project's description (team members and admins)",
      request: { params: ProjectParams, ...jsonBody(z.strictObject({ description: DescriptionSchema })) },
      responses: { 200: jsonResponse(ProjectSchema, 'The project'), ...errorResponses },
    }),
    async (c) => {
      const params = c.req.valid('param');
      const { team, project } = await requireProjectRole(
        db,
        c.get('user'),
        params.team,
        params.project,
        'member',
      );
      const { description } = c.req.valid('json');
      const updatedAt = deps.clock();
      await updateProject(db, project.id, { description, updatedAt });
      return c.json(projectBody(team.name, { ...project, description, updatedAt }), 200);
    },
  );
  return app;
}

import { BellwetherError, conflict, notFound } from '@bellwether/core';
import {
  countTeamAdmins,
  deleteTeamMember,
  findTeamByName,
  findTeamRole,
  findUserByUsername,
  insertTeam,
  listTeamMembers,
  listTeams,
  type TeamMember,
  upsertTeamMember,
} from '@bellwether/storage';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppDeps, AppEnv } from '../app-deps.js';
import { requireOrgAdmin, requireTeamRole } from '../auth/team-access.js';
import { errorResponses, HandleSchema, jsonBody, jsonResponse } from '../http/common-schemas.js';

const TeamRoleSchema = z.enum(['admin', 'member', 'viewer']);
const TeamSchema = z
  .object({ id: z.string(), name: z.string(), role: z.string().nullable(), created_at: z.number() })
  .openapi('Team');
const MemberSchema = z
  .object({ username: z.string(), display_name: z.string(), role: TeamRoleSchema, created_at: z.number() })
  .openapi('TeamMember');
const TeamParams = z.object({ team: z.string() });
const MemberParams = z.object({ team: z.string(), username: z.string() });

function memberBody(m: TeamMember) {
  return { username: m.username, display_name: m.displayName, role: m.role, created_at: m.createdAt };
}

/** Teams and their members with roles. */
export function teamRoute(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  const db = deps.storage.db;

  app.openapi(
    createRoute({
      method: 'get',
      path: '/teams',
      tags: ['teams'],
      summary: 'List the teams the caller belongs to (all teams for organization admins)',
      responses: { 200: jsonResponse(z.object({ teams: z.array(TeamSchema) }), 'Teams'), ...errorResponses },
    }),
    async (c) => {
      const user = c.get('user');
      const teams = await listTeams(db, user.isAdmin ? {} : { userId: user.id });
      return c.json(
        {
          teams: teams.map((t) => ({
            id: t.id,
            name: t.name,
            role: user.isAdmin ? 'admin' : t.role,
            created_at: t.createdAt,
          })),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/teams',
      tags: ['teams'],
      summary: 'Create a team (organization admins); the creator becomes its admin',
      request: jsonBody(z.strictObject({ name: HandleSchema })),
      responses: { 201: jsonResponse(TeamSchema, 'Created'), ...errorResponses },
    }),
    async (c) => {
      const user = c.get('user');
      requireOrgAdmin(user);
      const { name } = c.req.valid('json');
      const now = deps.clock();
      const team = await db.transaction().execute(async (trx) => {
        if (await findTeamByName(trx, name)) {
          throw conflict(`A team named '${name}' already exists.`, [
            { path: 'name', message: 'already taken' },
          ]);
        }
        const created = await insertTeam(trx, {
          id: deps.ids('team'),
          orgId: user.orgId,
          name,
          createdAt: now,
        });
        await upsertTeamMember(trx, { teamId: created.id, userId: user.id, role: 'admin', now });
        return created;
      });
      return c.json({ id: team.id, name: team.name, role: 'admin', created_at: team.createdAt }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/teams/{team}',
      tags: ['teams'],
      summary: 'Get a team',
      request: { params: TeamParams },
      responses: { 200: jsonResponse(TeamSchema, 'The team'), ...errorResponses },
    }),
    async (c) => {
      const { team, role } = await requireTeamRole(db, c.get('user'), c.req.valid('param').team, 'viewer');
      return c.json({ id: team.id, name: team.name, role, created_at: team.createdAt }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/teams/{team}/members',
      tags: ['teams'],
      summary: "List a team's members",
      request: { params: TeamParams },
      responses: {
        200: jsonResponse(z.object({ members: z.array(MemberSchema) }), 'Members'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { team } = await requireTeamRole(db, c.get('user'), c.req.valid('param').team, 'viewer');
      return c.json({ members: (await listTeamMembers(db, team.id)).map(memberBody) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/teams/{team}/members/{username}',
      tags: ['teams'],
      summary: 'Get one member',
      request: { params: MemberParams },
      responses: { 200: jsonResponse(MemberSchema, 'The member'), ...errorResponses },
    }),
    async (c) => {
      const params = c.req.valid('param');
      const { team } = await requireTeamRole(db, c.get('user'), params.team, 'viewer');
      const member = (await listTeamMembers(db, team.id)).find((m) => m.username === params.username);
      if (!member) throw notFound(`Member '${params.username}' of team '${params.team}'`);
      return c.json(memberBody(member), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/teams/{team}/members/{username}',
      tags: ['teams'],
      summary: 'Add a member or change their role (team admins)',
      request: { params: MemberParams, ...jsonBody(z.strictObject({ role: TeamRoleSchema })) },
      responses: { 200: jsonResponse(MemberSchema, 'The member'), ...errorResponses },
    }),
    async (c) => {
      const params = c.req.valid('param');
      const { role } = c.req.valid('json');
      const { team } = await requireTeamRole(db, c.get('user'), params.team, 'admin');
      const user = await findUserByUsername(db, params.username);
      if (!user) throw notFound(`User '${params.username}'`);
      await db.transaction().execute(async (trx) => {
        const current = await findTeamRole(trx, team.id, user.id);
        if (current === 'admin' && role !== 'admin' && (await countTeamAdmins(trx, team.id)) === 1) {
          throw lastAdmin(params.team);
        }
        await upsertTeamMember(trx, { teamId: team.id, userId: user.id, role, now: deps.clock() });
      });
      const member = (await listTeamMembers(db, team.id)).find((m) => m.userId === user.id);
      if (!member) throw notFound(`Member '${params.username}'`);
      return c.json(memberBody(member), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/teams/{team}/members/{username}',
      tags: ['teams'],
      summary: 'Remove a member (team admins)',
      request: { params: MemberParams },
      responses: { 204: { description: 'Removed' }, ...errorResponses },
    }),
    async (c) => {
      const params = c.req.valid('param');
      const { team } = await requireTeamRole(db, c.get('user'), params.team, 'admin');
      const user = await findUserByUsername(db, params.username);
      if (!user) throw notFound(`User '${params.username}'`);
      await db.transaction().execute(async (trx) => {
        const current = await findTeamRole(trx, team.id, user.id);
        if (current === undefined) throw notFound(`Member '${params.username}' of team '${params.team}'`);
        if (current === 'admin' && (await countTeamAdmins(trx, team.id)) === 1) throw lastAdmin(params.team);
        await deleteTeamMember(trx, team.id, user.id);
      });
      return c.body(null, 204);
    },
  );
  return app;
}

function lastAdmin(team: string) {
  return new BellwetherError(
    'last_admin',
    409,
    `Team '${team}' needs at least one admin; make someone else admin first.`,
  );
}

import { BellwetherError, notFound } from '@bellwether/core';
import {
  countRegistryAdmins,
  type Database,
  deleteRegistryMember,
  findRegistryMemberRole,
  findTeamByName,
  findUserByUsername,
  listRegistryMembers,
  putRegistryMember,
  type RegistryMember,
  type RegistryMemberKind,
} from '@bellwether/storage';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Kysely } from 'kysely';
import type { AppDeps, AppEnv } from '../app-deps.js';
import { requireRegistryRole } from '../auth/registry-access.js';
import { errorResponses, jsonBody, jsonResponse } from '../http/common-schemas.js';
import { RegistryRoleSchema } from './registry-schemas.js';

const MemberSchema = z
  .object({
    member: z.string().openapi({ description: 'A username, or `team:<name>` for a team.' }),
    kind: z.enum(['user', 'team']),
    name: z.string(),
    role: RegistryRoleSchema,
    created_at: z.number(),
  })
  .openapi('RegistryMember');
const RegistryParams = z.object({ registry: z.string() });
const MemberParams = z.object({ registry: z.string(), member: z.string().min(1).max(200) });
const TEAM_PREFIX = 'team:';

function memberBody(m: RegistryMember) {
  return {
    member: m.kind === 'team' ? `${TEAM_PREFIX}${m.name}` : m.name,
    kind: m.kind,
    name: m.name,
    role: m.role,
    created_at: m.createdAt,
  };
}

/** Resolves `alice` to a user and `team:ml` to a team; 404 when neither exists. */
async function resolveMember(
  db: Kysely<Database>,
  member: string,
): Promise<{ kind: RegistryMemberKind; memberId: string }> {
  if (member.startsWith(TEAM_PREFIX)) {
    const team = await findTeamByName(db, member.slice(TEAM_PREFIX.length));
    if (!team) throw notFound(`Team '${member.slice(TEAM_PREFIX.length)}'`);
    return { kind: 'team', memberId: team.id };
  }
  const user = await findUserByUsername(db, member);
  if (!user) throw notFound(`User '${member}'`);
  return { kind: 'user', memberId: user.id };
}

async function findMember(db: Kysely<Database>, registryId: string, kind: string, memberId: string) {
  return (await listRegistryMembers(db, registryId)).find((m) => m.kind === kind && m.memberId === memberId);
}

function lastAdmin(registry: string) {
  return new BellwetherError(
    'last_admin',
    409,
    `Registry '${registry}' needs at least one admin; make someone else admin first.`,
  );
}

/** A registry's members: users and teams with roles (registry admins manage them). */
export function registryMemberRoute(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  const db = deps.storage.db;

  app.openapi(
    createRoute({
      method: 'get',
      path: '/registries/{registry}/members',
      tags: ['registries'],
      summary: "List a registry's members",
      request: { params: RegistryParams },
      responses: {
        200: jsonResponse(z.object({ members: z.array(MemberSchema) }), 'Members'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { registry } = await requireRegistryRole(
        db,
        c.get('user'),
        c.req.valid('param').registry,
        'restricted_viewer',
      );
      return c.json({ members: (await listRegistryMembers(db, registry.id)).map(memberBody) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/registries/{registry}/members/{member}',
      tags: ['registries'],
      summary: 'Get one member (a username or `team:<name>`)',
      request: { params: MemberParams },
      responses: { 200: jsonResponse(MemberSchema, 'The member'), ...errorResponses },
    }),
    async (c) => {
      const params = c.req.valid('param');
      const { registry } = await requireRegistryRole(db, c.get('user'), params.registry, 'restricted_viewer');
      const { kind, memberId } = await resolveMember(db, params.member);
      const member = await findMember(db, registry.id, kind, memberId);
      if (!member) throw notFound(`Member '${params.member}' of registry '${params.registry}'`);
      return c.json(memberBody(member), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/registries/{registry}/members/{member}',
      tags: ['registries'],
      summary: 'Add a member or change its role (registry admins)',
      request: { params: MemberParams, ...jsonBody(z.strictObject({ role: RegistryRoleSchema })) },
      responses: { 200: jsonResponse(MemberSchema, 'The member'), ...errorResponses },
    }),
    async (c) => {
      const params = c.req.valid('param');
      const { role } = c.req.valid('json');
      const { registry } = await requireRegistryRole(db, c.get('user'), params.registry, 'admin');
      const { kind, memberId } = await resolveMember(db, params.member);
      await db.transaction().execute(async (trx) => {
        const current = await findRegistryMemberRole(trx, { registryId: registry.id, kind, memberId });
        if (current === 'admin' && role !== 'admin' && (await countRegistryAdmins(trx, registry.id)) === 1) {
          throw lastAdmin(params.registry);
        }
        await putRegistryMember(trx, {
          orgId: registry.orgId,
          registryId: registry.id,
          kind,
          memberId,
          role,
          now: deps.clock(),
        });
      });
      const member = await findMember(db, registry.id, kind, memberId);
      if (!member) throw notFound(`Member '${params.member}'`);
      return c.json(memberBody(member), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/registries/{registry}/members/{member}',
      tags: ['registries'],
      summary: 'Remove a member (registry admins)',
      request: { params: MemberParams },
      responses: { 204: { description: 'Removed' }, ...errorResponses },
    }),
    async (c) => {
      const params = c.req.valid('param');
      const { registry } = await requireRegistryRole(db, c.get('user'), params.registry, 'admin');
      const { kind, memberId } = await resolveMember(db, params.member);
      await db.transaction().execute(async (trx) => {
        const current = await findRegistryMemberRole(trx, { registryId: registry.id, kind, memberId });
        if (current === undefined) {
          throw notFound(`Member '${params.member}' of registry '${params.registry}'`);
        }
        if (current === 'admin' && (await countRegistryAdmins(trx, registry.id)) === 1) {
          throw lastAdmin(params.registry);
        }
        await deleteRegistryMember(trx, { registryId: registry.id, kind, memberId });
      });
      return c.body(null, 204);
    },
  );
  return app;
}

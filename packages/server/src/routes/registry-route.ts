import { conflict } from '@bellwether/core';
import {
  insertRegistry,
  listRegistries,
  listRegistryRolesForUser,
  putRegistryMember,
} from '@bellwether/storage';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppDeps, AppEnv } from '../app-deps.js';
import { requireRegistryRole } from '../auth/registry-access.js';
import { requireOrgAdmin } from '../auth/team-access.js';
import {
  DescriptionSchema,
  errorResponses,
  jsonBody,
  jsonResponse,
  NameSchema,
} from '../http/common-schemas.js';
import { RegistrySchema, registryBody } from './registry-schemas.js';

const NewRegistrySchema = z.strictObject({ name: NameSchema, description: DescriptionSchema.default('') });

/** The organization's registries. */
export function registryRoute(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  const db = deps.storage.db;

  app.openapi(
    createRoute({
      method: 'get',
      path: '/registries',
      tags: ['registries'],
      summary: 'List the registries the caller can see (all of them for organization admins)',
      responses: {
        200: jsonResponse(z.object({ registries: z.array(RegistrySchema) }), 'Registries'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const user = c.get('user');
      const registries = await listRegistries(db, user.orgId);
      const roles = user.isAdmin ? undefined : await listRegistryRolesForUser(db, user.id);
      const visible = registries.flatMap((r) => {
        const role = roles ? roles.get(r.id) : 'admin';
        return role ? [registryBody(r, role)] : [];
      });
      return c.json({ registries: visible }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/registries',
      tags: ['registries'],
      summary: 'Create a registry (organization admins); the creator becomes its admin',
      request: jsonBody(NewRegistrySchema),
      responses: { 201: jsonResponse(RegistrySchema, 'Created'), ...errorResponses },
    }),
    async (c) => {
      const user = c.get('user');
      requireOrgAdmin(user);
      const body = c.req.valid('json');
      const now = deps.clock();
      const registry = await db.transaction().execute(async (trx) => {
        const created = await insertRegistry(trx, {
          id: deps.ids('reg'),
          orgId: user.orgId,
          name: body.name,
          description: body.description,
          createdAt: now,
        });
        if (!created) {
          throw conflict(`A registry named '${body.name}' already exists.`, [
            { path: 'name', message: 'already taken' },
          ]);
        }
        await putRegistryMember(trx, {
          orgId: user.orgId,
          registryId: created.id,
          kind: 'user',
          memberId: user.id,
          role: 'admin',
          now,
        });
        return created;
      });
      return c.json(registryBody(registry, 'admin'), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/registries/{registry}',
      tags: ['registries'],
      summary: 'Get a registry',
      request: { params: z.object({ registry: z.string() }) },
      responses: { 200: jsonResponse(RegistrySchema, 'The registry'), ...errorResponses },
    }),
    async (c) => {
      const access = await requireRegistryRole(
        db,
        c.get('user'),
        c.req.valid('param').registry,
        'restricted_viewer',
      );
      return c.json(registryBody(access.registry, access.role), 200);
    },
  );
  return app;
}

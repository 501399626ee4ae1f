import { conflict } from '@bellwether/core';
import { findUserByUsername, insertUser, listUsers, type User } from '@bellwether/storage';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppDeps, AppEnv } from '../app-deps.js';
import { hashPassword } from '../auth/credentials.js';
import { requireOrgAdmin } from '../auth/team-access.js';
import { errorResponses, HandleSchema, jsonBody, jsonResponse } from '../http/common-schemas.js';

const UserSchema = z
  .object({
    id: z.string(),
    username: z.string(),
    email: z.string(),
    display_name: z.string(),
    is_admin: z.boolean(),
    created_at: z.number(),
  })
  .openapi('User');

const CreateUserSchema = z.strictObject({
  username: HandleSchema,
  email: z.email('must be an email address').max(254),
  display_name: z.string().max(128).optional(),
  password: z.string().min(8, 'must be at least 8 characters').max(1024).optional(),
  is_admin: z.boolean().default(false),
});

/** Serializes a user for the API. */
export function userBody(user: User) {
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    display_name: user.displayName,
    is_admin: user.isAdmin,
    created_at: user.createdAt,
  };
}

/** User management: organization admins create and list users. */
export function userRoute(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/users',
      tags: ['users'],
      summary: 'List users (organization admins)',
      responses: { 200: jsonResponse(z.object({ users: z.array(UserSchema) }), 'Users'), ...errorResponses },
    }),
    async (c) => {
      const user = c.get('user');
      requireOrgAdmin(user);
      return c.json({ users: (await listUsers(deps.storage.db, user.orgId)).map(userBody) }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/users',
      tags: ['users'],
      summary: 'Create a user (organization admins)',
      request: jsonBody(CreateUserSchema),
      responses: { 201: jsonResponse(UserSchema, 'Created'), ...errorResponses },
    }),
    async (c) => {
      const caller = c.get('user');
      requireOrgAdmin(caller);
      const body = c.req.valid('json');
      if (await findUserByUsername(deps.storage.db, body.username)) {
        throw conflict(`A user named '${body.username}' already exists.`, [
          { path: 'username', message: 'already taken' },
        ]);
      }
      const user = await insertUser(deps.storage.db, {
        id: deps.ids('usr'),
        org_id: caller.orgId,
        username: body.username,
        email: body.email,
        display_name: body.display_name ?? body.username,
        password_hash: body.password ? hashPassword(body.password) : null,
        is_admin: body.is_admin ? 1 : 0,
        created_at: deps.clock(),
      });
      return c.json(userBody(user), 201);
    },
  );
  return app;
}

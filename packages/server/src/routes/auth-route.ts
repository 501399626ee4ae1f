import { BellwetherError } from '@bellwether/core';
import {
  deleteSession,
  findUserByUsername,
  insertApiKey,
  insertSession,
  listApiKeys,
  listTeams,
  toUser,
  type User,
} from '@bellwether/storage';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppDeps, AppEnv } from '../app-deps.js';
import { SESSION_COOKIE } from '../auth/authenticate.js';
import { newApiKey, newSessionToken, tokenHash, verifyPassword } from '../auth/credentials.js';
import { errorResponses, jsonBody, jsonResponse } from '../http/common-schemas.js';

const ViewerSchema = z
  .object({
    id: z.string(),
    username: z.string(),
    email: z.string(),
    display_name: z.string(),
    is_admin: z.boolean(),
    teams: z.array(z.object({ name: z.string(), role: z.string().nullable() })),
  })
  .openapi('Viewer');

const LoginSchema = z.strictObject({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(1024),
});

const ApiKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string(),
    created_at: z.number(),
    key: z.string().optional().openapi({ description: 'The key itself, returned only when it is created.' }),
  })
  .openapi('ApiKey');

/** Serializes the signed-in user with the teams they belong to. */
async function viewerBody(deps: AppDeps, user: User) {
  const teams = await listTeams(deps.storage.db, user.isAdmin ? {} : { userId: user.id });
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    display_name: user.displayName,
    is_admin: user.isAdmin,
    teams: teams.map((t) => ({ name: t.name, role: user.isAdmin ? 'admin' : t.role })),
  };
}

/** Sign-in routes that need no credentials: login and logout. */
export function sessionRoute(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(
    createRoute({
      method: 'post',
      path: '/auth/login',
      tags: ['auth'],
      summary: 'Sign in with username and password; sets the session cookie',
      request: jsonBody(LoginSchema),
      responses: { 200: jsonResponse(ViewerSchema, 'Signed in'), ...errorResponses },
    }),
    async (c) => {
      const { username, password } = c.req.valid('json');
      const row = await findUserByUsername(deps.storage.db, username);
      if (!row?.password_hash || !verifyPassword(password, row.password_hash)) {
        throw new BellwetherError('invalid_credentials', 401, 'The username or password is wrong.');
      }
      const token = newSessionToken();
      const now = deps.clock();
      await insertSession(deps.storage.db, {
        id: deps.ids('ses'),
        token_hash: tokenHash(token),
        user_id: row.id,
        created_at: now,
        expires_at: now + deps.options.sessionTtlMs,
      });
      setCookie(c, SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'Lax',
        path: '/',
        secure: deps.options.secureCookies,
        maxAge: Math.floor(deps.options.sessionTtlMs / 1000),
      });
      return c.json(await viewerBody(deps, toUser(row)), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/auth/logout',
      tags: ['auth'],
      summary: 'End the browser session',
      responses: { 204: { description: 'Signed out' } },
    }),
    async (c) => {
      const token = getCookie(c, SESSION_COOKIE);
      if (token) await deleteSession(deps.storage.db, tokenHash(token));
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.body(null, 204);
    },
  );
  return app;
}

/** Routes about the signed-in user: who am I, and my API keys. */
export function viewerRoute(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/viewer',
      tags: ['auth'],
      summary: 'The signed-in user and their teams',
      responses: { 200: jsonResponse(ViewerSchema, 'The viewer'), ...errorResponses },
    }),
    async (c) => c.json(await viewerBody(deps, c.get('user')), 200),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/viewer/api-keys',
      tags: ['auth'],
      summary: "List the viewer's API keys (never the keys themselves)",
      responses: {
        200: jsonResponse(z.object({ api_keys: z.array(ApiKeySchema) }), 'Keys'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const keys = await listApiKeys(deps.storage.db, c.get('user').id);
      return c.json(
        {
          api_keys: keys.map((k) => ({ id: k.id, name: k.name, prefix: k.prefix, created_at: k.created_at })),
        },
        200,
      );
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/viewer/api-keys',
      tags: ['auth'],
      summary: 'Create an API key; the response is the only time the key is shown',
      request: jsonBody(z.strictObject({ name: z.string().min(1).max(128).default('default') })),
      responses: { 201: jsonResponse(ApiKeySchema, 'Created'), ...errorResponses },
    }),
    async (c) => {
      const { name } = c.req.valid('json');
      const key = newApiKey();
      const row = {
        id: deps.ids('key'),
        user_id: c.get('user').id,
        name,
        key_hash: tokenHash(key),
        prefix: key.slice(0, 7),
        created_at: deps.clock(),
        last_used_at: null,
      };
      await insertApiKey(deps.storage.db, row);
      return c.json({ id: row.id, name, prefix: row.prefix, created_at: row.created_at, key }, 201);
    },
  );
  return app;
}

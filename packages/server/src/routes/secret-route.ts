import { conflict, invalid, notFound } from '@bellwether/core';
import { deleteSecret, listSecrets, listWebhooks, putSecret } from '@bellwether/storage';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppDeps, AppEnv } from '../app-deps.js';
import { requireTeamRole } from '../auth/team-access.js';
import { errorResponses, jsonBody, jsonResponse } from '../http/common-schemas.js';
import { requireIntegrations } from '../secrets/integration-deps.js';

/** The largest secret value, in UTF-8 bytes. */
export const SECRET_VALUE_MAX_BYTES = 16 * 1024;

const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const UserSchema = z.object({ id: z.string(), name: z.string() });
const SecretSchema = z
  .object({
    name: z.string(),
    created_at: z.number(),
    updated_at: z.number(),
    used_by: z.array(UserSchema).describe('Webhooks that use the secret'),
  })
  .openapi('Secret');
const TeamParams = z.object({ team: z.string() });
const SecretParams = z.object({ team: z.string(), name: z.string() });

function checkName(name: string): void {
  if (name.length > 64) throw invalid('path.name', 'must be at most 64 characters');
  if (!SECRET_NAME.test(name)) {
    throw invalid('path.name', 'must start with a letter or _ and use only letters, digits and _');
  }
}

/** Team secrets: write-only values, listed by name with the webhooks that use them (team admins). */
export function secretRoute(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  const db = deps.storage.db;

  const describeAll = async (teamId: string) => {
    const [secrets, webhooks] = await Promise.all([listSecrets(db, teamId), listWebhooks(db, teamId)]);
    return secrets.map((s) => ({
      name: s.name,
      created_at: s.createdAt,
      updated_at: s.updatedAt,
      used_by: webhooks
        .filter((w) => w.accessTokenSecret === s.name || w.secret === s.name)
        .map((w) => ({ id: w.id, name: w.name })),
    }));
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/teams/{team}/secrets',
      tags: ['secrets'],
      summary: "List a team's secrets: names, times and users, never values",
      request: { params: TeamParams },
      responses: {
        200: jsonResponse(z.object({ secrets: z.array(SecretSchema) }), 'Secrets'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { team } = await requireTeamRole(db, c.get('user'), c.req.valid('param').team, 'admin');
      return c.json({ secrets: await describeAll(team.id) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/teams/{team}/secrets/{name}',
      tags: ['secrets'],
      summary: 'Create a secret or rotate its value; the next delivery uses the new value',
      request: {
        params: SecretParams,
        ...jsonBody(z.strictObject({ value: z.string().min(1, 'must not be empty') })),
      },
      responses: {
        200: jsonResponse(SecretSchema, 'Rotated'),
        201: jsonResponse(SecretSchema, 'Created'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const params = c.req.valid('param');
      const { team } = await requireTeamRole(db, c.get('user'), params.team, 'admin');
      const box = requireIntegrations(deps.integrations).secretBox;
      checkName(params.name);
      const { value } = c.req.valid('json');
      if (Buffer.byteLength(value, 'utf8') > SECRET_VALUE_MAX_BYTES) {
        throw invalid('value', `must be at most ${SECRET_VALUE_MAX_BYTES} bytes`);
      }
      const outcome = await db.transaction().execute((trx) =>
        putSecret(trx, {
          id: deps.ids('sec'),
          teamId: team.id,
          name: params.name,
          ciphertext: box.encrypt(value),
          createdBy: c.get('user').id,
          now: deps.clock(),
        }),
      );
      const body = (await describeAll(team.id)).find((s) => s.name === params.name);
      if (!body) throw notFound(`Secret '${params.name}'`);
      return outcome === 'created' ? c.json(body, 201) : c.json(body, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/teams/{team}/secrets/{name}',
      tags: ['secrets'],
      summary: 'Delete a secret; refused while a webhook uses it',
      request: { params: SecretParams },
      responses: { 204: { description: 'Deleted' }, ...errorResponses },
    }),
    async (c) => {
      const params = c.req.valid('param');
      const { team } = await requireTeamRole(db, c.get('user'), params.team, 'admin');
      await db.transaction().execute(async (trx) => {
        const users = (await listWebhooks(trx, team.id)).filter(
          (w) => w.accessTokenSecret === params.name || w.secret === params.name,
        );
        if (users.length > 0) {
          throw conflict(
            `The secret '${params.name}' is used by ${users.map((w) => `webhook '${w.name}'`).join(', ')}; change them first.`,
            users.map((w) => ({ path: `used_by.${w.id}`, message: w.name })),
          );
        }
        if (!(await deleteSecret(trx, team.id, params.name))) throw notFound(`Secret '${params.name}'`);
      });
      return c.body(null, 204);
    },
  );

  return app;
}

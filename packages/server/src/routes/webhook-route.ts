import { conflict, type FieldError, invalidFields, notFound } from '@bellwether/core';
import { createRedactor, sendWebhook } from '@bellwether/delivery';
import {
  type Database,
  deleteWebhook,
  findSecretCiphertexts,
  findWebhookById,
  findWebhookByName,
  insertWebhook,
  listWebhooks,
  updateWebhook,
  type Webhook,
} from '@bellwether/storage';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Kysely } from 'kysely';
import type { AppDeps, AppEnv } from '../app-deps.js';
import { requireTeamRole } from '../auth/team-access.js';
import { errorResponses, jsonBody, jsonResponse } from '../http/common-schemas.js';
import { requireIntegrations } from '../secrets/integration-deps.js';
import { checkOutboundUrl } from './outbound-url.js';

const WebhookNameSchema = z
  .string()
  .max(64, 'must be at most 64 characters')
  .regex(
    /^[-A-Za-z0-9_]+( [-A-Za-z0-9_]+)*$/,
    "must be words of letters, digits, '-' and '_' separated by single spaces",
  );
const SecretRefSchema = z.string().max(64).nullable();
const WebhookSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    url: z.string(),
    access_token_secret: z.string().nullable(),
    secret: z.string().nullable(),
    failing_since: z.number().nullable(),
    disabled_at: z.number().nullable(),
    disabled_reason: z.string().nullable(),
    created_at: z.number(),
    updated_at: z.number(),
  })
  .openapi('Webhook');
const WebhookCreateSchema = z.strictObject({
  name: WebhookNameSchema,
  url: z.string().max(2048),
  access_token_secret: SecretRefSchema.optional(),
  secret: SecretRefSchema.optional(),
});
const TestResultSchema = z
  .object({
    status: z.number().nullable(),
    headers: z.record(z.string(), z.string()),
    body: z.string().nullable(),
    latency_ms: z.number(),
    error: z.string().nullable(),
  })
  .openapi('WebhookTestResult');
const TeamParams = z.object({ team: z.string() });
const WebhookParams = z.object({ team: z.string(), id: z.string() });

function webhookBody(w: Webhook) {
  return {
    id: w.id,
    name: w.name,
    url: w.url,
    access_token_secret: w.accessTokenSecret,
    secret: w.secret,
    failing_since: w.failingSince,
    disabled_at: w.disabledAt,
    disabled_reason: w.disabledReason,
    created_at: w.createdAt,
    updated_at: w.updatedAt,
  };
}

async function checkSecretsExist(
  db: Kysely<Database>,
  teamId: string,
  refs: { access_token_secret?: string | null | undefined; secret?: string | null | undefined },
): Promise<void> {
  const named: Array<[string, string]> = [];
  for (const path of ['access_token_secret', 'secret'] as const) {
    const name = refs[path];
    if (typeof name === 'string') named.push([path, name]);
  }
  const found = await findSecretCiphertexts(
    db,
    teamId,
    named.map(([, name]) => name),
  );
  const errors: FieldError[] = named
    .filter(([, name]) => !found.has(name))
    .map(([path, name]) => ({ path, message: `the team has no secret named '${name}'` }));
  if (errors.length > 0) throw invalidFields(errors);
}

/** Webhook integrations: where GENERIC_WEBHOOK actions POST, with their credentials (team admins). */
export function webhookRoute(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  const db = deps.storage.db;

  const findInTeam = async (teamId: string, id: string, executor: Kysely<Database> = db) => {
    const webhook = await findWebhookById(executor, id);
    if (!webhook || webhook.teamId !== teamId) throw notFound(`Webhook '${id}'`);
    return webhook;
  };
  const nameTaken = (name: string) =>
    conflict(`A webhook named '${name}' already exists in this team.`, [
      { path: 'name', message: 'already taken' },
    ]);

  app.openapi(
    createRoute({
      method: 'get',
      path: '/teams/{team}/webhooks',
      tags: ['webhooks'],
      summary: "List a team's webhooks",
      request: { params: TeamParams },
      responses: {
        200: jsonResponse(z.object({ webhooks: z.array(WebhookSchema) }), 'Webhooks'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { team } = await requireTeamRole(db, c.get('user'), c.req.valid('param').team, 'admin');
      return c.json({ webhooks: (await listWebhooks(db, team.id)).map(webhookBody) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/teams/{team}/webhooks',
      tags: ['webhooks'],
      summary: 'Create a webhook',
      request: { params: TeamParams, ...jsonBody(WebhookCreateSchema) },
      responses: { 201: jsonResponse(WebhookSchema, 'Created'), ...errorResponses },
    }),
    async (c) => {
      const { team } = await requireTeamRole(db, c.get('user'), c.req.valid('param').team, 'admin');
      const { guard } = requireIntegrations(deps.integrations);
      const body = c.req.valid('json');
      checkOutboundUrl(body.url, guard, 'url');
      const now = deps.clock();
      const webhook = await db.transaction().execute(async (trx) => {
        await checkSecretsExist(trx, team.id, body);
        if (await findWebhookByName(trx, team.id, body.name)) throw nameTaken(body.name);
        return insertWebhook(trx, {
          id: deps.ids('whk'),
          teamId: team.id,
          name: body.name,
          url: body.url,
          accessTokenSecret: body.access_token_secret ?? null,
          secret: body.secret ?? null,
          failingSince: null,
          disabledAt: null,
          disabledReason: null,
          createdAt: now,
          updatedAt: now,
        });
      });
      return c.json(webhookBody(webhook), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/teams/{team}/webhooks/{id}',
      tags: ['webhooks'],
      summary: 'Get a webhook, with why it is disabled if it is',
      request: { params: WebhookParams },
      responses: { 200: jsonResponse(WebhookSchema, 'The webhook'), ...errorResponses },
    }),
    async (c) => {
      const params = c.req.valid('param');
      const { team } = await requireTeamRole(db, c.get('user'), params.team, 'admin');
      return c.json(webhookBody(await findInTeam(team.id, params.id)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/teams/{team}/webhooks/{id}',
      tags: ['webhooks'],
      summary: 'Change a webhook; an edited webhook is enabled again',
      request: { params: WebhookParams, ...jsonBody(WebhookCreateSchema.partial()) },
      responses: { 200: jsonResponse(WebhookSchema, 'Updated'), ...errorResponses },
    }),
    async (c) => {
      const params = c.req.valid('param');
      const { team } = await requireTeamRole(db, c.get('user'), params.team, 'admin');
      const { guard } = requireIntegrations(deps.integrations);
      const body = c.req.valid('json');
      if (body.url !== undefined) checkOutboundUrl(body.url, guard, 'url');
      const updated = await db.transaction().execute(async (trx) => {
        const webhook = await findInTeam(team.id, params.id, trx);
        await checkSecretsExist(trx, team.id, body);
        if (
          body.name !== undefined &&
          body.name !== webhook.name &&
          (await findWebhookByName(trx, team.id, body.name))
        ) {
          throw nameTaken(body.name);
        }
        await updateWebhook(
          trx,
          webhook.id,
          {
            ...(body.name !== undefined ? { name: body.name } : {}),
            ...(body.url !== undefined ? { url: body.url } : {}),
            ...(body.access_token_secret !== undefined
              ? { accessTokenSecret: body.access_token_secret }
              : {}),
            ...(body.secret !== undefined ? { secret: body.secret } : {}),
          },
          deps.clock(),
        );
        return findWebhookById(trx, webhook.id);
      });
      if (!updated) throw notFound(`Webhook '${params.id}'`);
      return c.json(webhookBody(updated), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/teams/{team}/webhooks/{id}',
      tags: ['webhooks'],
      summary: 'Delete a webhook',
      request: { params: WebhookParams },
      responses: { 204: { description: 'Deleted' }, ...errorResponses },
    }),
    async (c) => {
      const params = c.req.valid('param');
      const { team } = await requireTeamRole(db, c.get('user'), params.team, 'admin');
      await findInTeam(team.id, params.id);
      await deleteWebhook(db, params.id);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/teams/{team}/webhooks/{id}/test',
      tags: ['webhooks'],
      summary: "Send any body with the webhook's credentials and show the response; nothing is saved",
      request: { params: WebhookParams, ...jsonBody(z.strictObject({ body: z.unknown() })) },
      responses: { 200: jsonResponse(TestResultSchema, 'What the receiver answered'), ...errorResponses },
    }),
    async (c) => {
      const params = c.req.valid('param');
      const { team } = await requireTeamRole(db, c.get('user'), params.team, 'admin');
      const { secretBox, client } = requireIntegrations(deps.integrations);
      const webhook = await findInTeam(team.id, params.id);
      const names = [webhook.accessTokenSecret, webhook.secret].filter((n): n is string => n !== null);
      const sealed = await findSecretCiphertexts(db, team.id, names);
      const reveal = (name: string | null) => {
        const ciphertext = name === null ? undefined : sealed.get(name);
        return ciphertext === undefined ? null : secretBox.decrypt(ciphertext);
      };
      const accessToken = reveal(webhook.accessTokenSecret);
      const signingSecret = reveal(webhook.secret);
      const redactor = createRedactor([accessToken ?? '', signingSecret ?? '']);
      const input = c.req.valid('json').body;
      const result = await sendWebhook({
        client,
        url: webhook.url,
        body: typeof input === 'string' ? input : (JSON.stringify(input) ?? 'null'),
        deliveryId: deps.ids('dlv'),
        signingSecret,
        accessToken,
        now: deps.clock(),
      });
      return c.json(
        {
          status: result.status,
          headers: redactor.redactHeaders(result.responseHeaders),
          body: result.responseBody === null ? null : redactor.redact(result.responseBody),
          latency_ms: result.durationMs,
          error: result.error === null ? null : redactor.redact(result.error),
        },
        200,
      );
    },
  );

  return app;
}

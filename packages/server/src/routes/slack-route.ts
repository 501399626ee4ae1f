import { randomBytes } from 'node:crypto';
import { BellwetherError, invalid, notFound } from '@bellwether/core';
import {
  deleteSlackIntegration,
  findTeamById,
  insertSlackIntegration,
  listSlackIntegrations,
  type SlackIntegration,
} from '@bellwether/storage';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppDeps, AppEnv } from '../app-deps.js';
import { requireTeamRole } from '../auth/team-access.js';
import { errorResponses, jsonBody, jsonResponse } from '../http/common-schemas.js';
import { requireIntegrations } from '../secrets/integration-deps.js';
import { checkOutboundUrl } from './outbound-url.js';

/** The scopes Bellwether asks a Slack workspace for. */
export const SLACK_SCOPES = 'chat:write,channels:read';

// How long a person has to approve the install in Slack.
const STATE_TTL_MS = 10 * 60_000;

const IntegrationSchema = z
  .object({
    id: z.string(),
    type: z.enum(['bot_token', 'incoming_webhook', 'oauth']),
    name: z.string(),
    channel: z.string().nullable(),
    workspace: z.string().nullable(),
    created_at: z.number(),
  })
  .openapi('SlackIntegration');
const CreateSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('bot_token'),
    bot_token: z.string().min(1).max(512),
    channel: z.string().min(1).max(128),
  }),
  z.strictObject({ type: z.literal('incoming_webhook'), url: z.string().min(1).max(2048) }),
]);
const TeamParams = z.object({ team: z.string() });
const IntegrationParams = z.object({ team: z.string(), id: z.string() });

interface OAuthState {
  team: string;
  user: string;
  channel: string | null;
  exp: number;
  nonce: string;
}

function integrationBody(i: SlackIntegration) {
  return {
    id: i.id,
    type: i.kind,
    name: i.name,
    channel: i.channel,
    workspace: i.workspace,
    created_at: i.createdAt,
  };
}

/** Slack integrations: paste a bot token or incoming-webhook URL, or connect through OAuth v2 (team admins). */
export function slackRoute(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  const db = deps.storage.db;
  const callbackUrl = `${deps.options.publicUrl}/api/v1/slack/oauth/callback`;

  app.openapi(
    createRoute({
      method: 'get',
      path: '/teams/{team}/slack-integrations',
      tags: ['slack'],
      summary: "List a team's Slack integrations (never their tokens)",
      request: { params: TeamParams },
      responses: {
        200: jsonResponse(z.object({ slack_integrations: z.array(IntegrationSchema) }), 'Integrations'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { team } = await requireTeamRole(db, c.get('user'), c.req.valid('param').team, 'admin');
      return c.json(
        { slack_integrations: (await listSlackIntegrations(db, team.id)).map(integrationBody) },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/teams/{team}/slack-integrations',
      tags: ['slack'],
      summary: 'Add a Slack integration from a bot token and channel, or an incoming-webhook URL',
      request: { params: TeamParams, ...jsonBody(CreateSchema) },
      responses: { 201: jsonResponse(IntegrationSchema, 'Created'), ...errorResponses },
    }),
    async (c) => {
      const { team } = await requireTeamRole(db, c.get('user'), c.req.valid('param').team, 'admin');
      const { secretBox, guard } = requireIntegrations(deps.integrations);
      const body = c.req.valid('json');
      const fields =
        body.type === 'bot_token'
          ? {
              name: `#${body.channel.replace(/^#/, '')}`,
              channel: body.channel,
              credential: { bot_token: body.bot_token, channel: body.channel },
            }
          : {
              name: 'incoming webhook',
              channel: null,
              credential: { url: checkOutboundUrl(body.url, guard, 'url').href },
            };
      const created = await insertSlackIntegration(db, {
        id: deps.ids('slk'),
        teamId: team.id,
        kind: body.type,
        name: fields.name,
        channel: fields.channel,
        workspace: null,
        credentialCiphertext: secretBox.encrypt(JSON.stringify(fields.credential)),
        createdAt: deps.clock(),
      });
      return c.json(integrationBody(created), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/teams/{team}/slack-integrations/{id}',
      tags: ['slack'],
      summary: 'Delete a Slack integration',
      request: { params: IntegrationParams },
      responses: { 204: { description: 'Deleted' }, ...errorResponses },
    }),
    async (c) => {
      const params = c.req.valid('param');
      const { team } = await requireTeamRole(db, c.get('user'), params.team, 'admin');
      if (!(await deleteSlackIntegration(db, team.id, params.id)))
        throw notFound(`Slack integration '${params.id}'`);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/slack/oauth/start',
      tags: ['slack'],
      summary: "Start connecting a Slack workspace: redirects to Slack's approval page",
      request: { query: z.object({ team: z.string(), channel: z.string().max(128).optional() }) },
      responses: { 302: { description: 'Redirect to Slack' }, ...errorResponses },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const { team } = await requireTeamRole(db, c.get('user'), query.team, 'admin');
      const { secretBox, slack } = requireIntegrations(deps.integrations);
      if (!slack.clientId || !slack.clientSecret) {
        throw new BellwetherError(
          'slack_not_configured',
          409,
          'No Slack app is configured: set BELLWETHER_SLACK_CLIENT_ID and BELLWETHER_SLACK_CLIENT_SECRET, or paste a bot token or incoming-webhook URL instead.',
        );
      }
      const state: OAuthState = {
        team: team.id,
        user: c.get('user').id,
        channel: query.channel ?? null,
        exp: deps.clock() + STATE_TTL_MS,
        nonce: randomBytes(8).toString('hex'),
      };
      const url = new URL(slack.authorizeUrl);
      url.searchParams.set('client_id', slack.clientId);
      url.searchParams.set('scope', SLACK_SCOPES);
      url.searchParams.set('redirect_uri', callbackUrl);
      url.searchParams.set('state', secretBox.sign(JSON.stringify(state)));
      return c.redirect(url.href, 302);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/slack/oauth/callback',
      tags: ['slack'],
      summary: 'Finish connecting a Slack workspace: exchanges the code and stores the integration',
      request: { query: z.object({ code: z.string().max(512), state: z.string().max(4096) }) },
      responses: { 302: { description: 'Redirect to the team settings' }, ...errorResponses },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const { secretBox, client, slack } = requireIntegrations(deps.integrations);
      const text = secretBox.verify(query.state);
      const state = text === null ? null : (JSON.parse(text) as OAuthState);
      if (!state || state.exp < deps.clock())
        throw invalid('state', 'is invalid or expired; start connecting again');
      const team = await findTeamById(db, state.team);
      if (!team) throw notFound('The team');
      if (state.user !== c.get('user').id) throw invalid('state', 'was issued to another user');
      await requireTeamRole(db, c.get('user'), team.name, 'admin');
      const form = new URLSearchParams({
        client_id: slack.clientId ?? '',
        client_secret: slack.clientSecret ?? '',
        code: query.code,
        redirect_uri: callbackUrl,
      });
      const result = await client.send({
        url: `${slack.apiUrl.replace(/\/?$/, '/')}oauth.v2.access`,
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      });
      const grant =
        result.outcome === 'response' ? (safeJson(result.bodyPreview) as SlackGrant | null) : null;
      if (!grant?.ok || !grant.access_token) {
        const why = grant?.error ?? (result.outcome === 'error' ? result.message : `HTTP ${result.status}`);
        throw new BellwetherError('slack_oauth_failed', 422, `Slack refused the install: ${why}.`, [
          { path: 'code', message: why },
        ]);
      }
      const channel = state.channel ?? grant.incoming_webhook?.channel_id ?? null;
      if (!channel) throw invalid('channel', 'choose a channel: start again with ?channel=…');
      const workspace = grant.team?.name ?? grant.team?.id ?? null;
      const channelName = state.channel ?? grant.incoming_webhook?.channel ?? channel;
      const created = await insertSlackIntegration(db, {
        id: deps.ids('slk'),
        teamId: team.id,
        kind: 'oauth',
        name: `${workspace ?? 'Slack'} ${channelName}`,
        channel,
        workspace,
        credentialCiphertext: secretBox.encrypt(JSON.stringify({ bot_token: grant.access_token, channel })),
        createdAt: deps.clock(),
      });
      return c.redirect(
        `${deps.options.publicUrl}/teams/${encodeURIComponent(team.name)}/settings?slack_integration=${created.id}`,
        302,
      );
    },
  );

  return app;
}

interface SlackGrant {
  ok?: boolean;
  error?: string;
  access_token?: string;
  team?: { id?: string; name?: string };
  incoming_webhook?: { channel?: string; channel_id?: string };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

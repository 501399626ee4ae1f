import { conflict, notFound } from '@bellwether/core';
import {
  addOutboundAllow,
  listOutboundAllow,
  listOutboundAllowAudit,
  removeOutboundAllow,
} from '@bellwether/storage';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppDeps, AppEnv } from '../app-deps.js';
import { requireOrgAdmin } from '../auth/team-access.js';
import { errorResponses, jsonBody, jsonResponse } from '../http/common-schemas.js';
import { requireIntegrations } from '../secrets/integration-deps.js';
import { checkAllowEntry } from '../secrets/outbound-allow-holder.js';

const EntrySchema = z
  .object({ entry: z.string(), created_by: z.string(), created_at: z.number() })
  .openapi('OutboundAllowEntry');
const ChangeSchema = z.object({
  entry: z.string(),
  action: z.enum(['add', 'remove']),
  username: z.string(),
  at: z.number(),
});
const AllowListSchema = z
  .object({
    env: z.array(z.string()).describe('Entries of BELLWETHER_OUTBOUND_ALLOW (read-only here)'),
    entries: z.array(EntrySchema).describe('Entries organization admins added'),
    audit: z.array(ChangeSchema).describe('The newest changes first'),
  })
  .openapi('OutboundAllowList');

/**
 * The outbound allow-list organization admins keep (hosts, `*.suffix`es, CIDR blocks that
 * webhooks may reach despite the SSRF guard), on top of `BELLWETHER_OUTBOUND_ALLOW`: stored,
 * audited, and applied at once (this process now, worker processes within seconds).
 */
export function outboundAllowRoute(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  const db = deps.storage.db;

  const describe = async (orgId: string) => {
    const integrations = requireIntegrations(deps.integrations);
    const [entries, audit] = await Promise.all([
      listOutboundAllow(db, orgId),
      listOutboundAllowAudit(db, orgId),
    ]);
    return {
      env: (integrations.outboundAllow?.envText ?? '')
        .split(',')
        .map((e) => e.trim())
        .filter((e) => e !== ''),
      entries: entries.map((e) => ({ entry: e.entry, created_by: e.createdBy, created_at: e.createdAt })),
      audit,
    };
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/outbound-allow',
      tags: ['integrations'],
      summary:
        'The outbound allow-list: the environment part, the entries added here, and their audit trail (organization admins)',
      responses: { 200: jsonResponse(AllowListSchema, 'The allow-list'), ...errorResponses },
    }),
    async (c) => {
      const user = c.get('user');
      requireOrgAdmin(user);
      return c.json(await describe(user.orgId), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/outbound-allow',
      tags: ['integrations'],
      summary:
        'Allow a host, *.suffix or CIDR block for outbound requests, at once (organization admins); cloud metadata addresses only when named exactly',
      request: jsonBody(z.strictObject({ entry: z.string().max(300) })),
      responses: { 201: jsonResponse(AllowListSchema, 'Added'), ...errorResponses },
    }),
    async (c) => {
      const user = c.get('user');
      requireOrgAdmin(user);
      const integrations = requireIntegrations(deps.integrations);
      const entry = checkAllowEntry(c.req.valid('json').entry);
      const added = await addOutboundAllow(db, {
        id: deps.ids('oal'),
        orgId: user.orgId,
        entry,
        username: user.username,
        at: deps.clock(),
      });
      if (!added)
        throw conflict(`'${entry}' is allowed already.`, [{ path: 'entry', message: 'allowed already' }]);
      await integrations.outboundAllow?.reload();
      return c.json(await describe(user.orgId), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/outbound-allow',
      tags: ['integrations'],
      summary: 'Remove an entry added here, at once (organization admins)',
      request: { query: z.object({ entry: z.string() }) },
      responses: { 200: jsonResponse(AllowListSchema, 'Removed'), ...errorResponses },
    }),
    async (c) => {
      const user = c.get('user');
      requireOrgAdmin(user);
      const integrations = requireIntegrations(deps.integrations);
      const entry = c.req.valid('query').entry.trim().toLowerCase();
      const removed = await removeOutboundAllow(db, {
        id: deps.ids('oal'),
        orgId: user.orgId,
        entry,
        username: user.username,
        at: deps.clock(),
      });
      if (!removed) throw notFound(`Allow-list entry '${entry}'`);
      await integrations.outboundAllow?.reload();
      return c.json(await describe(user.orgId), 200);
    },
  );
  return app;
}

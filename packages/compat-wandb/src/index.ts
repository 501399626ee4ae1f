import type { User } from '@bellwether/storage';
import type { ClientApiHost } from '@bellwether/tracking';
import { graphql } from 'graphql';
import { Hono } from 'hono';
import { applyFileStream } from './file-stream.js';
import { wandbRoot, wandbSchema } from './schema.js';

export { parseExtendedJson } from './extended-json.js';
export { historyRow } from './file-stream.js';
export { WANDB_SDL, wandbSchema } from './schema.js';

/** The user of a request's `Authorization: Basic base64("api:<key>")`, or undefined. */
async function basicAuthUser(host: ClientApiHost, header: string | undefined): Promise<User | undefined> {
  if (!header?.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const key = colon >= 0 ? decoded.slice(colon + 1) : decoded;
  return key ? host.userByApiKey(key) : undefined;
}

/**
 * The routes the real `wandb` client talks to when `WANDB_BASE_URL` points at Bellwether:
 * `POST /graphql` and `POST /files/{entity}/{project}/{run}/file_stream`. Every write goes
 * through the tracking writes, so it fires automations like a REST write.
 */
export function wandbRoutes(host: ClientApiHost): Hono {
  const app = new Hono();
  app.post('/graphql', async (c) => {
    const user = await basicAuthUser(host, c.req.header('authorization'));
    if (!user) return c.json({ errors: [{ message: 'invalid credentials: unknown API key' }] }, 401);
    const body = (await c.req.json().catch(() => ({}))) as {
      query?: string;
      variables?: Record<string, unknown>;
      operationName?: string;
    };
    const result = await graphql({
      schema: wandbSchema,
      source: body.query ?? '',
      rootValue: wandbRoot({ host, user }),
      variableValues: body.variables ?? null,
      operationName: body.operationName || null,
    });
    if (result.errors) {
      host.logger.warn({ errors: result.errors.map((e) => e.message) }, 'wandb graphql errors');
    }
    return c.json(result);
  });
  app.post('/files/:entity/:project/:run/file_stream', async (c) => {
    const user = await basicAuthUser(host, c.req.header('authorization'));
    if (!user) return c.json({ error: 'invalid credentials' }, 401);
    const body = await c.req.json().catch(() => null);
    try {
      await applyFileStream({ host, user }, c.req.param(), body);
    } catch (error) {
      // A 4xx ends the client's retries (a 5xx would be retried for days): report and move on.
      host.logger.warn({ err: error }, 'wandb file_stream rejected');
      const status = (error as { status?: number }).status;
      return c.json({ error: (error as Error).message }, status === 403 || status === 404 ? status : 400);
    }
    return c.json({ exitcode: null, limits: {} });
  });
  return app;
}

import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { wandbRoutes } from '@bellwether/compat-wandb';
import { invalidFields, notFound } from '@bellwether/core';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hook } from '@hono/zod-openapi';
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { sql } from 'kysely';
import type { AppDeps, AppEnv } from './app-deps.js';
import { authenticate } from './auth/authenticate.js';
import { clientApiHost } from './client-api-host.js';
import { problemResponse, toBellwetherError, zodFieldErrors } from './http/problem-response.js';
import { rejectNulCharacters } from './http/reject-nul-characters.js';
import { requireJsonBody } from './http/require-json-body.js';
import { artifactLabelRoute } from './routes/artifact-label-route.js';
import { artifactRoute } from './routes/artifact-route.js';
import { sessionRoute, viewerRoute } from './routes/auth-route.js';
import { automationRoute } from './routes/automation-route.js';
import { deliveryRoute } from './routes/delivery-route.js';
import { executionRoute } from './routes/execution-route.js';
import { historyRoute } from './routes/history-route.js';
import { outboundAllowRoute } from './routes/outbound-allow-route.js';
import { projectRoute } from './routes/project-route.js';
import { registryAutomationRoute } from './routes/registry-automation-route.js';
import { registryCollectionRoute } from './routes/registry-collection-route.js';
import { registryLinkRoute } from './routes/registry-link-route.js';
import { registryMemberRoute } from './routes/registry-member-route.js';
import { registryRoute } from './routes/registry-route.js';
import { runRoute } from './routes/run-route.js';
import { secretRoute } from './routes/secret-route.js';
import { slackRoute } from './routes/slack-route.js';
import { teamRoute } from './routes/team-route.js';
import { userRoute } from './routes/user-route.js';
import { webhookRoute } from './routes/webhook-route.js';

/** Where `vite build packages/web` puts the web UI. */
const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** The version reported in the OpenAPI document. */
export const API_VERSION = '0.1.0';

/** Turns a failed request validation into a 422 naming every offending field. */
const validationHook: Hook<unknown, AppEnv, string, unknown> = (result) => {
  if (!result.success) {
    const prefix = result.target === 'json' ? '' : result.target === 'param' ? 'path' : result.target;
    throw invalidFields(zodFieldErrors(result.error, prefix));
  }
};

/**
 * Builds the HTTP application: the REST API under /api/v1, its OpenAPI document, and health
 * endpoints. Every error leaves through one place as application/problem+json.
 */
export function createApp(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.use('*', async (c, next) => {
    const requestId = c.req.header('x-request-id')?.slice(0, 128) ?? randomUUID();
    c.set('requestId', requestId);
    c.header('x-request-id', requestId);
    const started = performance.now();
    await next();
    const seconds = (performance.now() - started) / 1000;
    const route = c.req.routePath;
    const status = c.res.status;
    deps.metrics?.httpRequests.inc({ method: c.req.method, route, status: String(status) });
    deps.metrics?.httpDuration.observe({ method: c.req.method, route }, seconds);
    // Successful requests log at debug: at ingest rates an info line each would dominate the logs.
    const level = status >= 500 ? 'error' : status >= 400 ? 'info' : 'debug';
    if (!deps.logger.isLevelEnabled(level)) return;
    deps.logger[level](
      {
        requestId,
        method: c.req.method,
        path: c.req.path,
        route,
        status,
        ms: Math.round(seconds * 1e4) / 10,
      },
      'request',
    );
  });
  app.use('/api/*', bodyLimit({ maxSize: deps.options.bodyLimitBytes }));
  app.use('/api/*', requireJsonBody);
  app.use('/api/*', rejectNulCharacters);

  app.onError((error, c) => {
    const problem = toBellwetherError(error);
    if (problem.status >= 500) {
      deps.logger.error({ err: error, requestId: c.get('requestId'), path: c.req.path }, 'request failed');
    }
    return problemResponse(c, problem);
  });
  app.notFound((c) => problemResponse(c, notFound(`Route ${c.req.method} ${c.req.path}`)));

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  const metrics = deps.metrics;
  if (metrics) {
    app.get('/metrics', async (c) =>
      c.text(await metrics.registry.metrics(), 200, { 'content-type': metrics.registry.contentType }),
    );
  }
  app.get('/readyz', async (c) => {
    await sql`select 1`.execute(deps.storage.db);
    return c.json({ status: 'ready' });
  });

  // A worker-only process answers health and metrics, nothing else.
  if (deps.options.serveApi === false) return app;

  const api = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  api.route('/', sessionRoute(deps));
  api.use('*', authenticate(deps));
  for (const route of [
    viewerRoute,
    userRoute,
    teamRoute,
    projectRoute,
    runRoute,
    historyRoute,
    artifactRoute,
    artifactLabelRoute,
    registryRoute,
    registryMemberRoute,
    registryCollectionRoute,
    registryLinkRoute,
    automationRoute,
    registryAutomationRoute,
    executionRoute,
    secretRoute,
    webhookRoute,
    slackRoute,
    outboundAllowRoute,
    deliveryRoute,
  ]) {
    api.route('/', route(deps));
  }
  app.route('/api/v1', api);
  // Client-compatible APIs (packages/compat-*) mount here, each given clientApiHost(deps): the same
  // tracking writes and role checks as the REST API above, so their writes fire automations too.
  app.route('/', wandbRoutes(clientApiHost(deps)));

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Bellwether API',
      version: API_VERSION,
      description: 'Log runs and artifacts; define automations that notify Slack or call webhooks.',
    },
    security: [{ bearer: [] }],
  });
  // The built web UI, when there is one (tests run without a build): its files, and index.html for
  // any other page a browser asks for, since the UI routes by URL (/:team/:project/…).
  if (existsSync(WEB_DIST)) {
    app.use('/*', serveStatic({ root: WEB_DIST }));
    const index = serveStatic({ path: `${WEB_DIST}/index.html` });
    app.get('/*', (c, next) =>
      c.req.path.startsWith('/api/') || !c.req.header('accept')?.includes('text/html')
        ? next()
        : index(c, next),
    );
  }
  return app;
}

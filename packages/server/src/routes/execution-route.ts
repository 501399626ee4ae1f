import { notFound } from '@bellwether/core';
import { type ExecutionFilter, findAutomation, findExecution, listExecutions } from '@bellwether/storage';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppDeps, AppEnv } from '../app-deps.js';
import { requireProjectRole } from '../auth/project-access.js';
import { requireRegistryRole } from '../auth/registry-access.js';
import { requireAutomationDetails, requireTeamViewerById } from '../automations/automation-access.js';
import { executionBody } from '../automations/automation-body.js';
import { errorResponses, JsonObjectSchema, jsonResponse } from '../http/common-schemas.js';

const AttemptSchema = z
  .object({
    id: z.string(),
    attempt_no: z.number().int(),
    started_at: z.number(),
    duration_ms: z.number(),
    outcome: z.string(),
    status_code: z.number().int().nullable(),
    request_url: z.string(),
    request_headers: z.record(z.string(), z.string()),
    request_body: z.string(),
    response_headers: z.record(z.string(), z.string()).nullable(),
    response_body: z.string().nullable(),
    error: z.string().nullable(),
  })
  .openapi('DeliveryAttempt');

const DeliverySchema = z
  .object({
    id: z.string(),
    action_type: z.string(),
    action: JsonObjectSchema,
    status: z.string(),
    attempt_count: z.number().int(),
    next_attempt_at: z.number(),
    last_error: z.string().nullable(),
    created_at: z.number(),
    updated_at: z.number(),
    finished_at: z.number().nullable(),
    attempts: z.array(AttemptSchema).openapi({ description: 'Filled by GET /executions/{id} only.' }),
  })
  .openapi('Delivery');

/** One firing of an automation on the wire, with its deliveries. */
export const ExecutionSchema = z
  .object({
    id: z.string(),
    automation_id: z.string(),
    automation_name: z.string().nullable(),
    status: z.enum(['pending', 'finished', 'failed', 'skipped']),
    event: JsonObjectSchema.openapi({
      description: 'The event snapshot: type, author, run_id, step, metric_values, … and refs.',
    }),
    reason: z.string(),
    created_at: z.number(),
    finished_at: z.number().nullable(),
    deliveries: z.array(DeliverySchema),
  })
  .openapi('Execution');

const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(64).optional(),
});
const PlacePageQuery = PageQuery.extend({
  artifact_version: z
    .string()
    .max(64)
    .optional()
    .openapi({ description: 'Only the executions this artifact version (its id) triggered.' }),
});
const PageSchema = z.object({ executions: z.array(ExecutionSchema), next_cursor: z.string().nullable() });

/** Automation history: per automation, project or registry, and one execution with its attempts. */
export function executionRoute(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  const db = deps.storage.db;

  const page = async (
    filter: ExecutionFilter,
    query: { limit: number; cursor?: string | undefined; artifact_version?: string | undefined },
  ) => {
    const list = await listExecutions(db, filter, {
      limit: query.limit + 1,
      cursor: query.cursor,
      artifactVersionId: query.artifact_version,
    });
    const shown = list.slice(0, query.limit);
    const next = list.length > query.limit ? (shown[shown.length - 1]?.id ?? null) : null;
    return { executions: shown.map(executionBody), next_cursor: next };
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/automations/{id}/executions',
      tags: ['history'],
      summary: "An automation's executions, newest first",
      request: { params: z.object({ id: z.string().max(64) }), query: PageQuery },
      responses: { 200: jsonResponse(PageSchema, 'Executions'), ...errorResponses },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const automation = await findAutomation(db, id);
      if (!automation) throw notFound(`Automation '${id}'`);
      await requireAutomationDetails(db, c.get('user'), automation);
      return c.json(await page({ automationId: id }, c.req.valid('query')), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/teams/{team}/projects/{project}/executions',
      tags: ['history'],
      summary: 'Executions of automations fired by writes in a project, newest first',
      request: { params: z.object({ team: z.string(), project: z.string() }), query: PlacePageQuery },
      responses: { 200: jsonResponse(PageSchema, 'Executions'), ...errorResponses },
    }),
    async (c) => {
      const params = c.req.valid('param');
      const { project } = await requireProjectRole(db, c.get('user'), params.team, params.project, 'viewer');
      return c.json(await page({ projectId: project.id }, c.req.valid('query')), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/registries/{registry}/executions',
      tags: ['history'],
      summary: 'Executions of automations fired by writes in a registry (not for restricted viewers)',
      request: { params: z.object({ registry: z.string() }), query: PlacePageQuery },
      responses: { 200: jsonResponse(PageSchema, 'Executions'), ...errorResponses },
    }),
    async (c) => {
      const { registry } = await requireRegistryRole(
        db,
        c.get('user'),
        c.req.valid('param').registry,
        'viewer',
      );
      return c.json(await page({ registryId: registry.id }, c.req.valid('query')), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/executions/{id}',
      tags: ['history'],
      summary: 'One execution with its deliveries and every attempt',
      request: { params: z.object({ id: z.string().max(64) }) },
      responses: { 200: jsonResponse(ExecutionSchema, 'The execution'), ...errorResponses },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const execution = await findExecution(db, id);
      if (!execution) throw notFound(`Execution '${id}'`);
      const automation = await findAutomation(db, execution.automationId);
      if (automation) await requireAutomationDetails(db, c.get('user'), automation);
      else await requireTeamViewerById(db, c.get('user'), execution.teamId);
      return c.json(executionBody(execution), 200);
    },
  );
  return app;
}

import { notFound, RUN_STATES, type RunState } from '@bellwether/core';
import { findRun, listExecutions, listRuns, type Run } from '@bellwether/storage';
import { putRun } from '@bellwether/tracking';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppDeps, AppEnv } from '../app-deps.js';
import { requireProjectRole } from '../auth/project-access.js';
import { triggeredBody } from '../automations/automation-body.js';
import {
  errorResponses,
  JsonObjectSchema,
  jsonBody,
  jsonResponse,
  LabelSchema,
} from '../http/common-schemas.js';

const RunStateSchema = z.enum(RUN_STATES as [RunState, ...RunState[]]);

/** A run on the wire. */
export const RunSchema = z
  .object({
    id: z.string(),
    run_id: z.string(),
    display_name: z.string(),
    user: z.string().nullable(),
    state: RunStateSchema,
    config: JsonObjectSchema,
    tags: z.array(z.string()),
    summary: JsonObjectSchema.openapi({
      description: 'The last value logged for every key; non-finite numbers as strings.',
    }),
    last_step: z.number().int(),
    heartbeat_at: z.number().nullable(),
    created_at: z.number(),
    updated_at: z.number(),
  })
  .openapi('Run');

const RunDetailSchema = RunSchema.extend({
  triggered_automations: z
    .array(
      z.object({
        automation_id: z.string(),
        name: z.string().nullable(),
        execution_id: z.string(),
        status: z.string(),
        created_at: z.number(),
      }),
    )
    .openapi({ description: 'The latest 20 executions this run fired, newest first.' }),
}).openapi('RunDetail');

const RunBodySchema = z.strictObject({
  display_name: z.string().min(1).max(255).optional(),
  config: JsonObjectSchema.optional(),
  tags: z.array(LabelSchema).max(100).optional(),
  state: RunStateSchema.optional(),
  heartbeat: z.boolean().optional(),
});

const ProjectParams = z.object({ team: z.string(), project: z.string() });
const RunParams = z.object({
  team: z.string(),
  project: z.string(),
  runId: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[A-Za-z0-9_.-]+$/, "run ids use only letters, digits, '_', '.' and '-'"),
});

/** Serializes a run for the API. */
export function runBody(run: Run) {
  return {
    id: run.id,
    run_id: run.runId,
    display_name: run.displayName,
    user: run.username,
    state: run.state,
    config: run.config,
    tags: run.tags,
    summary: run.summary,
    last_step: run.lastStep,
    heartbeat_at: run.heartbeatAt,
    created_at: run.createdAt,
    updated_at: run.updatedAt,
  };
}

/** Runs: list, create-or-update, read, update. */
export function runRoute(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  const db = deps.storage.db;
  app.openapi(
    createRoute({
      method: 'get',
      path: '/teams/{team}/projects/{project}/runs',
      tags: ['runs'],
      summary: "List a project's runs, newest first",
      request: {
        params: ProjectParams,
        query: z.object({
          state: RunStateSchema.optional(),
          search: z.string().max(255).optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
          cursor: z.string().max(64).optional(),
        }),
      },
      responses: {
        200: jsonResponse(z.object({ runs: z.array(RunSchema), next_cursor: z.string().nullable() }), 'Runs'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const params = c.req.valid('param');
      const query = c.req.valid('query');
      const { project } = await requireProjectRole(db, c.get('user'), params.team, params.project, 'viewer');
      const runs = await listRuns(db, project.id, {
        state: query.state,
        search: query.search,
        limit: query.limit + 1,
        before: query.cursor,
      });
      const page = runs.slice(0, query.limit);
      const next = runs.length > query.limit ? (page[page.length - 1]?.id ?? null) : null;
      return c.json({ runs: page.map(runBody), next_cursor: next }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'put',
      path: '/teams/{team}/projects/{project}/runs/{runId}',
      tags: ['runs'],
      summary: 'Create a run or update it (display name, config, tags, state)',
      request: { params: RunParams, ...jsonBody(RunBodySchema) },
      responses: {
        200: jsonResponse(RunSchema, 'Updated'),
        201: jsonResponse(RunSchema, 'Created'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const params = c.req.valid('param');
      const access = await requireProjectRole(db, c.get('user'), params.team, params.project, 'member');
      const result = await putRun(
        deps,
        { ...access, user: c.get('user'), runId: params.runId },
        c.req.valid('json'),
        'upsert',
      );
      if (!result) throw notFound(`Run '${params.runId}'`);
      return result.created ? c.json(runBody(result.run), 201) : c.json(runBody(result.run), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'patch',
      path: '/teams/{team}/projects/{project}/runs/{runId}',
      tags: ['runs'],
      summary: 'Update an existing run',
      request: { params: RunParams, ...jsonBody(RunBodySchema) },
      responses: { 200: jsonResponse(RunSchema, 'Updated'), ...errorResponses },
    }),
    async (c) => {
      const params = c.req.valid('param');
      const access = await requireProjectRole(db, c.get('user'), params.team, params.project, 'member');
      const result = await putRun(
        deps,
        { ...access, user: c.get('user'), runId: params.runId },
        c.req.valid('json'),
        'update',
      );
      if (!result) throw notFound(`Run '${params.runId}' in project '${params.team}/${params.project}'`);
      return c.json(runBody(result.run), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/teams/{team}/projects/{project}/runs/{runId}',
      tags: ['runs'],
      summary: 'Get a run with its summary',
      request: { params: RunParams },
      responses: { 200: jsonResponse(RunDetailSchema, 'The run'), ...errorResponses },
    }),
    async (c) => {
      const params = c.req.valid('param');
      const { project } = await requireProjectRole(db, c.get('user'), params.team, params.project, 'viewer');
      const run = await findRun(db, project.id, params.runId);
      if (!run) throw notFound(`Run '${params.runId}' in project '${params.team}/${params.project}'`);
      const triggered = await listExecutions(db, { runPk: run.id }, { limit: 20 });
      return c.json({ ...runBody(run), triggered_automations: triggered.map(triggeredBody) }, 200);
    },
  );
  return app;
}

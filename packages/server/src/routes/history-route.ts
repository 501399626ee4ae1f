import { jsonNumber, notFound } from '@bellwether/core';
import { findRun, readMetricSeries } from '@bellwether/storage';
import { logHistory, MAX_HISTORY_ROWS, parseHistoryBody } from '@bellwether/tracking';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppDeps, AppEnv } from '../app-deps.js';
import { requireProjectRole } from '../auth/project-access.js';
import { errorResponses, jsonBody, jsonResponse } from '../http/common-schemas.js';
import { readJson } from '../http/read-json.js';

const MetricKeySchema = z
  .string()
  .min(1, 'metric keys must not be empty')
  .max(255, 'metric keys are at most 255 characters');

const HistoryRowSchema = z.strictObject({
  step: z
    .number()
    .int('must be an integer')
    .min(0, 'must be 0 or more')
    .max(Number.MAX_SAFE_INTEGER)
    .optional(),
  timestamp: z
    .number()
    .finite()
    .min(0)
    .optional()
    .openapi({ description: 'UTC milliseconds; the server time when absent' }),
  values: z.record(MetricKeySchema, z.unknown()).openapi({
    description:
      'Values by key. Numbers (and "NaN", "Infinity", "-Infinity") become metric points; anything else is kept in the summary.',
  }),
});

const HistoryBodySchema = z.strictObject({
  rows: z
    .array(HistoryRowSchema)
    .min(1, 'send at least one row')
    .max(MAX_HISTORY_ROWS, `at most ${MAX_HISTORY_ROWS} rows per request`),
});

const NumberOrString = z.union([z.number(), z.enum(['NaN', 'Infinity', '-Infinity'])]);
const SeriesSchema = z
  .object({
    total: z.number().int(),
    steps: z.array(z.number()),
    min: z.array(NumberOrString),
    max: z.array(NumberOrString),
    last: z.array(NumberOrString),
    count: z.array(z.number().int()),
  })
  .openapi('MetricSeries');

const RunParams = z.object({ team: z.string(), project: z.string(), runId: z.string() });

/** Metric history: batched writes and downsampled reads. */
export function historyRoute(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  const db = deps.storage.db;
  // Documented with its schema, validated by hand: see parseHistoryBody.
  app.openAPIRegistry.registerPath(
    createRoute({
      method: 'post',
      path: '/teams/{team}/projects/{project}/runs/{runId}/history',
      tags: ['metrics'],
      summary: 'Log a batch of history rows to a run',
      request: { params: RunParams, ...jsonBody(HistoryBodySchema) },
      responses: {
        200: jsonResponse(z.object({ points: z.number().int(), last_step: z.number().int() }), 'Stored'),
        ...errorResponses,
      },
    }),
  );
  app.post('/teams/:team/projects/:project/runs/:runId/history', async (c) => {
    const { team, project, runId } = c.req.param();
    const access = await requireProjectRole(db, c.get('user'), team, project, 'member');
    const rows = parseHistoryBody(await readJson(c));
    const result = await logHistory(deps, { ...access, user: c.get('user'), runId }, rows);
    return c.json({ points: result.points, last_step: result.lastStep }, 200);
  });
  app.openapi(
    createRoute({
      method: 'get',
      path: '/teams/{team}/projects/{project}/runs/{runId}/history',
      tags: ['metrics'],
      summary: 'Read metric series downsampled to `samples` buckets (min, max and last per bucket)',
      request: {
        params: RunParams,
        query: z.object({
          keys: z
            .string()
            .max(10_000)
            .optional()
            .openapi({ description: 'Comma-separated keys; all numeric keys when absent' }),
          samples: z.coerce.number().int().min(1).max(100_000).default(1000),
          min_step: z.coerce.number().int().min(0).optional(),
          max_step: z.coerce.number().int().min(0).optional(),
        }),
      },
      responses: {
        200: jsonResponse(
          z.object({ run_id: z.string(), series: z.record(z.string(), SeriesSchema) }),
          'Series',
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const params = c.req.valid('param');
      const query = c.req.valid('query');
      const { project } = await requireProjectRole(db, c.get('user'), params.team, params.project, 'viewer');
      const run = await findRun(db, project.id, params.runId);
      if (!run) throw notFound(`Run '${params.runId}' in project '${params.team}/${params.project}'`);
      const keys = query.keys
        ? query.keys.split(',').filter((k) => k !== '')
        : Object.keys(run.summary).filter((k) => {
            const v = run.summary[k];
            return typeof v === 'number' || v === 'NaN' || v === 'Infinity' || v === '-Infinity';
          });
      const range = { minStep: query.min_step, maxStep: query.max_step };
      const series: Record<string, z.infer<typeof SeriesSchema>> = {};
      for (const key of keys) {
        const s = await readMetricSeries(db, run.id, key, query.samples, range);
        series[key] = {
          ...s,
          min: s.min.map(jsonNumber),
          max: s.max.map(jsonNumber),
          last: s.last.map(jsonNumber),
        };
      }
      return c.json({ run_id: run.runId, series }, 200);
    },
  );
  return app;
}

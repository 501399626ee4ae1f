import { conflict, notFound, SCOPE_TYPES } from '@bellwether/core';
import {
  type Automation,
  deleteAutomation,
  findAutomation,
  findRegistry,
  findRegistryRoleForUser,
  findTeamById,
  findTeamRole,
  insertAutomation,
  listAutomations,
  listExecutions,
  updateAutomation,
} from '@bellwether/storage';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppDeps, AppEnv } from '../app-deps.js';
import { registryRoleAtLeast } from '../auth/roles.js';
import {
  type AutomationView,
  automationView,
  requireAutomationDetails,
  requireAutomationManager,
  requireTeam,
  requireTeamViewerById,
} from '../automations/automation-access.js';
import { automationBody } from '../automations/automation-body.js';
import { errorResponses, JsonObjectSchema, jsonBody, jsonResponse } from '../http/common-schemas.js';
import { checkAutomationEdit, checkNewAutomation } from './automation-checks.js';

/** An automation on the wire (SPEC §8), with identity, times and latest firing. */
export const AutomationSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    enabled: z.boolean(),
    scope: JsonObjectSchema,
    event: JsonObjectSchema,
    action: JsonObjectSchema,
    details_hidden: z.boolean().openapi({
      description: 'True for registry restricted viewers: event and action show their types only.',
    }),
    created_at: z.number(),
    updated_at: z.number(),
    last_execution_at: z.number().nullable(),
    last_execution: z.object({ id: z.string(), status: z.string(), created_at: z.number() }).nullable(),
  })
  .openapi('Automation');

const AutomationBodySchema = JsonObjectSchema.openapi('AutomationInput', {
  description:
    'An automation as in SPEC §8: name, description, enabled, scope, event, action. Validated field by field; 422 names each offending path.',
});
const TeamParams = z.object({ team: z.string() });
const ValidateQuery = z.object({
  automation_id: z.string().max(64).optional().openapi({
    description: 'Check the body as an edit of this automation (as PATCH would) rather than as a new one.',
  }),
});
const IdParams = z.object({ id: z.string().max(64) });

/** Automations: list, create and dry-run check per team; read, edit and delete by id. */
export function automationRoute(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  const db = deps.storage.db;

  const latestExecution = async (a: Automation) => {
    if (a.lastExecutionAt === null) return null;
    const [e] = await listExecutions(db, { automationId: a.id }, { limit: 1 });
    return e ? { id: e.id, status: e.status, created_at: e.createdAt } : null;
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/teams/{team}/automations',
      tags: ['automations'],
      summary: "List a team's automations (filter by scope, search by name, sort by latest firing)",
      request: {
        params: TeamParams,
        query: z.object({
          scope_type: z.enum(SCOPE_TYPES).optional(),
          project: z.string().max(255).optional(),
          registry: z.string().max(255).optional(),
          search: z.string().max(255).optional(),
          sort: z.enum(['name', 'last_execution']).default('name'),
        }),
      },
      responses: {
        200: jsonResponse(z.object({ automations: z.array(AutomationSchema) }), 'Automations'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const user = c.get('user');
      const team = await requireTeam(db, c.req.valid('param').team);
      const query = c.req.valid('query');
      const list = await listAutomations(db, team.id, {
        scopeType: query.scope_type,
        search: query.search,
        sort: query.sort,
      });
      const teamRole = user.isAdmin ? 'admin' : await findTeamRole(db, team.id, user.id);
      const registryViews = new Map<string, AutomationView | null>();
      const viewOf = async (a: Automation): Promise<AutomationView | null> => {
        if (teamRole !== undefined) return 'full';
        const scope = a.definition.scope;
        if (!('registry' in scope)) return null;
        if (!registryViews.has(scope.registry)) {
          const registry = await findRegistry(db, user.orgId, scope.registry);
          const role = registry && (await findRegistryRoleForUser(db, registry.id, user.id));
          registryViews.set(
            scope.registry,
            registryRoleAtLeast(role, 'viewer') ? 'full' : role === 'restricted_viewer' ? 'outline' : null,
          );
        }
        return registryViews.get(scope.registry) ?? null;
      };
      const out = [];
      for (const a of list) {
        const scope = a.definition.scope;
        if (query.project !== undefined && !('project' in scope && scope.project === query.project)) continue;
        if (query.registry !== undefined && !('registry' in scope && scope.registry === query.registry)) {
          continue;
        }
        const view = await viewOf(a);
        if (view) out.push(automationBody(a, view));
      }
      // Neither a team member nor a registry member who can see any of them.
      if (teamRole === undefined && out.length === 0) await requireTeamViewerById(db, user, team.id);
      return c.json({ automations: out }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/teams/{team}/automations',
      tags: ['automations'],
      summary: 'Create an automation (team admins; registry admins and members for registry scopes)',
      request: { params: TeamParams, ...jsonBody(AutomationBodySchema) },
      responses: { 201: jsonResponse(AutomationSchema, 'Created'), ...errorResponses },
    }),
    async (c) => {
      const user = c.get('user');
      const team = await requireTeam(db, c.req.valid('param').team);
      const { input, scope } = await checkNewAutomation(db, user, team, c.req.valid('json'));
      const now = deps.clock();
      const automation: Automation = {
        id: deps.ids('aut'),
        teamId: team.id,
        name: input.name,
        description: input.description,
        enabled: input.enabled,
        scopeType: scope.scopeType,
        scopeKey: scope.scopeKey,
        eventType: input.event.type,
        definition: input,
        createdBy: user.id,
        createdAt: now,
        updatedAt: now,
        lastExecutionAt: null,
      };
      if (!(await insertAutomation(db, automation))) {
        throw conflict(`Team '${team.name}' already has an automation named '${input.name}'.`, [
          { path: 'name', message: 'already taken' },
        ]);
      }
      return c.json(automationBody(automation, 'full'), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/teams/{team}/automations/validate',
      tags: ['automations'],
      summary:
        'Check an automation without saving it: the same checks and answers (403, 404, 422) as create, or as edit with automation_id',
      request: { params: TeamParams, query: ValidateQuery, ...jsonBody(AutomationBodySchema) },
      responses: {
        200: jsonResponse(z.object({ valid: z.literal(true) }), 'Every check passed; nothing was written'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const user = c.get('user');
      const team = await requireTeam(db, c.req.valid('param').team);
      const id = c.req.valid('query').automation_id;
      if (id === undefined) {
        await checkNewAutomation(db, user, team, c.req.valid('json'));
      } else {
        const current = await findAutomation(db, id);
        // Only the team's own automations, so the answer says nothing about other teams'.
        if (!current || current.teamId !== team.id) throw notFound(`Automation '${id}'`);
        await checkAutomationEdit(db, user, current, c.req.valid('json'));
      }
      return c.json({ valid: true as const }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/automations/{id}',
      tags: ['automations'],
      summary: 'Get an automation (not for registry restricted viewers)',
      request: { params: IdParams },
      responses: { 200: jsonResponse(AutomationSchema, 'The automation'), ...errorResponses },
    }),
    async (c) => {
      const automation = await findAutomation(db, c.req.valid('param').id);
      if (!automation) throw notFound(`Automation '${c.req.valid('param').id}'`);
      await requireAutomationDetails(db, c.get('user'), automation);
      return c.json(automationBody(automation, 'full', await latestExecution(automation)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/automations/{id}',
      tags: ['automations'],
      summary: 'Edit an automation: any top-level field; scope, event and action are replaced whole',
      request: { params: IdParams, ...jsonBody(AutomationBodySchema) },
      responses: { 200: jsonResponse(AutomationSchema, 'The automation'), ...errorResponses },
    }),
    async (c) => {
      const user = c.get('user');
      const current = await findAutomation(db, c.req.valid('param').id);
      if (!current) throw notFound(`Automation '${c.req.valid('param').id}'`);
      const { team, merged, scopeType, scopeKey } = await checkAutomationEdit(
        db,
        user,
        current,
        c.req.valid('json'),
      );
      const updated: Automation = {
        ...current,
        name: merged.name,
        description: merged.description,
        enabled: merged.enabled,
        scopeType,
        scopeKey,
        eventType: merged.event.type,
        definition: merged,
        // Strictly later than before: compiled-automation caches are keyed by it.
        updatedAt: Math.max(deps.clock(), current.updatedAt + 1),
      };
      if (!(await updateAutomation(db, updated))) {
        throw conflict(`Team '${team.name}' already has an automation named '${merged.name}'.`, [
          { path: 'name', message: 'already taken' },
        ]);
      }
      return c.json(automationBody(updated, 'full', await latestExecution(updated)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/automations/{id}',
      tags: ['automations'],
      summary: 'Delete an automation (its history stays)',
      request: { params: IdParams },
      responses: { 204: { description: 'Deleted' }, ...errorResponses },
    }),
    async (c) => {
      const user = c.get('user');
      const current = await findAutomation(db, c.req.valid('param').id);
      if (!current) throw notFound(`Automation '${c.req.valid('param').id}'`);
      const team = await findTeamById(db, current.teamId);
      if (!team) throw notFound(`Automation '${current.id}'`);
      await automationView(db, user, current);
      await requireAutomationManager(db, user, team, current.definition.scope);
      await db.transaction().execute((trx) => deleteAutomation(trx, current.id, deps.clock()));
      return c.body(null, 204);
    },
  );
  return app;
}

import { findTeamById, findTeamRole, listRegistryAutomations } from '@bellwether/storage';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppDeps, AppEnv } from '../app-deps.js';
import { requireRegistryRole } from '../auth/registry-access.js';
import { teamRoleAtLeast } from '../auth/roles.js';
import type { AutomationView } from '../automations/automation-access.js';
import { automationBody } from '../automations/automation-body.js';
import { errorResponses, jsonResponse } from '../http/common-schemas.js';
import { AutomationSchema } from './automation-route.js';

/** An automation of a registry's list: the usual automation with the name of the team that owns it. */
const RegistryAutomationSchema = AutomationSchema.extend({
  team: z.string().openapi({ description: 'The team that owns the automation.' }),
}).openapi('RegistryAutomation');

/** Every automation scoped to a registry or its collections, whatever team owns it (SPEC §6). */
export function registryAutomationRoute(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  const db = deps.storage.db;

  app.openapi(
    createRoute({
      method: 'get',
      path: '/registries/{registry}/automations',
      tags: ['automations'],
      summary:
        "List a registry's automations across owning teams (search by name, sort by latest firing; outlines for restricted viewers)",
      request: {
        params: z.object({ registry: z.string() }),
        query: z.object({
          scope_type: z.enum(['registry', 'registry_collection']).optional(),
          search: z.string().max(255).optional(),
          sort: z.enum(['name', 'last_execution']).default('name'),
        }),
      },
      responses: {
        200: jsonResponse(z.object({ automations: z.array(RegistryAutomationSchema) }), 'Automations'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const user = c.get('user');
      const { registry, role } = await requireRegistryRole(
        db,
        user,
        c.req.valid('param').registry,
        'restricted_viewer',
      );
      const query = c.req.valid('query');
      const list = await listRegistryAutomations(db, registry.id, {
        scopeType: query.scope_type,
        search: query.search,
        sort: query.sort,
      });
      const teams = new Map<string, { name: string; view: AutomationView }>();
      const owner = async (teamId: string) => {
        let team = teams.get(teamId);
        if (!team) {
          // Restricted viewers see the details of automations their own teams own, as elsewhere.
          const inTeam =
            role !== 'restricted_viewer' ||
            teamRoleAtLeast(await findTeamRole(db, teamId, user.id), 'viewer');
          team = {
            name: (await findTeamById(db, teamId))?.name ?? teamId,
            view: inTeam ? 'full' : 'outline',
          };
          teams.set(teamId, team);
        }
        return team;
      };
      const automations = [];
      for (const a of list) {
        const team = await owner(a.teamId);
        automations.push({ ...automationBody(a, team.view), team: team.name });
      }
      return c.json({ automations }, 200);
    },
  );
  return app;
}

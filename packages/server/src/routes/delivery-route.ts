import { conflict, notFound } from '@bellwether/core';
import { findDelivery, findTeamById, redeliverDelivery } from '@bellwether/storage';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppDeps, AppEnv } from '../app-deps.js';
import { requireTeamRole } from '../auth/team-access.js';
import { errorResponses, jsonResponse } from '../http/common-schemas.js';

/** Redelivering a dead or failed delivery by hand (team admins). */
export function deliveryRoute(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  const db = deps.storage.db;

  app.openapi(
    createRoute({
      method: 'post',
      path: '/deliveries/{id}/redeliver',
      tags: ['history'],
      summary: 'Queue a dead or failed delivery again; its execution goes back to pending',
      request: { params: z.object({ id: z.string() }) },
      responses: {
        202: jsonResponse(z.object({ id: z.string(), status: z.literal('pending') }), 'Queued'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const delivery = await findDelivery(db, id);
      const team = delivery && (await findTeamById(db, delivery.team_id));
      if (!delivery || !team) throw notFound(`Delivery '${id}'`);
      await requireTeamRole(db, c.get('user'), team.name, 'admin');
      const queued = await db.transaction().execute((trx) => redeliverDelivery(trx, id, deps.clock()));
      if (!queued) {
        throw conflict(
          `Delivery '${id}' is ${delivery.status}; only dead or failed deliveries can be redelivered.`,
        );
      }
      deps.afterCommit?.();
      return c.json({ id, status: 'pending' as const }, 202);
    },
  );

  return app;
}

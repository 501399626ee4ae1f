import { type ArtifactLabelChange, changeArtifactLabel } from '@bellwether/tracking';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppDeps, AppEnv } from '../app-deps.js';
import { requireProjectRole } from '../auth/project-access.js';
import { errorResponses, jsonResponse, LabelSchema } from '../http/common-schemas.js';
import { requireCollection } from './artifact-route.js';
import { AliasNameSchema, ArtifactVersionSchema, versionBody } from './artifact-schemas.js';

const VersionParams = z.object({
  team: z.string(),
  project: z.string(),
  collection: z.string(),
  version: z.string(),
});
const AliasParams = VersionParams.extend({ alias: AliasNameSchema });
const TagParams = VersionParams.extend({ tag: LabelSchema });

/** Aliases and tags of a project's artifact versions (team members write them). */
export function artifactLabelRoute(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  const db = deps.storage.db;
  const base = '/teams/{team}/projects/{project}/artifacts/{collection}/versions/{version}';

  const write = async (
    user: AppEnv['Variables']['user'],
    params: z.infer<typeof VersionParams>,
    change: ArtifactLabelChange,
  ) => {
    const { team, project } = await requireProjectRole(db, user, params.team, params.project, 'member');
    const collection = await requireCollection(db, project.id, params.collection);
    const version = await changeArtifactLabel(
      deps,
      { user, team, project, collection, ref: params.version },
      change,
    );
    return versionBody(db, { team: team.name, project: project.name, collection }, version);
  };

  app.openapi(
    createRoute({
      method: 'put',
      path: `${base}/aliases/{alias}`,
      tags: ['artifacts'],
      summary: 'Put an alias on a version, moving it from any other version',
      request: { params: AliasParams },
      responses: { 200: jsonResponse(ArtifactVersionSchema, 'The version'), ...errorResponses },
    }),
    async (c) => {
      const params = c.req.valid('param');
      return c.json(await write(c.get('user'), params, { kind: 'put_alias', alias: params.alias }), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'delete',
      path: `${base}/aliases/{alias}`,
      tags: ['artifacts'],
      summary: 'Remove an alias from a version',
      request: { params: AliasParams },
      responses: { 204: { description: 'Removed' }, ...errorResponses },
    }),
    async (c) => {
      const params = c.req.valid('param');
      await write(c.get('user'), params, { kind: 'delete_alias', alias: params.alias });
      return c.body(null, 204);
    },
  );
  app.openapi(
    createRoute({
      method: 'put',
      path: `${base}/tags/{tag}`,
      tags: ['artifacts'],
      summary: 'Add a tag to a version',
      request: { params: TagParams },
      responses: { 200: jsonResponse(ArtifactVersionSchema, 'The version'), ...errorResponses },
    }),
    async (c) => {
      const params = c.req.valid('param');
      return c.json(await write(c.get('user'), params, { kind: 'put_tag', tag: params.tag }), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'delete',
      path: `${base}/tags/{tag}`,
      tags: ['artifacts'],
      summary: 'Remove a tag from a version',
      request: { params: TagParams },
      responses: { 204: { description: 'Removed' }, ...errorResponses },
    }),
    async (c) => {
      const params = c.req.valid('param');
      await write(c.get('user'), params, { kind: 'delete_tag', tag: params.tag });
      return c.body(null, 204);
    },
  );
  return app;
}

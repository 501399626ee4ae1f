import { invalid, notFound } from '@bellwether/core';
import {
  type ArtifactVersion,
  type Database,
  findArtifactCollection,
  findArtifactVersion,
  parseArtifactPath,
  type User,
} from '@bellwether/storage';
import type { ArtifactLabelChange } from '@bellwether/tracking';
import { changeRegistryLabel, linkVersion, unlinkVersion } from '@bellwether/tracking';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Kysely } from 'kysely';
import type { AppDeps, AppEnv } from '../app-deps.js';
import { requireProjectRole } from '../auth/project-access.js';
import { requireRegistryRole } from '../auth/registry-access.js';
import { errorResponses, jsonBody, jsonResponse, LabelSchema } from '../http/common-schemas.js';
import { AliasNameSchema } from './artifact-schemas.js';
import { requireRegistryCollection } from './registry-collection-route.js';
import { linkBody, RegistryVersionSchema } from './registry-schemas.js';

const CollectionParams = z.object({ registry: z.string(), collection: z.string() });
const VersionParams = CollectionParams.extend({ version: z.string() });
const AliasParams = VersionParams.extend({ alias: AliasNameSchema });
const TagParams = VersionParams.extend({ tag: LabelSchema });
const LinkBodySchema = z.strictObject({
  artifact: z
    .string()
    .min(1)
    .max(512)
    .openapi({ description: '`team/project/collection:v3` or `…:alias`', example: 'ml/cifar/resnet:v3' }),
});

/**
 * Finds the artifact version a link names; the caller must be able to read it (viewer or more
 * in its team, or organization admin). 422 when the text is not a path, 404 when nothing is there.
 */
async function resolveSource(db: Kysely<Database>, user: User, text: string): Promise<ArtifactVersion> {
  const path = parseArtifactPath(text);
  if (!path) throw invalid('artifact', "must look like 'team/project/collection:v3' or '…:alias'");
  const { project } = await requireProjectRole(db, user, path.team, path.project, 'viewer');
  const collection = await findArtifactCollection(db, project.id, path.collection);
  if (!collection) throw notFound(`Artifact collection '${path.team}/${path.project}/${path.collection}'`);
  const version = await findArtifactVersion(db, collection.id, path.ref);
  if (!version) throw notFound(`Artifact version '${text}'`);
  return version;
}

/** Linking, unlinking, and the aliases and tags of registry collection versions (registry members). */
export function registryLinkRoute(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  const db = deps.storage.db;
  const base = '/registries/{registry}/collections/{collection}';

  const context = async (user: User, params: z.infer<typeof CollectionParams>) => {
    const { registry } = await requireRegistryRole(db, user, params.registry, 'member');
    const collection = await requireRegistryCollection(db, registry.id, params.collection);
    return { user, registry, collection };
  };
  const label = async (user: User, params: z.infer<typeof VersionParams>, change: ArtifactLabelChange) => {
    const ctx = await context(user, params);
    const link = await changeRegistryLabel(deps, { ...ctx, ref: params.version }, change);
    return linkBody(db, { registry: ctx.registry.name, collection: ctx.collection }, link);
  };

  app.openapi(
    createRoute({
      method: 'post',
      path: `${base}/links`,
      tags: ['registries'],
      summary: 'Link an artifact version; it gets the alias `latest` (linking it again changes nothing)',
      request: { params: CollectionParams, ...jsonBody(LinkBodySchema) },
      responses: {
        200: jsonResponse(RegistryVersionSchema, 'Already linked'),
        201: jsonResponse(RegistryVersionSchema, 'Linked'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const user = c.get('user');
      const ctx = await context(user, c.req.valid('param'));
      const source = await resolveSource(db, user, c.req.valid('json').artifact);
      const { link, created } = await linkVersion(deps, ctx, source.id);
      const body = await linkBody(db, { registry: ctx.registry.name, collection: ctx.collection }, link);
      return created ? c.json(body, 201) : c.json(body, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'delete',
      path: `${base}/links/{version}`,
      tags: ['registries'],
      summary: 'Unlink a version (`v3` or an alias) from a registry collection',
      request: { params: VersionParams },
      responses: { 204: { description: 'Unlinked' }, ...errorResponses },
    }),
    async (c) => {
      const params = c.req.valid('param');
      await unlinkVersion(deps, await context(c.get('user'), params), params.version);
      return c.body(null, 204);
    },
  );
  app.openapi(
    createRoute({
      method: 'put',
      path: `${base}/versions/{version}/aliases/{alias}`,
      tags: ['registries'],
      summary: 'Put an alias on a registry version, moving it from any other version',
      request: { params: AliasParams },
      responses: { 200: jsonResponse(RegistryVersionSchema, 'The version'), ...errorResponses },
    }),
    async (c) => {
      const params = c.req.valid('param');
      return c.json(await label(c.get('user'), params, { kind: 'put_alias', alias: params.alias }), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'delete',
      path: `${base}/versions/{version}/aliases/{alias}`,
      tags: ['registries'],
      summary: 'Remove an alias from a registry version',
      request: { params: AliasParams },
      responses: { 204: { description: 'Removed' }, ...errorResponses },
    }),
    async (c) => {
      const params = c.req.valid('param');
      await label(c.get('user'), params, { kind: 'delete_alias', alias: params.alias });
      return c.body(null, 204);
    },
  );
  app.openapi(
    createRoute({
      method: 'put',
      path: `${base}/versions/{version}/tags/{tag}`,
      tags: ['registries'],
      summary: 'Add a tag to a registry version',
      request: { params: TagParams },
      responses: { 200: jsonResponse(RegistryVersionSchema, 'The version'), ...errorResponses },
    }),
    async (c) => {
      const params = c.req.valid('param');
      return c.json(await label(c.get('user'), params, { kind: 'put_tag', tag: params.tag }), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'delete',
      path: `${base}/versions/{version}/tags/{tag}`,
      tags: ['registries'],
      summary: 'Remove a tag from a registry version',
      request: { params: TagParams },
      responses: { 204: { description: 'Removed' }, ...errorResponses },
    }),
    async (c) => {
      const params = c.req.valid('param');
      await label(c.get('user'), params, { kind: 'delete_tag', tag: params.tag });
      return c.body(null, 204);
    },
  );
  return app;
}

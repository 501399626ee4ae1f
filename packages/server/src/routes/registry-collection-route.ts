import { conflict, notFound } from '@bellwether/core';
import {
  type Database,
  findRegistryCollection,
  findRegistryLink,
  insertRegistryCollection,
  listRegistryCollections,
  listRegistryLinks,
  type RegistryCollection,
} from '@bellwether/storage';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Kysely } from 'kysely';
import type { AppDeps, AppEnv } from '../app-deps.js';
import { requireRegistryRole } from '../auth/registry-access.js';
import {
  DescriptionSchema,
  errorResponses,
  jsonBody,
  jsonResponse,
  LabelSchema,
  NameSchema,
} from '../http/common-schemas.js';
import { CollectionTypeSchema } from './artifact-schemas.js';
import {
  linkBodies,
  linkBody,
  RegistryCollectionSchema,
  RegistryVersionSchema,
  registryCollectionBody,
} from './registry-schemas.js';

const RegistryParams = z.object({ registry: z.string() });
const CollectionParams = RegistryParams.extend({ collection: z.string() });
const VersionParams = CollectionParams.extend({ version: z.string() });

const NewCollectionSchema = z.strictObject({
  name: NameSchema,
  type: CollectionTypeSchema,
  description: DescriptionSchema.default(''),
  tags: z.array(LabelSchema).max(100).default([]),
});

/** Finds a collection of a registry, 404 when there is none of that name. */
export async function requireRegistryCollection(
  db: Kysely<Database>,
  registryId: string,
  name: string,
): Promise<RegistryCollection> {
  const collection = await findRegistryCollection(db, registryId, name);
  if (!collection) throw notFound(`Registry collection '${name}'`);
  return collection;
}

/** A registry's collections and their versions (links), for reading and creating collections. */
export function registryCollectionRoute(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  const db = deps.storage.db;

  app.openapi(
    createRoute({
      method: 'get',
      path: '/registries/{registry}/collections',
      tags: ['registries'],
      summary: "List a registry's collections",
      request: { params: RegistryParams, query: z.object({ type: CollectionTypeSchema.optional() }) },
      responses: {
        200: jsonResponse(z.object({ collections: z.array(RegistryCollectionSchema) }), 'Collections'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const params = c.req.valid('param');
      const { registry } = await requireRegistryRole(db, c.get('user'), params.registry, 'restricted_viewer');
      const collections = await listRegistryCollections(db, registry.id, { type: c.req.valid('query').type });
      return c.json(
        { collections: collections.map((col) => registryCollectionBody(registry.name, col)) },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/registries/{registry}/collections',
      tags: ['registries'],
      summary: 'Create a registry collection (registry members)',
      request: { params: RegistryParams, ...jsonBody(NewCollectionSchema) },
      responses: { 201: jsonResponse(RegistryCollectionSchema, 'Created'), ...errorResponses },
    }),
    async (c) => {
      const params = c.req.valid('param');
      const body = c.req.valid('json');
      const { registry } = await requireRegistryRole(db, c.get('user'), params.registry, 'member');
      const created = await insertRegistryCollection(db, {
        id: deps.ids('rcol'),
        orgId: registry.orgId,
        registryId: registry.id,
        name: body.name,
        type: body.type,
        description: body.description,
        tags: [...new Set(body.tags)],
        createdAt: deps.clock(),
      });
      if (!created) {
        throw conflict(`Registry '${registry.name}' already has a collection '${body.name}'.`, [
          { path: 'name', message: 'already taken' },
        ]);
      }
      return c.json(registryCollectionBody(registry.name, created), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/registries/{registry}/collections/{collection}',
      tags: ['registries'],
      summary: 'Get a registry collection',
      request: { params: CollectionParams },
      responses: { 200: jsonResponse(RegistryCollectionSchema, 'The collection'), ...errorResponses },
    }),
    async (c) => {
      const params = c.req.valid('param');
      const { registry } = await requireRegistryRole(db, c.get('user'), params.registry, 'restricted_viewer');
      const collection = await requireRegistryCollection(db, registry.id, params.collection);
      return c.json(registryCollectionBody(registry.name, collection), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/registries/{registry}/collections/{collection}/versions',
      tags: ['registries'],
      summary: "List a registry collection's versions (links), newest first",
      request: {
        params: CollectionParams,
        query: z.object({
          limit: z.coerce.number().int().min(1).max(1000).default(100),
          cursor: z.coerce.number().int().min(0).optional(),
        }),
      },
      responses: {
        200: jsonResponse(
          z.object({ versions: z.array(RegistryVersionSchema), next_cursor: z.string().nullable() }),
          'Versions',
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const params = c.req.valid('param');
      const query = c.req.valid('query');
      const { registry } = await requireRegistryRole(db, c.get('user'), params.registry, 'restricted_viewer');
      const collection = await requireRegistryCollection(db, registry.id, params.collection);
      const links = await listRegistryLinks(db, collection.id, {
        limit: query.limit + 1,
        beforeIndex: query.cursor,
      });
      const page = links.slice(0, query.limit);
      const last = page[page.length - 1];
      const next = links.length > query.limit && last ? String(last.index) : null;
      const where = { registry: registry.name, collection };
      return c.json({ versions: await linkBodies(db, where, page), next_cursor: next }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/registries/{registry}/collections/{collection}/versions/{version}',
      tags: ['registries'],
      summary: 'Get a registry collection version by index (`v3`) or alias',
      request: { params: VersionParams },
      responses: { 200: jsonResponse(RegistryVersionSchema, 'The version'), ...errorResponses },
    }),
    async (c) => {
      const params = c.req.valid('param');
      const { registry } = await requireRegistryRole(db, c.get('user'), params.registry, 'restricted_viewer');
      const collection = await requireRegistryCollection(db, registry.id, params.collection);
      const link = await findRegistryLink(db, collection.id, params.version);
      if (!link) throw notFound(`Version '${params.version}' of registry collection '${params.collection}'`);
      return c.json(await linkBody(db, { registry: registry.name, collection }, link), 200);
    },
  );
  return app;
}

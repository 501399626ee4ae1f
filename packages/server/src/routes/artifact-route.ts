import { conflict, notFound } from '@bellwether/core';
import {
  type ArtifactCollection,
  type Database,
  findArtifactCollection,
  findArtifactVersion,
  insertArtifactCollection,
  listArtifactCollections,
  listArtifactVersions,
} from '@bellwether/storage';
import { createVersion } from '@bellwether/tracking';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Kysely } from 'kysely';
import type { AppDeps, AppEnv } from '../app-deps.js';
import { requireProjectRole } from '../auth/project-access.js';
import {
  DescriptionSchema,
  errorResponses,
  JsonObjectSchema,
  jsonBody,
  jsonResponse,
  LabelSchema,
  NameSchema,
} from '../http/common-schemas.js';
import {
  AliasNameSchema,
  ArtifactCollectionSchema,
  ArtifactVersionSchema,
  CollectionTypeSchema,
  collectionBody,
  ManifestEntrySchema,
  versionBodies,
  versionBody,
} from './artifact-schemas.js';

const ProjectParams = z.object({ team: z.string(), project: z.string() });
const CollectionParams = ProjectParams.extend({ collection: z.string() });
const VersionParams = CollectionParams.extend({ version: z.string() });

const NewCollectionSchema = z.strictObject({
  name: NameSchema,
  type: CollectionTypeSchema,
  description: DescriptionSchema.default(''),
  tags: z.array(LabelSchema).max(100).default([]),
});

const NewVersionSchema = z.strictObject({
  digest: z.string().min(1).max(256),
  metadata: JsonObjectSchema.default({}),
  description: DescriptionSchema.default(''),
  run_id: z.string().min(1).max(128).optional(),
  manifest: z.array(ManifestEntrySchema).max(100_000).default([]),
  tags: z.array(LabelSchema).max(100).default([]),
  aliases: z.array(AliasNameSchema).max(100).default([]),
});

/** Finds a collection of a project, 404 when there is none of that name. */
export async function requireCollection(
  db: Kysely<Database>,
  projectId: string,
  name: string,
): Promise<ArtifactCollection> {
  const collection = await findArtifactCollection(db, projectId, name);
  if (!collection) throw notFound(`Artifact collection '${name}'`);
  return collection;
}

/** A project's artifact collections and their versions. */
export function artifactRoute(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  const db = deps.storage.db;

  app.openapi(
    createRoute({
      method: 'get',
      path: '/teams/{team}/projects/{project}/artifacts',
      tags: ['artifacts'],
      summary: "List a project's artifact collections",
      request: { params: ProjectParams, query: z.object({ type: CollectionTypeSchema.optional() }) },
      responses: {
        200: jsonResponse(z.object({ collections: z.array(ArtifactCollectionSchema) }), 'Collections'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const params = c.req.valid('param');
      const { project } = await requireProjectRole(db, c.get('user'), params.team, params.project, 'viewer');
      const collections = await listArtifactCollections(db, project.id, { type: c.req.valid('query').type });
      return c.json(
        { collections: collections.map((col) => collectionBody(params.team, params.project, col)) },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/teams/{team}/projects/{project}/artifacts',
      tags: ['artifacts'],
      summary: 'Create an artifact collection (team members)',
      request: { params: ProjectParams, ...jsonBody(NewCollectionSchema) },
      responses: { 201: jsonResponse(ArtifactCollectionSchema, 'Created'), ...errorResponses },
    }),
    async (c) => {
      const params = c.req.valid('param');
      const body = c.req.valid('json');
      const { team, project } = await requireProjectRole(
        db,
        c.get('user'),
        params.team,
        params.project,
        'member',
      );
      const created = await insertArtifactCollection(db, {
        id: deps.ids('col'),
        teamId: team.id,
        projectId: project.id,
        name: body.name,
        type: body.type,
        description: body.description,
        tags: [...new Set(body.tags)],
        createdAt: deps.clock(),
      });
      if (!created) {
        throw conflict(
          `Project '${params.team}/${params.project}' already has a collection '${body.name}'.`,
          [{ path: 'name', message: 'already taken' }],
        );
      }
      return c.json(collectionBody(team.name, project.name, created), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/teams/{team}/projects/{project}/artifacts/{collection}',
      tags: ['artifacts'],
      summary: 'Get an artifact collection',
      request: { params: CollectionParams },
      responses: { 200: jsonResponse(ArtifactCollectionSchema, 'The collection'), ...errorResponses },
    }),
    async (c) => {
      const params = c.req.valid('param');
      const { project } = await requireProjectRole(db, c.get('user'), params.team, params.project, 'viewer');
      const collection = await requireCollection(db, project.id, params.collection);
      return c.json(collectionBody(params.team, params.project, collection), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/teams/{team}/projects/{project}/artifacts/{collection}/versions',
      tags: ['artifacts'],
      summary: "List a collection's versions, newest first",
      request: {
        params: CollectionParams,
        query: z.object({
          limit: z.coerce.number().int().min(1).max(1000).default(100),
          cursor: z.coerce.number().int().min(0).optional(),
        }),
      },
      responses: {
        200: jsonResponse(
          z.object({ versions: z.array(ArtifactVersionSchema), next_cursor: z.string().nullable() }),
          'Versions',
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const params = c.req.valid('param');
      const query = c.req.valid('query');
      const { project } = await requireProjectRole(db, c.get('user'), params.team, params.project, 'viewer');
      const collection = await requireCollection(db, project.id, params.collection);
      const versions = await listArtifactVersions(db, collection.id, {
        limit: query.limit + 1,
        beforeIndex: query.cursor,
      });
      const page = versions.slice(0, query.limit);
      const last = page[page.length - 1];
      const next = versions.length > query.limit && last ? String(last.index) : null;
      const where = { team: params.team, project: params.project, collection };
      return c.json({ versions: await versionBodies(db, where, page), next_cursor: next }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/teams/{team}/projects/{project}/artifacts/{collection}/versions',
      tags: ['artifacts'],
      summary: 'Create the next version of a collection; it gets the alias `latest`',
      request: { params: CollectionParams, ...jsonBody(NewVersionSchema) },
      responses: { 201: jsonResponse(ArtifactVersionSchema, 'Created'), ...errorResponses },
    }),
    async (c) => {
      const params = c.req.valid('param');
      const body = c.req.valid('json');
      const user = c.get('user');
      const { team, project } = await requireProjectRole(db, user, params.team, params.project, 'member');
      const collection = await requireCollection(db, project.id, params.collection);
      const version = await createVersion(
        deps,
        { user, team, project, collection },
        {
          digest: body.digest,
          metadata: body.metadata,
          description: body.description,
          runId: body.run_id,
          manifest: body.manifest,
          tags: body.tags,
          aliases: body.aliases,
        },
      );
      const where = { team: team.name, project: project.name, collection };
      return c.json(await versionBody(db, where, version), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/teams/{team}/projects/{project}/artifacts/{collection}/versions/{version}',
      tags: ['artifacts'],
      summary: 'Get a version by index (`v3`) or alias',
      request: { params: VersionParams },
      responses: { 200: jsonResponse(ArtifactVersionSchema, 'The version'), ...errorResponses },
    }),
    async (c) => {
      const params = c.req.valid('param');
      const { project } = await requireProjectRole(db, c.get('user'), params.team, params.project, 'viewer');
      const collection = await requireCollection(db, project.id, params.collection);
      const version = await findArtifactVersion(db, collection.id, params.version);
      if (!version) throw notFound(`Version '${params.version}' of collection '${params.collection}'`);
      const where = { team: params.team, project: params.project, collection };
      return c.json(await versionBody(db, where, version), 200);
    },
  );
  return app;
}

import type { VersionSnapshot } from '@bellwether/core';
import type { Kysely } from 'kysely';
import type { Database } from '../database-schema.js';
import type { ArtifactVersion } from './artifact-version-repository.js';
import { findArtifactVersion } from './artifact-version-repository.js';
import { formatArtifactPath, parseArtifactPath } from './version-ref.js';

/** Where an artifact version lives, by human names, so it can be printed `team/project/collection:vN`. */
export interface ArtifactVersionAddress {
  versionId: string;
  teamId: string;
  teamName: string;
  projectId: string;
  projectName: string;
  collectionId: string;
  collectionName: string;
  collectionType: string;
  index: number;
  /** `team/project/collection:vN`. */
  path: string;
}

function selectAddresses(db: Kysely<Database>) {
  return db
    .selectFrom('artifact_versions')
    .innerJoin('artifact_collections', 'artifact_collections.id', 'artifact_versions.collection_id')
    .innerJoin('projects', 'projects.id', 'artifact_collections.project_id')
    .innerJoin('teams', 'teams.id', 'projects.team_id')
    .select([
      'artifact_versions.id as versionId',
      'artifact_versions.idx as index',
      'artifact_versions.metadata',
      'artifact_collections.id as collectionId',
      'artifact_collections.name as collectionName',
      'artifact_collections.type as collectionType',
      'projects.id as projectId',
      'projects.name as projectName',
      'teams.id as teamId',
      'teams.name as teamName',
    ]);
}

type AddressRow = Omit<ArtifactVersionAddress, 'path'> & { metadata: string };

function toAddress(row: AddressRow): ArtifactVersionAddress {
  const { metadata: _metadata, ...address } = row;
  return {
    ...address,
    path: formatArtifactPath(row.teamName, row.projectName, row.collectionName, row.index),
  };
}

/** The addresses of the given artifact versions, by version id. */
export async function findArtifactVersionAddresses(
  db: Kysely<Database>,
  versionIds: readonly string[],
): Promise<Map<string, ArtifactVersionAddress>> {
  if (versionIds.length === 0) return new Map();
  const rows = await selectAddresses(db).where('artifact_versions.id', 'in', versionIds).execute();
  return new Map(rows.map((r) => [r.versionId, toAddress(r)]));
}

/** The snapshot that artifact events carry for a version of a project's collection. */
export async function buildArtifactVersionSnapshot(
  db: Kysely<Database>,
  versionId: string,
): Promise<VersionSnapshot | undefined> {
  const row = await selectAddresses(db).where('artifact_versions.id', '=', versionId).executeTakeFirst();
  if (!row) return undefined;
  return {
    versionId: row.versionId,
    collectionId: row.collectionId,
    collectionName: row.collectionName,
    collectionType: row.collectionType,
    index: row.index,
    metadata: JSON.parse(row.metadata) as Record<string, unknown>,
    artifactPath: toAddress(row).path,
  };
}

/**
 * The snapshot that registry events carry for a link: the registry collection and the link's
 * index there, with the underlying artifact version's id, metadata and path.
 */
export async function buildRegistryLinkSnapshot(
  db: Kysely<Database>,
  linkId: string,
): Promise<VersionSnapshot | undefined> {
  const link = await db
    .selectFrom('registry_links')
    .innerJoin('registry_collections', 'registry_collections.id', 'registry_links.collection_id')
    .select([
      'registry_links.artifact_version_id',
      'registry_links.idx',
      'registry_collections.id',
      'registry_collections.name',
      'registry_collections.type',
    ])
    .where('registry_links.id', '=', linkId)
    .executeTakeFirst();
  if (!link) return undefined;
  const artifact = await buildArtifactVersionSnapshot(db, link.artifact_version_id);
  if (!artifact) return undefined;
  return {
    ...artifact,
    collectionId: link.id,
    collectionName: link.name,
    collectionType: link.type,
    index: link.idx,
  };
}

/** Finds the artifact version that `team/project/collection:v3` (or `…:alias`) names. */
export async function findArtifactVersionByPath(
  db: Kysely<Database>,
  path: string,
): Promise<ArtifactVersion | undefined> {
  const parts = parseArtifactPath(path);
  if (!parts) return undefined;
  const collection = await db
    .selectFrom('artifact_collections')
    .innerJoin('projects', 'projects.id', 'artifact_collections.project_id')
    .innerJoin('teams', 'teams.id', 'projects.team_id')
    .select('artifact_collections.id')
    .where('teams.name', '=', parts.team)
    .where('projects.name', '=', parts.project)
    .where('artifact_collections.name', '=', parts.collection)
    .executeTakeFirst();
  return collection && findArtifactVersion(db, collection.id, parts.ref);
}

import type { Kysely } from 'kysely';
import type { ArtifactCollectionTable, Database } from '../database-schema.js';
import { lockCollectionRow, takeCollectionIndex } from './collection-index.js';

/** A named, typed series of versions in a project. */
export interface ArtifactCollection {
  id: string;
  teamId: string;
  projectId: string;
  name: string;
  /** `model`, `dataset` or any other lowercase word. */
  type: string;
  description: string;
  tags: string[];
  /** The index the next version gets. */
  nextIndex: number;
  createdAt: number;
}

/** The fields a caller chooses when creating a collection. */
export type NewArtifactCollection = Omit<ArtifactCollection, 'nextIndex'>;

function toArtifactCollection(row: ArtifactCollectionTable): ArtifactCollection {
  return {
    id: row.id,
    teamId: row.team_id,
    projectId: row.project_id,
    name: row.name,
    type: row.type,
    description: row.description,
    tags: JSON.parse(row.tags) as string[],
    nextIndex: row.next_index,
    createdAt: row.created_at,
  };
}

/**
 * Inserts a collection; undefined when the project already has one of that name, so two
 * concurrent creators get a value to turn into 409 instead of a constraint error.
 */
export async function insertArtifactCollection(
  db: Kysely<Database>,
  c: NewArtifactCollection,
): Promise<ArtifactCollection | undefined> {
  const result = await db
    .insertInto('artifact_collections')
    .values({
      id: c.id,
      team_id: c.teamId,
      project_id: c.projectId,
      name: c.name,
      type: c.type,
      description: c.description,
      tags: JSON.stringify(c.tags),
      next_index: 0,
      created_at: c.createdAt,
    })
    .onConflict((oc) => oc.columns(['project_id', 'name']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0 ? { ...c, nextIndex: 0 } : undefined;
}

/** Finds a collection by project and name. */
export async function findArtifactCollection(
  db: Kysely<Database>,
  projectId: string,
  name: string,
): Promise<ArtifactCollection | undefined> {
  const row = await db
    .selectFrom('artifact_collections')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('name', '=', name)
    .executeTakeFirst();
  return row && toArtifactCollection(row);
}

/** Finds a collection by id. */
export async function findArtifactCollectionById(
  db: Kysely<Database>,
  id: string,
): Promise<ArtifactCollection | undefined> {
  const row = await db.selectFrom('artifact_collections').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toArtifactCollection(row);
}

/** Lists a project's collections by name, optionally of one type. */
export async function listArtifactCollections(
  db: Kysely<Database>,
  projectId: string,
  filter: { type?: string | undefined } = {},
): Promise<ArtifactCollection[]> {
  let query = db.selectFrom('artifact_collections').selectAll().where('project_id', '=', projectId);
  if (filter.type !== undefined) query = query.where('type', '=', filter.type);
  const rows = await query.orderBy('name').execute();
  return rows.map(toArtifactCollection);
}

/** Locks a collection row until the transaction ends (see lockCollectionRow). */
export function lockArtifactCollection(db: Kysely<Database>, id: string): Promise<boolean> {
  return lockCollectionRow(db, 'artifact_collections', id);
}

/** Takes the next version index of a collection (see takeCollectionIndex). */
export function takeArtifactVersionIndex(
  db: Kysely<Database>,
  collectionId: string,
): Promise<number | undefined> {
  return takeCollectionIndex(db, 'artifact_collections', collectionId);
}

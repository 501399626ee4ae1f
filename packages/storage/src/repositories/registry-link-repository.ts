import { notFound, type VersionSnapshot } from '@bellwether/core';
import type { Kysely } from 'kysely';
import type { Database, RegistryLinkTable } from '../database-schema.js';
import type { AliasPutOutcome } from './artifact-alias-repository.js';
import { LATEST_ALIAS } from './artifact-version-repository.js';
import { listRegistryAliases, putRegistryAlias } from './registry-alias-repository.js';
import { lockRegistryCollection, takeRegistryLinkIndex } from './registry-collection-repository.js';
import { addToTagList, removeFromTagList, type TagChange } from './tag-list.js';
import { parseVersionRef } from './version-ref.js';
import {
  type ArtifactVersionAddress,
  buildRegistryLinkSnapshot,
  findArtifactVersionAddresses,
} from './version-snapshot-repository.js';

/** A version of a registry collection: a link to an artifact version, with its aliases. */
export interface RegistryLink {
  id: string;
  orgId: string;
  collectionId: string;
  /** The index in the registry collection (v0 → 0), not the artifact version's. */
  index: number;
  artifactVersionId: string;
  tags: string[];
  aliases: string[];
  createdBy: string | null;
  createdAt: number;
  /** The linked artifact version, printable as `artifact.path`. */
  artifact: ArtifactVersionAddress;
}

/** What linking did: a new link with where `latest` came from, or the link that already existed. */
export type LinkOutcome =
  | { status: 'linked'; link: RegistryLink; latest: AliasPutOutcome }
  | { status: 'existing'; link: RegistryLink };

async function toLinks(db: Kysely<Database>, rows: RegistryLinkTable[]): Promise<RegistryLink[]> {
  const aliases = await listRegistryAliases(
    db,
    rows.map((r) => r.id),
  );
  const addresses = await findArtifactVersionAddresses(
    db,
    rows.map((r) => r.artifact_version_id),
  );
  return rows.flatMap((r) => {
    const artifact = addresses.get(r.artifact_version_id);
    if (!artifact) return [];
    return [
      {
        id: r.id,
        orgId: r.org_id,
        collectionId: r.collection_id,
        index: r.idx,
        artifactVersionId: r.artifact_version_id,
        tags: JSON.parse(r.tags) as string[],
        aliases: aliases.get(r.id) ?? [],
        createdBy: r.created_by,
        createdAt: r.created_at,
        artifact,
      },
    ];
  });
}

async function findOne(
  db: Kysely<Database>,
  row: RegistryLinkTable | undefined,
): Promise<RegistryLink | undefined> {
  if (!row) return undefined;
  const [link] = await toLinks(db, [row]);
  return link;
}

/**
 * Links an artifact version into a registry collection: the link takes the collection's next
 * index and its `latest` alias. Linking a version that is already linked there returns the
 * existing link and changes nothing. Call in a transaction.
 */
export async function linkArtifactVersion(
  db: Kysely<Database>,
  l: {
    id: string;
    orgId: string;
    collectionId: string;
    artifactVersionId: string;
    createdBy: string | null;
    now: number;
  },
): Promise<LinkOutcome> {
  // Locked before the duplicate check, so two concurrent links of one version make one link.
  if (!(await lockRegistryCollection(db, l.collectionId)))
    throw notFound(`Registry collection ${l.collectionId}`);
  const existing = await db
    .selectFrom('registry_links')
    .selectAll()
    .where('collection_id', '=', l.collectionId)
    .where('artifact_version_id', '=', l.artifactVersionId)
    .executeTakeFirst();
  const found = await findOne(db, existing);
  if (found) return { status: 'existing', link: found };
  // Checked before the index is taken, so a bad id never leaves a link without a version.
  const artifact = (await findArtifactVersionAddresses(db, [l.artifactVersionId])).get(l.artifactVersionId);
  if (!artifact) throw notFound(`Artifact version ${l.artifactVersionId}`);
  const index = await takeRegistryLinkIndex(db, l.collectionId);
  if (index === undefined) throw notFound(`Registry collection ${l.collectionId}`);
  await db
    .insertInto('registry_links')
    .values({
      id: l.id,
      org_id: l.orgId,
      collection_id: l.collectionId,
      idx: index,
      artifact_version_id: l.artifactVersionId,
      tags: '[]',
      created_by: l.createdBy,
      created_at: l.now,
    })
    .execute();
  const latest = await putRegistryAlias(db, {
    orgId: l.orgId,
    collectionId: l.collectionId,
    alias: LATEST_ALIAS,
    linkId: l.id,
    now: l.now,
  });
  const link: RegistryLink = {
    id: l.id,
    orgId: l.orgId,
    collectionId: l.collectionId,
    index,
    artifactVersionId: l.artifactVersionId,
    tags: [],
    aliases: [LATEST_ALIAS],
    createdBy: l.createdBy,
    createdAt: l.now,
    artifact,
  };
  return { status: 'linked', link, latest };
}

/** Finds a link of a registry collection by `v3` or by an alias name. */
export async function findRegistryLink(
  db: Kysely<Database>,
  collectionId: string,
  ref: string,
): Promise<RegistryLink | undefined> {
  const parsed = parseVersionRef(ref);
  const row =
    parsed.kind === 'index'
      ? await db
          .selectFrom('registry_links')
          .selectAll()
          .where('collection_id', '=', collectionId)
          .where('idx', '=', parsed.index)
          .executeTakeFirst()
      : await db
          .selectFrom('registry_aliases')
          .innerJoin('registry_links', 'registry_links.id', 'registry_aliases.link_id')
          .selectAll('registry_links')
          .where('registry_aliases.collection_id', '=', collectionId)
          .where('registry_aliases.alias', '=', parsed.alias)
          .executeTakeFirst();
  return findOne(db, row);
}

/** Finds a link by id. */
export async function findRegistryLinkById(
  db: Kysely<Database>,
  id: string,
): Promise<RegistryLink | undefined> {
  const row = await db.selectFrom('registry_links').selectAll().where('id', '=', id).executeTakeFirst();
  return findOne(db, row);
}

/** Lists a registry collection's links with aliases and artifact addresses, newest first. */
export async function listRegistryLinks(
  db: Kysely<Database>,
  collectionId: string,
  page: { limit?: number | undefined; beforeIndex?: number | undefined } = {},
): Promise<RegistryLink[]> {
  let query = db.selectFrom('registry_links').selectAll().where('collection_id', '=', collectionId);
  if (page.beforeIndex !== undefined) query = query.where('idx', '<', page.beforeIndex);
  if (page.limit !== undefined) query = query.limit(page.limit);
  return toLinks(db, await query.orderBy('idx', 'desc').execute());
}

/** Lists every link of one artifact version, across registry collections (artifact pages show them). */
export async function listRegistryLinksOfVersion(
  db: Kysely<Database>,
  artifactVersionId: string,
): Promise<RegistryLink[]> {
  const rows = await db
    .selectFrom('registry_links')
    .selectAll()
    .where('artifact_version_id', '=', artifactVersionId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return toLinks(db, rows);
}

/**
 * Unlinks a version (`v3` or an alias) of a registry collection, deleting its aliases. Returns
 * the link as it was and its snapshot, taken before the delete, for the unlink event.
 */
export async function unlinkRegistryVersion(
  db: Kysely<Database>,
  collectionId: string,
  ref: string,
): Promise<{ link: RegistryLink; snapshot: VersionSnapshot } | undefined> {
  await lockRegistryCollection(db, collectionId);
  const link = await findRegistryLink(db, collectionId, ref);
  if (!link) return undefined;
  const snapshot = await buildRegistryLinkSnapshot(db, link.id);
  if (!snapshot) return undefined;
  await db.deleteFrom('registry_aliases').where('link_id', '=', link.id).execute();
  await db.deleteFrom('registry_links').where('id', '=', link.id).execute();
  return { link, snapshot };
}

async function changeLinkTags(
  db: Kysely<Database>,
  linkId: string,
  change: (stored: string) => TagChange,
): Promise<TagChange> {
  // Updating the row to itself first takes its lock, so concurrent tag writers never lose one.
  const locked = await db
    .updateTable('registry_links')
    .set((eb) => ({ tags: eb.ref('tags') }))
    .where('id', '=', linkId)
    .returning('tags')
    .executeTakeFirst();
  if (!locked) throw notFound(`Registry link ${linkId}`);
  const result = change(locked.tags);
  if (result.changed) {
    await db
      .updateTable('registry_links')
      .set({ tags: JSON.stringify(result.tags) })
      .where('id', '=', linkId)
      .execute();
  }
  return result;
}

/** Adds a tag to a link; `changed` is false when it already had it (no event fires). */
export async function addRegistryLinkTag(
  db: Kysely<Database>,
  linkId: string,
  tag: string,
): Promise<TagChange> {
  return changeLinkTags(db, linkId, (stored) => addToTagList(stored, tag));
}

/** Removes a tag from a link; `changed` is false when it did not have it. */
export async function removeRegistryLinkTag(
  db: Kysely<Database>,
  linkId: string,
  tag: string,
): Promise<TagChange> {
  return changeLinkTags(db, linkId, (stored) => removeFromTagList(stored, tag));
}

import { notFound } from '@bellwether/core';
import {
  type ArtifactVersion,
  addArtifactVersionTag,
  buildArtifactVersionSnapshot,
  type Database,
  deleteArtifactAlias,
  findArtifactVersion,
  findArtifactVersionById,
  putArtifactAlias,
  removeArtifactVersionTag,
} from '@bellwether/storage';
import type { Kysely } from 'kysely';
import type { ArtifactWriteContext } from './artifact-version-create.js';
import { authorOf, projectPlace } from './run-snapshot.js';
import type { TrackingDeps } from './tracking-deps.js';
import { type Emit, transact } from './transact.js';

/** The label writes on a project artifact version. */
export type ArtifactLabelChange =
  | { kind: 'put_alias'; alias: string }
  | { kind: 'delete_alias'; alias: string }
  | { kind: 'put_tag'; tag: string }
  | { kind: 'delete_tag'; tag: string };

async function findOrFail(trx: Kysely<Database>, ctx: ArtifactWriteContext, ref: string) {
  const version = await findArtifactVersion(trx, ctx.collection.id, ref);
  if (!version) throw notFound(`Version '${ref}' of collection '${ctx.collection.name}'`);
  return version;
}

/**
 * Puts or removes an alias or tag on a version (`v3` or an alias) and emits the matching event
 * when something changed: putting an alias the version already holds, or a tag it already has,
 * emits nothing. Removing an alias emits nothing (there is no such event); removing what is not
 * there is a 404. Returns the version after the write.
 */
export async function changeArtifactLabel(
  deps: TrackingDeps,
  ctx: ArtifactWriteContext & { ref: string },
  change: ArtifactLabelChange,
): Promise<ArtifactVersion> {
  const now = deps.clock();
  return transact(deps, async (trx, emit) => {
    const version = await findOrFail(trx, ctx, ctx.ref);
    const changed = await applyChange(trx, ctx, version, change, now);
    if (changed) await emitChange(trx, emit, ctx, version.id, change, now);
    return (await findArtifactVersionById(trx, version.id)) ?? version;
  });
}

async function applyChange(
  trx: Kysely<Database>,
  ctx: ArtifactWriteContext & { ref: string },
  version: ArtifactVersion,
  change: ArtifactLabelChange,
  now: number,
): Promise<boolean> {
  switch (change.kind) {
    case 'put_alias': {
      const outcome = await putArtifactAlias(trx, {
        teamId: ctx.team.id,
        collectionId: ctx.collection.id,
        alias: change.alias,
        versionId: version.id,
        now,
      });
      return outcome.status !== 'unchanged';
    }
    case 'delete_alias': {
      const removed = await deleteArtifactAlias(trx, {
        collectionId: ctx.collection.id,
        alias: change.alias,
        versionId: version.id,
      });
      if (!removed) throw notFound(`Alias '${change.alias}' on version '${ctx.ref}'`);
      return false;
    }
    case 'put_tag':
      return (await addArtifactVersionTag(trx, version.id, change.tag)).changed;
    case 'delete_tag': {
      const result = await removeArtifactVersionTag(trx, version.id, change.tag);
      if (!result.changed) throw notFound(`Tag '${change.tag}' on version '${ctx.ref}'`);
      return true;
    }
  }
}

async function emitChange(
  trx: Kysely<Database>,
  emit: Emit,
  ctx: ArtifactWriteContext,
  versionId: string,
  change: ArtifactLabelChange,
  now: number,
): Promise<void> {
  const snapshot = await buildArtifactVersionSnapshot(trx, versionId);
  if (!snapshot) throw notFound(`Artifact version ${versionId}`);
  const base = { place: projectPlace(ctx.team, ctx.project), ...authorOf(ctx.user, now), version: snapshot };
  if (change.kind === 'put_alias') emit({ type: 'artifact_alias_added', ...base, alias: change.alias });
  if (change.kind === 'put_tag') emit({ type: 'artifact_tag_added', ...base, tag: change.tag });
  if (change.kind === 'delete_tag') emit({ type: 'artifact_tag_removed', ...base, tag: change.tag });
}

import { notFound } from '@bellwether/core';
import {
  addRegistryLinkTag,
  buildRegistryLinkSnapshot,
  type Database,
  deleteRegistryAlias,
  findRegistryLink,
  findRegistryLinkById,
  putRegistryAlias,
  type RegistryLink,
  removeRegistryLinkTag,
} from '@bellwether/storage';
import type { Kysely } from 'kysely';
import type { ArtifactLabelChange } from './artifact-label-write.js';
import { type RegistryWriteContext, registryPlace } from './registry-link-write.js';
import { authorOf } from './run-snapshot.js';
import type { TrackingDeps } from './tracking-deps.js';
import { transact } from './transact.js';

/**
 * Puts or removes an alias or tag on a registry collection version (`v3` or an alias), with the
 * same rules and events as on project versions (see `changeArtifactLabel`). Returns the link
 * after the write.
 */
export async function changeRegistryLabel(
  deps: TrackingDeps,
  ctx: RegistryWriteContext & { ref: string },
  change: ArtifactLabelChange,
): Promise<RegistryLink> {
  const now = deps.clock();
  return transact(deps, async (trx, emit) => {
    const link = await findRegistryLink(trx, ctx.collection.id, ctx.ref);
    if (!link) throw notFound(`Version '${ctx.ref}' of registry collection '${ctx.collection.name}'`);
    if (await applyChange(trx, ctx, link, change, now)) {
      const snapshot = await buildRegistryLinkSnapshot(trx, link.id);
      if (!snapshot) throw notFound(`Registry link ${link.id}`);
      const base = {
        place: registryPlace(ctx.registry, link.artifact),
        ...authorOf(ctx.user, now),
        version: snapshot,
      };
      if (change.kind === 'put_alias') emit({ type: 'artifact_alias_added', ...base, alias: change.alias });
      if (change.kind === 'put_tag') emit({ type: 'artifact_tag_added', ...base, tag: change.tag });
      if (change.kind === 'delete_tag') emit({ type: 'artifact_tag_removed', ...base, tag: change.tag });
    }
    return (await findRegistryLinkById(trx, link.id)) ?? link;
  });
}

async function applyChange(
  trx: Kysely<Database>,
  ctx: RegistryWriteContext & { ref: string },
  link: RegistryLink,
  change: ArtifactLabelChange,
  now: number,
): Promise<boolean> {
  switch (change.kind) {
    case 'put_alias': {
      const outcome = await putRegistryAlias(trx, {
        orgId: ctx.registry.orgId,
        collectionId: ctx.collection.id,
        alias: change.alias,
        linkId: link.id,
        now,
      });
      return outcome.status !== 'unchanged';
    }
    case 'delete_alias': {
      const removed = await deleteRegistryAlias(trx, {
        collectionId: ctx.collection.id,
        alias: change.alias,
        linkId: link.id,
      });
      if (!removed) throw notFound(`Alias '${change.alias}' on version '${ctx.ref}'`);
      return false;
    }
    case 'put_tag':
      return (await addRegistryLinkTag(trx, link.id, change.tag)).changed;
    case 'delete_tag': {
      const result = await removeRegistryLinkTag(trx, link.id, change.tag);
      if (!result.changed) throw notFound(`Tag '${change.tag}' on version '${ctx.ref}'`);
      return true;
    }
  }
}

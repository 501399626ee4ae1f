import type { EventPlace } from '@bellwether/core';
import { notFound } from '@bellwether/core';
import {
  type ArtifactVersionAddress,
  buildRegistryLinkSnapshot,
  linkArtifactVersion,
  type Registry,
  type RegistryCollection,
  type RegistryLink,
  type User,
  unlinkRegistryVersion,
} from '@bellwether/storage';
import { authorOf } from './run-snapshot.js';
import type { TrackingDeps } from './tracking-deps.js';
import { transact } from './transact.js';

/** Where a registry write happens and who makes it. */
export interface RegistryWriteContext {
  user: User;
  registry: Registry;
  collection: RegistryCollection;
}

/**
 * Where a registry event happened: the registry, and the team that owns the linked artifact
 * version, so team-scoped automations see links of their own artifacts.
 */
export function registryPlace(registry: Registry, artifact: ArtifactVersionAddress): EventPlace {
  return {
    teamId: artifact.teamId,
    teamName: artifact.teamName,
    projectId: null,
    projectName: null,
    registryId: registry.id,
    registryName: registry.name,
  };
}

/**
 * Links an artifact version into a registry collection, emitting `artifact_linked` and the
 * `artifact_alias_added` of `latest`. Linking an already linked version changes nothing and
 * emits nothing (`created` is false).
 */
export async function linkVersion(
  deps: TrackingDeps,
  ctx: RegistryWriteContext,
  artifactVersionId: string,
): Promise<{ link: RegistryLink; created: boolean }> {
  const now = deps.clock();
  return transact(deps, async (trx, emit) => {
    const outcome = await linkArtifactVersion(trx, {
      id: deps.ids('lnk'),
      orgId: ctx.registry.orgId,
      collectionId: ctx.collection.id,
      artifactVersionId,
      createdBy: ctx.user.id,
      now,
    });
    if (outcome.status === 'existing') return { link: outcome.link, created: false };
    const { link, latest } = outcome;
    const snapshot = await buildRegistryLinkSnapshot(trx, link.id);
    if (!snapshot) throw notFound(`Registry link ${link.id}`);
    const base = {
      place: registryPlace(ctx.registry, link.artifact),
      ...authorOf(ctx.user, now),
      version: snapshot,
    };
    emit({ type: 'artifact_linked', ...base, aliases: link.aliases });
    if (latest.status !== 'unchanged') emit({ type: 'artifact_alias_added', ...base, alias: 'latest' });
    return { link, created: true };
  });
}

/**
 * Unlinks a version (`v3` or an alias) of a registry collection and emits `artifact_unlinked`
 * carrying the aliases the link held when it was removed. 404 when there is no such version.
 */
export async function unlinkVersion(
  deps: TrackingDeps,
  ctx: RegistryWriteContext,
  ref: string,
): Promise<void> {
  const now = deps.clock();
  await transact(deps, async (trx, emit) => {
    const removed = await unlinkRegistryVersion(trx, ctx.collection.id, ref);
    if (!removed) throw notFound(`Version '${ref}' of registry collection '${ctx.collection.name}'`);
    emit({
      type: 'artifact_unlinked',
      place: registryPlace(ctx.registry, removed.link.artifact),
      ...authorOf(ctx.user, now),
      version: removed.snapshot,
      aliases: removed.link.aliases,
    });
  });
}

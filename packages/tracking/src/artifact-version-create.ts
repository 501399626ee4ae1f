import { invalid, notFound } from '@bellwether/core';
import {
  type ArtifactCollection,
  type ArtifactVersion,
  buildArtifactVersionSnapshot,
  createArtifactVersion,
  findArtifactVersionById,
  findRun,
  LATEST_ALIAS,
  type ManifestEntry,
  type Project,
  putArtifactAlias,
  type Team,
  type User,
} from '@bellwether/storage';
import { authorOf, projectPlace } from './run-snapshot.js';
import type { TrackingDeps } from './tracking-deps.js';
import { transact } from './transact.js';

/** What a client sends to create a version. */
export interface NewVersionInput {
  digest: string;
  metadata: Record<string, unknown>;
  description: string;
  /** The client run id of the producing run in the same project. */
  runId?: string | undefined;
  manifest: ManifestEntry[];
  tags: string[];
  /** Aliases beyond `latest`. */
  aliases: string[];
}

/** Where a project artifact write happens and who makes it. */
export interface ArtifactWriteContext {
  user: User;
  team: Team;
  project: Project;
  collection: ArtifactCollection;
}

/**
 * Creates the next version of a collection with `latest` and any extra aliases, emitting
 * `artifact_created` and one `artifact_alias_added` per alias, all in one transaction.
 */
export async function createVersion(
  deps: TrackingDeps,
  ctx: ArtifactWriteContext,
  input: NewVersionInput,
): Promise<ArtifactVersion> {
  const now = deps.clock();
  return transact(deps, async (trx, emit) => {
    let runPk: string | null = null;
    if (input.runId !== undefined) {
      const run = await findRun(trx, ctx.project.id, input.runId);
      if (!run) throw invalid('run_id', `no run '${input.runId}' in this project`);
      runPk = run.id;
    }
    const { version } = await createArtifactVersion(trx, {
      id: deps.ids('ver'),
      teamId: ctx.team.id,
      collectionId: ctx.collection.id,
      digest: input.digest,
      metadata: input.metadata,
      description: input.description,
      runPk,
      createdBy: ctx.user.id,
      manifest: input.manifest,
      tags: [...new Set(input.tags)],
      createdAt: now,
    });
    const added = [LATEST_ALIAS];
    for (const alias of new Set(input.aliases)) {
      if (alias === LATEST_ALIAS) continue;
      const outcome = await putArtifactAlias(trx, {
        teamId: ctx.team.id,
        collectionId: ctx.collection.id,
        alias,
        versionId: version.id,
        now,
      });
      if (outcome.status !== 'unchanged') added.push(alias);
    }
    const snapshot = await buildArtifactVersionSnapshot(trx, version.id);
    if (!snapshot) throw notFound(`Artifact version ${version.id}`);
    const base = {
      place: projectPlace(ctx.team, ctx.project),
      ...authorOf(ctx.user, now),
      version: snapshot,
    };
    emit({ type: 'artifact_created', ...base });
    for (const alias of added) emit({ type: 'artifact_alias_added', ...base, alias });
    return (await findArtifactVersionById(trx, version.id)) ?? version;
  });
}

import { createHash } from 'node:crypto';
import { type BellwetherClient, unwrap } from './client.js';
import type { components } from './schema.generated.js';

/** An artifact version as the API returns it. */
export type ArtifactVersion = components['schemas']['ArtifactVersion'];
/** A version of a registry collection (a link) as the API returns it. */
export type RegistryVersion = components['schemas']['RegistryVersion'];

/** One file reference of a version's manifest. */
export interface ManifestEntry {
  path: string;
  digest: string;
  size: number;
  uri: string;
}

/** A new artifact version: where it goes and what it holds. */
export interface NewArtifactVersion {
  team: string;
  project: string;
  /** The collection; created with `type` when it does not exist yet. */
  collection: string;
  type: string;
  /** Content digest; derived from the manifest when absent. */
  digest?: string;
  metadata?: Record<string, unknown>;
  description?: string;
  /** The run that produced it. */
  runId?: string;
  manifest?: ManifestEntry[];
  tags?: string[];
  /** Aliases beyond `latest`, which every new version gets. */
  aliases?: string[];
}

/** The digest of a manifest: sha256 over its sorted (path, digest) pairs, stable across orderings. */
export function manifestDigest(manifest: readonly ManifestEntry[]): string {
  const hash = createHash('sha256');
  for (const e of [...manifest].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    hash.update(`${e.path}\u0000${e.digest}\n`);
  }
  return hash.digest('hex');
}

/** Creates a version (and its collection on first use); it gets the alias `latest`. */
export async function createArtifactVersion(
  client: BellwetherClient,
  input: NewArtifactVersion,
): Promise<ArtifactVersion> {
  const path = { team: input.team, project: input.project };
  const created = await client.POST('/api/v1/teams/{team}/projects/{project}/artifacts', {
    params: { path },
    body: { name: input.collection, type: input.type },
  });
  // 409: the collection exists already, which is the common case after the first version.
  if (!created.response.ok && created.response.status !== 409) unwrap(created);
  const manifest = input.manifest ?? [];
  const body: Record<string, unknown> = {
    digest: input.digest ?? manifestDigest(manifest),
    manifest,
    metadata: input.metadata ?? {},
    tags: input.tags ?? [],
    aliases: input.aliases ?? [],
  };
  if (input.description !== undefined) body.description = input.description;
  if (input.runId !== undefined) body.run_id = input.runId;
  return unwrap(
    await client.POST('/api/v1/teams/{team}/projects/{project}/artifacts/{collection}/versions', {
      params: { path: { ...path, collection: input.collection } },
      body: body as never,
    }),
  );
}

/** Points `alias` at a version (`v3` or another alias); moving it fires alias automations. */
export async function addArtifactAlias(
  client: BellwetherClient,
  where: { team: string; project: string; collection: string; version: string },
  alias: string,
): Promise<void> {
  unwrap(
    await client.PUT(
      '/api/v1/teams/{team}/projects/{project}/artifacts/{collection}/versions/{version}/aliases/{alias}',
      { params: { path: { ...where, alias } } },
    ),
  );
}

/**
 * Links an artifact version (`team/project/collection:v3` or `…:alias`) into a registry
 * collection; linking it again changes nothing. Returns the link as a registry version.
 */
export async function linkArtifact(
  client: BellwetherClient,
  where: { registry: string; collection: string },
  artifact: string,
): Promise<RegistryVersion> {
  return unwrap(
    await client.POST('/api/v1/registries/{registry}/collections/{collection}/links', {
      params: { path: where },
      body: { artifact },
    }),
  );
}

import { EventBuilder } from './event-builder.js';

/** Optional filters of artifact events: one collection by name, or collections of one type. */
export interface ArtifactFilter {
  collection?: string;
  collectionType?: string;
}

function artifactEvent(
  type: string,
  filter: ArtifactFilter,
  extra: Record<string, unknown> = {},
): EventBuilder {
  const json: Record<string, unknown> = { type, ...extra };
  if (filter.collection !== undefined) json.collection = filter.collection;
  if (filter.collectionType !== undefined) json.collection_type = filter.collectionType;
  return new EventBuilder(json as { type: string });
}

/** Artifact events, W&B style: `ArtifactEvent.alias.matches('^prod')`, `ArtifactEvent.created()`. */
export const ArtifactEvent = {
  /** A new version is created in a project collection. */
  created: (filter: ArtifactFilter = {}): EventBuilder => artifactEvent('CREATE_ARTIFACT', filter),
  /** A version is linked to a registry collection; `aliasRegex` filters by the link's aliases. */
  linked: (filter: ArtifactFilter & { aliasRegex?: string } = {}): EventBuilder =>
    artifactEvent(
      'LINK_ARTIFACT',
      filter,
      filter.aliasRegex === undefined ? {} : { alias_regex: filter.aliasRegex },
    ),
  /** A version is unlinked from a registry collection. */
  unlinked: (filter: ArtifactFilter = {}): EventBuilder => artifactEvent('UNLINK_ARTIFACT', filter),
  /** Alias events. */
  alias: {
    /** An alias matching the RE2 pattern is added to (or moved onto) a version. */
    matches: (pattern: string, filter: ArtifactFilter = {}): EventBuilder =>
      artifactEvent('ADD_ARTIFACT_ALIAS', filter, { alias_regex: pattern }),
  },
  /** Tag events. */
  tag: {
    /** A tag matching the RE2 pattern is added to a version. */
    added: (pattern: string, filter: ArtifactFilter = {}): EventBuilder =>
      artifactEvent('ADD_ARTIFACT_TAG', filter, { tag_regex: pattern }),
    /** A tag matching the RE2 pattern is removed from a version. */
    removed: (pattern: string, filter: ArtifactFilter = {}): EventBuilder =>
      artifactEvent('REMOVE_ARTIFACT_TAG', filter, { tag_regex: pattern }),
  },
};

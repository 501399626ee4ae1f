/**
 * Glossary
 *
 * - organization: the installation's top-level owner of users, teams and registries.
 * - team (W&B "entity"): owns projects, secrets, integrations and automations; members have a
 *   role `admin`, `member` or `viewer`.
 * - project: a team's folder of runs and artifact collections.
 * - run: one training run, addressed by a client-chosen `run_id` inside its project.
 * - metric point: one (run, key, step) value; points arrive in batches ("history rows").
 * - artifact collection / version: a named, typed series of versions (v0, v1, …) in a project.
 * - alias: a movable name (`latest`, `production`) for one version of a collection.
 * - registry: an organization-wide catalogue (`model`, `dataset`) of registry collections,
 *   whose versions are links to artifact versions.
 * - domain event: what a write did (a point logged, a run state change, an alias added), emitted
 *   inside the write's transaction for the trigger engine.
 * - automation: "when this event happens in this scope, do that action".
 * - execution: one firing of an automation (its history row); owns one delivery per action.
 * - delivery: a durable outbox row that the delivery worker sends, retries and records attempts of.
 */

/** A team role, from most to least privileged. */
export type TeamRole = 'admin' | 'member' | 'viewer';
/** A registry role, from most to least privileged. */
export type RegistryRole = 'admin' | 'member' | 'viewer' | 'restricted_viewer';

/** The lifecycle states of a run. `crashed` counts as failed for automations; `killed` never triggers. */
export type RunState = 'running' | 'finished' | 'failed' | 'crashed' | 'killed';
export const RUN_STATES: readonly RunState[] = ['running', 'finished', 'failed', 'crashed', 'killed'];

/** The run fields that run filters and payload variables read. */
export interface RunSnapshot {
  id: string;
  teamId: string;
  projectId: string;
  runId: string;
  displayName: string;
  userId: string | null;
  username: string | null;
  state: RunState;
  config: Record<string, unknown>;
  tags: string[];
}

/** Where an event happened: the team and project, or the registry, with human names. */
export interface EventPlace {
  teamId: string;
  teamName: string;
  projectId: string | null;
  projectName: string | null;
  registryId: string | null;
  registryName: string | null;
}

/** An artifact version as events describe it (a project version or a registry link). */
export interface VersionSnapshot {
  /** The artifact version id (`ver_…`). */
  versionId: string;
  /** The artifact collection (in a project) or registry collection that holds it. */
  collectionId: string;
  collectionName: string;
  collectionType: string;
  /** The version index in that collection (v0 → 0). */
  index: number;
  metadata: Record<string, unknown>;
  /** `team/project/collection:vN` of the underlying artifact version. */
  artifactPath: string;
}

/** One metric point as the trigger engine sees it. */
export interface MetricPoint {
  step: number;
  key: string;
  value: number;
  timestamp: number;
}

interface EventBase {
  place: EventPlace;
  /** The user who made the write, by username (null for system writes). */
  author: string | null;
  authorId: string | null;
  at: number;
}

/** A batch of numeric metric points was logged to a run, in log order. */
export interface RunHistoryEvent extends EventBase {
  type: 'run_history';
  run: RunSnapshot;
  points: MetricPoint[];
}

/** A run moved from one state to another. */
export interface RunStateEvent extends EventBase {
  type: 'run_state';
  run: RunSnapshot;
  from: RunState | null;
  to: RunState;
}

/** A new version was created in a project's artifact collection. */
export interface ArtifactCreatedEvent extends EventBase {
  type: 'artifact_created';
  version: VersionSnapshot;
}

/** A version was linked into (or unlinked from) a registry collection. */
export interface ArtifactLinkEvent extends EventBase {
  type: 'artifact_linked' | 'artifact_unlinked';
  version: VersionSnapshot;
  /** The aliases the link carries after the write (linking adds `latest`). */
  aliases: string[];
}

/** An alias was added to a version (moving an alias counts as adding it to the new version). */
export interface ArtifactAliasEvent extends EventBase {
  type: 'artifact_alias_added';
  version: VersionSnapshot;
  alias: string;
}

/** A tag was added to or removed from a version. */
export interface ArtifactTagEvent extends EventBase {
  type: 'artifact_tag_added' | 'artifact_tag_removed';
  version: VersionSnapshot;
  tag: string;
}

/** Every domain event, emitted inside the write's transaction. */
export type DomainEvent =
  | RunHistoryEvent
  | RunStateEvent
  | ArtifactCreatedEvent
  | ArtifactLinkEvent
  | ArtifactAliasEvent
  | ArtifactTagEvent;

/** The domain event names, for typed handlers. */
export type DomainEventType = DomainEvent['type'];

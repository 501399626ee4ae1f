import type {
  AutomationEventType,
  DomainEvent,
  RunSnapshot,
  RunState,
  VersionSnapshot,
} from '@bellwether/core';
import { jsonNumber } from '@bellwether/core';
import type { ConditionExplanation } from './metric-condition.js';

/** Ids of what the event touched, so history can link to the run or artifact. */
export interface SnapshotRefs {
  team_id: string;
  project_id?: string;
  registry_id?: string;
  run?: string;
  artifact_version?: string;
  collection?: string;
}

/**
 * What decided a firing, as plain JSON. Its fields named after SPEC §4 payload variables carry
 * exactly those variables' values; fields that do not apply to the event are absent.
 */
export interface EventSnapshot {
  event_type: AutomationEventType;
  event_author?: string;
  entity_name: string;
  project_name?: string;
  artifact_collection_name?: string;
  artifact_version?: string;
  artifact_version_string?: string;
  artifact_version_index?: number;
  artifact_metadata?: Record<string, unknown>;
  alias?: string;
  tag?: string;
  run_id?: string;
  run_name?: string;
  run_status?: RunState;
  /** RUN_STATE: the state the run left. */
  run_previous_status?: RunState | null;
  step?: number;
  metric_name?: string;
  metric_value?: number | string;
  metric_values?: Array<number | string>;
  metric_filter?: string;
  metric_filter_short?: string;
  /** Condition-specific numbers: prior aggregate and change, or mean, σ and z. */
  metric_details?: Record<string, number | string>;
  event_time: string;
  refs: SnapshotRefs;
}

/** The stable URI of an artifact version in payloads. */
export function artifactVersionUri(versionId: string): string {
  return `bellwether-artifact://${versionId}`;
}

/** The snapshot fields every event has: type, author, team, project (or registry), time, refs. */
export function baseSnapshot(eventType: AutomationEventType, event: DomainEvent): EventSnapshot {
  const place = event.place;
  const snapshot: EventSnapshot = {
    event_type: eventType,
    entity_name: place.teamName,
    event_time: new Date(event.at).toISOString(),
    refs: { team_id: place.teamId },
  };
  if (event.author !== null) snapshot.event_author = event.author;
  const projectName = place.registryName ?? place.projectName;
  if (projectName !== null) snapshot.project_name = projectName;
  if (place.projectId !== null) snapshot.refs.project_id = place.projectId;
  if (place.registryId !== null) snapshot.refs.registry_id = place.registryId;
  return snapshot;
}

/** Adds the run variables. */
export function addRunFields(snapshot: EventSnapshot, run: RunSnapshot): EventSnapshot {
  snapshot.run_id = run.runId;
  snapshot.run_name = run.displayName;
  snapshot.run_status = run.state;
  snapshot.refs.run = run.id;
  return snapshot;
}

/** Adds the artifact variables of a version. */
export function addVersionFields(snapshot: EventSnapshot, version: VersionSnapshot): EventSnapshot {
  snapshot.artifact_collection_name = version.collectionName;
  snapshot.artifact_version = artifactVersionUri(version.versionId);
  snapshot.artifact_version_string = version.artifactPath;
  snapshot.artifact_version_index = version.index;
  snapshot.artifact_metadata = version.metadata;
  snapshot.refs.artifact_version = version.versionId;
  snapshot.refs.collection = version.collectionId;
  return snapshot;
}

/** Adds the metric variables of the evaluation that fired (non-finite numbers as strings). */
export function addMetricFields(
  snapshot: EventSnapshot,
  metric: { name: string; step: number; filter: string; short: string },
  explanation: ConditionExplanation,
): EventSnapshot {
  snapshot.step = metric.step;
  snapshot.metric_name = metric.name;
  snapshot.metric_value = jsonNumber(explanation.value);
  snapshot.metric_values = explanation.values.map(jsonNumber);
  snapshot.metric_filter = metric.filter;
  snapshot.metric_filter_short = metric.short;
  const details: Record<string, number | string> = {};
  for (const [key, value] of Object.entries(explanation.details)) details[key] = jsonNumber(value);
  if (Object.keys(details).length > 0) snapshot.metric_details = details;
  return snapshot;
}

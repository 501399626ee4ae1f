import type {
  AutomationEventType,
  AutomationInput,
  DomainEvent,
  DomainEventType,
  MetricEventSpec,
  RunSnapshot,
  RunState,
} from '@bellwether/core';
import { RE2JS } from 're2js';
import { describeMetricCondition } from './describe-metric-condition.js';
import { DOMAIN_EVENT_OF } from './event-types.js';

/** An automation as storage keeps it: identity, switch and the validated wire definition. */
export interface StoredAutomation {
  id: string;
  teamId: string;
  name: string;
  enabled: boolean;
  definition: AutomationInput;
}

/** A compiled run filter. */
export type RunPredicate = (run: RunSnapshot) => boolean;

/** What compiling needs from outside: the run-filter compiler (core's filter language). */
export interface CompileDeps {
  compileRunFilter(filter: unknown): RunPredicate;
}

interface CompiledBase {
  id: string;
  teamId: string;
  name: string;
  enabled: boolean;
  eventType: AutomationEventType;
  /** The domain event this automation listens to. */
  domainType: DomainEventType;
  rateLimitPerMinute: number;
  definition: AutomationInput;
}

/** A compiled run-metric automation (threshold, change or z-score). */
export interface CompiledMetricAutomation extends CompiledBase {
  kind: 'metric';
  event: MetricEventSpec;
  metricName: string;
  cooldownMs: number;
  runFilter: RunPredicate | null;
  /** `metric_filter` and `metric_filter_short` of its snapshots. */
  metricFilter: string;
  metricFilterShort: string;
}

/** A compiled RUN_STATE automation; `states` never holds `crashed` (it counts as `failed`). */
export interface CompiledRunStateAutomation extends CompiledBase {
  kind: 'run_state';
  states: ReadonlySet<RunState>;
  cooldownMs: number;
  runFilter: RunPredicate | null;
}

/** What an artifact event matched: the alias or tag the snapshot names. */
export interface ArtifactMatch {
  alias?: string;
  tag?: string;
}

/** A compiled artifact automation: its filters as one precompiled matcher. */
export interface CompiledArtifactAutomation extends CompiledBase {
  kind: 'artifact';
  /** The match for an event of its domain type, or null when a filter refuses it. */
  match(event: DomainEvent): ArtifactMatch | null;
}

/** An automation ready for the event path: regexes, filters and condition factories built once. */
export type CompiledAutomation =
  | CompiledMetricAutomation
  | CompiledRunStateAutomation
  | CompiledArtifactAutomation;

/** Compiles a stored automation once, when it is saved or loaded; never on the event path. */
export function compileAutomation(stored: StoredAutomation, deps: CompileDeps): CompiledAutomation {
  const event = stored.definition.event;
  const base: CompiledBase = {
    id: stored.id,
    teamId: stored.teamId,
    name: stored.name,
    enabled: stored.enabled,
    eventType: event.type,
    domainType: DOMAIN_EVENT_OF[event.type],
    rateLimitPerMinute: event.rate_limit_per_minute,
    definition: stored.definition,
  };
  switch (event.type) {
    case 'RUN_METRIC_THRESHOLD':
    case 'RUN_METRIC_CHANGE':
    case 'RUN_METRIC_ZSCORE': {
      const text = describeMetricCondition(event);
      return Object.freeze({
        ...base,
        kind: 'metric',
        event,
        metricName: event.metric.name,
        cooldownMs: event.cooldown_seconds * 1000,
        runFilter: event.run_filter === undefined ? null : deps.compileRunFilter(event.run_filter),
        metricFilter: text.filter,
        metricFilterShort: text.short,
      });
    }
    case 'RUN_STATE':
      return Object.freeze({
        ...base,
        kind: 'run_state',
        states: new Set<RunState>(event.states),
        cooldownMs: event.cooldown_seconds * 1000,
        runFilter: event.run_filter === undefined ? null : deps.compileRunFilter(event.run_filter),
      });
    default:
      return Object.freeze({
        ...base,
        kind: 'artifact',
        match: compileArtifactMatcher(event, base.domainType),
      });
  }
}

type ArtifactEventSpec = Extract<
  AutomationInput['event'],
  {
    type:
      | 'CREATE_ARTIFACT'
      | 'LINK_ARTIFACT'
      | 'UNLINK_ARTIFACT'
      | 'ADD_ARTIFACT_ALIAS'
      | 'ADD_ARTIFACT_TAG'
      | 'REMOVE_ARTIFACT_TAG';
  }
>;

function compileArtifactMatcher(spec: ArtifactEventSpec, domainType: DomainEventType) {
  const aliasPattern =
    'alias_regex' in spec && spec.alias_regex !== undefined ? RE2JS.compile(spec.alias_regex) : null;
  const tagPattern = 'tag_regex' in spec ? RE2JS.compile(spec.tag_regex) : null;
  return (event: DomainEvent): ArtifactMatch | null => {
    if (event.type !== domainType || !('version' in event)) return null;
    const version = event.version;
    if (spec.collection !== undefined && version.collectionName !== spec.collection) return null;
    if (spec.collection_type !== undefined && version.collectionType !== spec.collection_type) return null;
    switch (event.type) {
      case 'artifact_alias_added':
        return !aliasPattern || aliasPattern.test(event.alias) ? { alias: event.alias } : null;
      case 'artifact_tag_added':
      case 'artifact_tag_removed':
        return !tagPattern || tagPattern.test(event.tag) ? { tag: event.tag } : null;
      case 'artifact_linked':
      case 'artifact_unlinked': {
        if (!aliasPattern) return {};
        const alias = event.aliases.find((a) => aliasPattern.test(a));
        return alias === undefined ? null : { alias };
      }
      default:
        return {};
    }
  };
}

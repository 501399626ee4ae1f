import type { AutomationEventType } from './automation-schema.js';

/**
 * The payload variables of SPEC §4: what `${name}` may name in a webhook payload or a Slack
 * title/message, which automation events give each a value, a one-line description for the
 * UI's variable picker and a sample value for previews.
 *
 * Policy: a template may name any variable of the catalogue, even one that does not apply to
 * its event (it renders as an empty string, as the SPEC says); names outside the catalogue are
 * refused unless they are secrets the webhook carries.
 */

/** Which events a variable has a value for. */
export type TemplateVariableGroup = 'every' | 'artifact' | 'alias' | 'tag' | 'run' | 'metric';

/** One payload variable of the catalogue. */
export interface TemplateVariable {
  name: string;
  group: TemplateVariableGroup;
  description: string;
  sample: unknown;
  /** True when `${name.KEY}` reads a top-level key of the (object) value. */
  keyed?: true;
}

/** Every payload variable, in the order the variable picker lists them. */
export const TEMPLATE_VARIABLES: readonly TemplateVariable[] = [
  {
    name: 'automation_name',
    group: 'every',
    description: 'Name of the automation that fired.',
    sample: 'deploy on prod alias',
  },
  {
    name: 'event_type',
    group: 'every',
    description: 'The event that fired it, such as ADD_ARTIFACT_ALIAS.',
    sample: 'ADD_ARTIFACT_ALIAS',
  },
  {
    name: 'event_author',
    group: 'every',
    description: 'Username of the user whose write caused the event.',
    sample: 'ada',
  },
  { name: 'entity_name', group: 'every', description: 'Name of the team (W&B entity).', sample: 'ml' },
  {
    name: 'project_name',
    group: 'every',
    description: "Name of the project (for registry events, the registry's name).",
    sample: 'cifar',
  },
  {
    name: 'event_time',
    group: 'every',
    description: 'When the event happened, as an ISO 8601 UTC time.',
    sample: '2025-01-31T12:34:56.789Z',
  },
  {
    name: 'execution_id',
    group: 'every',
    description: 'Id of this execution in the automation history.',
    sample: 'exe_01JK8Z3V4Q5R6S7T8U9V0W1X2Y',
  },
  {
    name: 'automation_url',
    group: 'every',
    description: "Link to the automation's page in Bellwether.",
    sample: 'https://bellwether.example.com/automations/aut_01JK8Z3V4Q5R6S7T8U9V0W1X2Y',
  },
  {
    name: 'artifact_collection_name',
    group: 'artifact',
    description: 'Name of the artifact collection or registry collection.',
    sample: 'resnet-classifier',
  },
  {
    name: 'artifact_version',
    group: 'artifact',
    description: 'Stable URI of the artifact version.',
    sample: 'bellwether-artifact://ver_01JK8Z3V4Q5R6S7T8U9V0W1X2Y',
  },
  {
    name: 'artifact_version_string',
    group: 'artifact',
    description: 'The version as team/project/collection:alias-or-vN.',
    sample: 'ml/cifar/resnet-classifier:v3',
  },
  {
    name: 'artifact_version_index',
    group: 'artifact',
    description: 'Index of the version in its collection (3 for v3).',
    sample: 3,
  },
  {
    name: 'artifact_metadata',
    group: 'artifact',
    description: "The version's metadata; artifact_metadata.KEY reads one top-level key.",
    sample: { accuracy: 0.93, framework: 'pytorch' },
    keyed: true,
  },
  { name: 'alias', group: 'alias', description: 'The alias that was added.', sample: 'production' },
  { name: 'tag', group: 'tag', description: 'The tag that was added or removed.', sample: 'reviewed' },
  { name: 'run_id', group: 'run', description: 'Id of the run.', sample: 'a1b2c3d4' },
  { name: 'run_name', group: 'run', description: 'Display name of the run.', sample: 'resnet-50-lr3' },
  {
    name: 'run_status',
    group: 'run',
    description: 'State of the run: running, finished, failed, crashed or killed.',
    sample: 'running',
  },
  {
    name: 'run_url',
    group: 'run',
    description: "Link to the run's page in Bellwether.",
    sample: 'https://bellwether.example.com/ml/cifar/runs/a1b2c3d4',
  },
  { name: 'metric_name', group: 'metric', description: 'Name of the watched metric.', sample: 'loss' },
  {
    name: 'metric_value',
    group: 'metric',
    description: 'The value that met the condition (the aggregate, change or z-score input).',
    sample: 2.31,
  },
  {
    name: 'metric_values',
    group: 'metric',
    description: 'The window of values the condition was evaluated on, oldest first.',
    sample: [1.9, 2.2, 2.4, 2.5, 2.55],
  },
  {
    name: 'metric_filter',
    group: 'metric',
    description: 'The metric condition as JSON.',
    sample: { name: 'loss', window: 5, agg: 'AVERAGE', cmp: '$gt', threshold: 2 },
  },
  {
    name: 'metric_filter_short',
    group: 'metric',
    description: 'The metric condition as short text.',
    sample: 'average of the last 5 loss > 2',
  },
];

const GROUPS_BY_EVENT: Readonly<Record<AutomationEventType, readonly TemplateVariableGroup[]>> = {
  CREATE_ARTIFACT: ['every', 'artifact'],
  LINK_ARTIFACT: ['every', 'artifact'],
  UNLINK_ARTIFACT: ['every', 'artifact'],
  ADD_ARTIFACT_ALIAS: ['every', 'artifact', 'alias'],
  ADD_ARTIFACT_TAG: ['every', 'artifact', 'tag'],
  REMOVE_ARTIFACT_TAG: ['every', 'artifact', 'tag'],
  RUN_METRIC_THRESHOLD: ['every', 'run', 'metric'],
  RUN_METRIC_CHANGE: ['every', 'run', 'metric'],
  RUN_METRIC_ZSCORE: ['every', 'run', 'metric'],
  RUN_STATE: ['every', 'run'],
};

/** The names of every variable in the catalogue: what a template may name, whatever its event. */
export const TEMPLATE_VARIABLE_NAMES: ReadonlySet<string> = new Set(TEMPLATE_VARIABLES.map((v) => v.name));

/** The variables whose `${name.KEY}` form reads one key of an object value (`artifact_metadata`). */
export const KEYED_TEMPLATE_VARIABLES: ReadonlySet<string> = new Set(
  TEMPLATE_VARIABLES.filter((v) => v.keyed).map((v) => v.name),
);

/** The catalogue entry of a variable name, or undefined. */
export function templateVariable(name: string): TemplateVariable | undefined {
  return TEMPLATE_VARIABLES.find((v) => v.name === name);
}

/**
 * The variables that have a value for an event type; an unknown type gets only those of
 * every event.
 */
export function templateVariablesFor(eventType: string): ReadonlySet<string> {
  const groups: readonly TemplateVariableGroup[] = Object.hasOwn(GROUPS_BY_EVENT, eventType)
    ? GROUPS_BY_EVENT[eventType as AutomationEventType]
    : ['every'];
  return new Set(TEMPLATE_VARIABLES.filter((v) => groups.includes(v.group)).map((v) => v.name));
}

/**
 * Sample values for previewing a template of this event type: the applicable variables carry
 * their samples, `event_type` the type itself, and the others are absent (so they render empty).
 */
export function sampleTemplateValues(eventType: string): Record<string, unknown> {
  const names = templateVariablesFor(eventType);
  const values: Record<string, unknown> = {};
  for (const variable of TEMPLATE_VARIABLES) {
    if (names.has(variable.name)) values[variable.name] = variable.sample;
  }
  if (Object.hasOwn(GROUPS_BY_EVENT, eventType)) values.event_type = eventType;
  return values;
}

import { RE2JS } from 're2js';
import { z } from 'zod';
import type { FieldError } from './errors.js';
import { invalidFields } from './errors.js';
import { regexProgramTooLarge } from './run-filter-regex.js';

/** The largest window (in logged values) any metric condition may use. */
export const MAX_WINDOW = 1000;
/** The per-run cooldown of run events when none is given: 24 hours, as in W&B. */
export const DEFAULT_COOLDOWN_SECONDS = 86_400;
/** The per-automation rate limit when none is given. */
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 60;
/** The highest rate limit an automation may ask for. */
export const MAX_RATE_LIMIT_PER_MINUTE = 10_000;

/** The kinds of scope an automation can have. */
export const SCOPE_TYPES = [
  'team',
  'project',
  'artifact_collection',
  'registry',
  'registry_collection',
] as const;
/** One kind of scope. */
export type ScopeType = (typeof SCOPE_TYPES)[number];

/** Event types about runs (evaluated per run, edge-triggered). */
export const RUN_EVENT_TYPES = [
  'RUN_METRIC_THRESHOLD',
  'RUN_METRIC_CHANGE',
  'RUN_METRIC_ZSCORE',
  'RUN_STATE',
] as const;
/** Event types about artifacts (fire once per matching write). */
export const ARTIFACT_EVENT_TYPES = [
  'CREATE_ARTIFACT',
  'LINK_ARTIFACT',
  'UNLINK_ARTIFACT',
  'ADD_ARTIFACT_ALIAS',
  'ADD_ARTIFACT_TAG',
  'REMOVE_ARTIFACT_TAG',
] as const;
/** Every automation event type, as on the wire. */
export type AutomationEventType = (typeof RUN_EVENT_TYPES)[number] | (typeof ARTIFACT_EVENT_TYPES)[number];

const ALIAS_SCOPES: readonly ScopeType[] = [
  'team',
  'project',
  'artifact_collection',
  'registry',
  'registry_collection',
];
/** Which scopes each event type may be used on (SPEC §3). */
export const EVENT_SCOPES: Readonly<Record<AutomationEventType, readonly ScopeType[]>> = {
  CREATE_ARTIFACT: ['team', 'project', 'artifact_collection'],
  LINK_ARTIFACT: ['team', 'registry', 'registry_collection'],
  UNLINK_ARTIFACT: ['team', 'registry', 'registry_collection'],
  ADD_ARTIFACT_ALIAS: ALIAS_SCOPES,
  ADD_ARTIFACT_TAG: ALIAS_SCOPES,
  REMOVE_ARTIFACT_TAG: ALIAS_SCOPES,
  RUN_METRIC_THRESHOLD: ['team', 'project'],
  RUN_METRIC_CHANGE: ['team', 'project'],
  RUN_METRIC_ZSCORE: ['team', 'project'],
  RUN_STATE: ['team', 'project'],
};

const oneOf = (values: readonly string[]) => `must be one of ${values.map((v) => `'${v}'`).join(', ')}`;
const enumOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: oneOf(values) });

const NAME_MSG = 'must be a non-empty string of at most 255 characters';
const name = () => z.string({ error: NAME_MSG }).min(1, NAME_MSG).max(255, NAME_MSG);
const WINDOW_MSG = `must be an integer between 1 and ${MAX_WINDOW}`;
const windowOf = (fallback: number) =>
  z.int({ error: WINDOW_MSG }).min(1, WINDOW_MSG).max(MAX_WINDOW, WINDOW_MSG).default(fallback);
const FINITE_MSG = 'must be a finite number';
const finite = () => z.number({ error: FINITE_MSG });
const positive = () => finite().positive('must be a number greater than 0');

/** A string that must compile as an RE2 pattern (linear-time matching for every user regex). */
const re2Pattern = () =>
  z
    .string({ error: 'must be a regular expression (string)' })
    .max(1000, 'must be at most 1000 characters')
    .superRefine((pattern, ctx) => {
      try {
        const tooLarge = regexProgramTooLarge(RE2JS.compile(pattern));
        if (tooLarge) ctx.addIssue({ code: 'custom', message: tooLarge });
      } catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        ctx.addIssue({ code: 'custom', message: `is not a valid RE2 regular expression: ${why}` });
      }
    });

const isJsonObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const jsonObject = (message: string) => z.custom<Record<string, unknown>>(isJsonObject, message);

/** Where an automation applies: everything inside it, including what is created later. */
export const scopeSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('team'), team: name() }),
  z.strictObject({ type: z.literal('project'), team: name(), project: name() }),
  z.strictObject({
    type: z.literal('artifact_collection'),
    team: name(),
    project: name(),
    collection: name(),
  }),
  z.strictObject({ type: z.literal('registry'), registry: name() }),
  z.strictObject({ type: z.literal('registry_collection'), registry: name(), collection: name() }),
]);

const COMPARATORS = ['$gt', '$gte', '$lt', '$lte', '$eq', '$ne'] as const;
const AGGREGATIONS = ['AVERAGE', 'MIN', 'MAX'] as const;
const DIRECTIONS = ['INCREASE', 'DECREASE', 'ANY'] as const;

/** Threshold metric: aggregate of the last `window` values compared with `threshold`; agg null = latest value. */
export const thresholdMetricSchema = z
  .strictObject({
    name: name(),
    window: z.int({ error: WINDOW_MSG }).min(1, WINDOW_MSG).max(MAX_WINDOW, WINDOW_MSG).optional(),
    agg: z
      .enum(AGGREGATIONS, { error: `${oneOf(AGGREGATIONS)} or null` })
      .nullable()
      .default(null),
    cmp: enumOf(COMPARATORS),
    threshold: finite(),
  })
  .superRefine((m, ctx) => {
    if (m.agg === null && m.window !== undefined && m.window !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['window'],
        message: 'must be 1 (or absent) when agg is null: without aggregation only the latest value counts',
      });
    }
  })
  .transform((m) => ({ ...m, window: m.agg === null ? 1 : (m.window ?? 5) }));

/** Change metric: aggregate of the newest `current_window` values vs the `prior_window` values before them. */
export const changeMetricSchema = z.strictObject({
  name: name(),
  current_window: windowOf(10),
  prior_window: windowOf(50),
  agg: enumOf(AGGREGATIONS).default('AVERAGE'),
  change_type: enumOf(['RELATIVE', 'ABSOLUTE']).default('RELATIVE'),
  direction: enumOf(DIRECTIONS),
  amount: positive(),
});

/** Z-score metric: the latest value against the mean and σ of the `window` values before it. */
export const zscoreMetricSchema = z.strictObject({
  name: name(),
  window: windowOf(30),
  threshold: positive(),
  direction: enumOf(DIRECTIONS),
});

const RATE_MSG = `must be an integer between 1 and ${MAX_RATE_LIMIT_PER_MINUTE}`;
const rateLimit = () =>
  z
    .int({ error: RATE_MSG })
    .min(1, RATE_MSG)
    .max(MAX_RATE_LIMIT_PER_MINUTE, RATE_MSG)
    .default(DEFAULT_RATE_LIMIT_PER_MINUTE);
const COOLDOWN_MSG = 'must be an integer number of seconds ≥ 0';
const runControls = {
  run_filter: jsonObject('must be a JSON object (a run filter)').optional(),
  cooldown_seconds: z.int({ error: COOLDOWN_MSG }).min(0, COOLDOWN_MSG).default(DEFAULT_COOLDOWN_SECONDS),
  rate_limit_per_minute: rateLimit(),
};
const RUN_STATE_MSG = "must list states among 'running', 'finished', 'failed'";
const artifactFilters = {
  collection: name().optional(),
  collection_type: name().optional(),
  rate_limit_per_minute: rateLimit(),
};

/** The event part of an automation: its type, parameters, filters and firing controls. */
export const eventSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('RUN_METRIC_THRESHOLD'), metric: thresholdMetricSchema, ...runControls }),
  z.strictObject({ type: z.literal('RUN_METRIC_CHANGE'), metric: changeMetricSchema, ...runControls }),
  z.strictObject({ type: z.literal('RUN_METRIC_ZSCORE'), metric: zscoreMetricSchema, ...runControls }),
  z.strictObject({
    type: z.literal('RUN_STATE'),
    states: z
      .array(z.enum(['running', 'finished', 'failed'], { error: RUN_STATE_MSG }), { error: RUN_STATE_MSG })
      .min(1, 'must name at least one state')
      .transform((states) => [...new Set(states)]),
    ...runControls,
  }),
  z.strictObject({ type: z.literal('CREATE_ARTIFACT'), ...artifactFilters }),
  z.strictObject({
    type: z.literal('LINK_ARTIFACT'),
    alias_regex: re2Pattern().optional(),
    ...artifactFilters,
  }),
  z.strictObject({ type: z.literal('UNLINK_ARTIFACT'), ...artifactFilters }),
  z.strictObject({ type: z.literal('ADD_ARTIFACT_ALIAS'), alias_regex: re2Pattern(), ...artifactFilters }),
  z.strictObject({ type: z.literal('ADD_ARTIFACT_TAG'), tag_regex: re2Pattern(), ...artifactFilters }),
  z.strictObject({ type: z.literal('REMOVE_ARTIFACT_TAG'), tag_regex: re2Pattern(), ...artifactFilters }),
]);

/** What an automation does when it fires. */
export const actionSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('GENERIC_WEBHOOK'),
    webhook_id: name(),
    payload: z.custom<Record<string, unknown> | string>(
      (v) => typeof v === 'string' || isJsonObject(v),
      'must be a JSON object or a template string',
    ),
  }),
  z.strictObject({
    type: z.literal('NOTIFICATION'),
    slack_integration_id: name(),
    title: name(),
    message: z.string({ error: 'must be a string' }).max(4000, 'must be at most 4000 characters'),
    severity: enumOf(['INFO', 'WARN', 'ERROR']).default('INFO'),
  }),
  z.strictObject({ type: z.literal('NO_OP') }),
]);

const DESCRIPTION_MSG = 'must be a string of at most 2000 characters';
const description = () => z.string({ error: DESCRIPTION_MSG }).max(2000, DESCRIPTION_MSG);

/** A whole automation as created with POST (defaults filled in by parsing). */
export const automationInputSchema = z.strictObject({
  name: name(),
  description: description().default(''),
  enabled: z.boolean({ error: 'must be true or false' }).default(true),
  scope: scopeSchema,
  event: eventSchema,
  action: actionSchema,
});

/** A PATCH: every top-level field optional; `scope`, `event` and `action` are replaced whole. */
export const automationPatchSchema = z.strictObject({
  name: name().optional(),
  description: description().optional(),
  enabled: z.boolean({ error: 'must be true or false' }).optional(),
  scope: scopeSchema.optional(),
  event: eventSchema.optional(),
  action: actionSchema.optional(),
});

/** A validated automation with defaults applied. */
export type AutomationInput = z.output<typeof automationInputSchema>;
/** A validated PATCH body. */
export type AutomationPatch = z.output<typeof automationPatchSchema>;
/** An automation's scope. */
export type Scope = z.output<typeof scopeSchema>;
/** An automation's event part. */
export type EventSpec = z.output<typeof eventSchema>;
/** An automation's action. */
export type ActionSpec = z.output<typeof actionSchema>;
/** Threshold metric parameters (window is 1 when agg is null). */
export type ThresholdMetric = z.output<typeof thresholdMetricSchema>;
/** Change metric parameters. */
export type ChangeMetric = z.output<typeof changeMetricSchema>;
/** Z-score metric parameters. */
export type ZScoreMetric = z.output<typeof zscoreMetricSchema>;
/** The event specs that watch a metric. */
export type MetricEventSpec = Extract<
  EventSpec,
  { type: 'RUN_METRIC_THRESHOLD' | 'RUN_METRIC_CHANGE' | 'RUN_METRIC_ZSCORE' }
>;
/** The comparison operators of threshold conditions. */
export type Comparator = ThresholdMetric['cmp'];
/** The window aggregations (null on a threshold means none). */
export type Aggregation = (typeof AGGREGATIONS)[number];
/** Which way a change or z-score condition looks. */
export type Direction = (typeof DIRECTIONS)[number];

/**
 * Options of parsing: a run-filter checker returning paths relative to the filter (core's
 * `(f) => checkRunFilter(f, '')`), reported under `event.run_filter`.
 */
export interface AutomationParseOptions {
  checkRunFilter?: (filter: unknown) => readonly FieldError[];
}

/**
 * Validates a POST body. Throws a 422 naming every offending field (`event.metric.window`) when
 * it is invalid, including an event type the scope does not allow.
 */
export function parseAutomationInput(json: unknown, options: AutomationParseOptions = {}): AutomationInput {
  const result = automationInputSchema.safeParse(json);
  const errors = result.success ? [] : mapIssues(result.error.issues, json);
  errors.push(...scopeErrors(json), ...runFilterErrors(json, options));
  if (errors.length > 0 || !result.success) throw invalidFields(dedupe(errors));
  return result.data;
}

/** Validates a PATCH body; when both `scope` and `event` are given their combination is checked too. */
export function parseAutomationPatch(json: unknown, options: AutomationParseOptions = {}): AutomationPatch {
  const result = automationPatchSchema.safeParse(json);
  const errors = result.success ? [] : mapIssues(result.error.issues, json);
  errors.push(...scopeErrors(json), ...runFilterErrors(json, options));
  if (errors.length > 0 || !result.success) throw invalidFields(dedupe(errors));
  return result.data;
}

/** The automation a PATCH produces; throws a 422 at `event.type` when the merged scope refuses the event. */
export function applyAutomationPatch(current: AutomationInput, patch: AutomationPatch): AutomationInput {
  const merged: AutomationInput = {
    name: patch.name ?? current.name,
    description: patch.description ?? current.description,
    enabled: patch.enabled ?? current.enabled,
    scope: patch.scope ?? current.scope,
    event: patch.event ?? current.event,
    action: patch.action ?? current.action,
  };
  const errors = scopeErrors(merged);
  if (errors.length > 0) throw invalidFields(errors);
  return merged;
}

function scopeErrors(json: unknown): FieldError[] {
  if (!isJsonObject(json) || !isJsonObject(json.scope) || !isJsonObject(json.event)) return [];
  const scopeType = json.scope.type;
  const eventType = json.event.type;
  if (typeof eventType !== 'string' || !Object.hasOwn(EVENT_SCOPES, eventType)) return [];
  if (typeof scopeType !== 'string' || !(SCOPE_TYPES as readonly string[]).includes(scopeType)) return [];
  const allowed = EVENT_SCOPES[eventType as AutomationEventType];
  if (allowed.includes(scopeType as ScopeType)) return [];
  return [
    {
      path: 'event.type',
      message: `${eventType} cannot be used on a ${scopeType.replace('_', ' ')} scope; allowed scopes: ${allowed.join(', ')}`,
    },
  ];
}

function runFilterErrors(json: unknown, options: AutomationParseOptions): FieldError[] {
  if (!options.checkRunFilter || !isJsonObject(json) || !isJsonObject(json.event)) return [];
  const filter = json.event.run_filter;
  if (!isJsonObject(filter)) return [];
  return options.checkRunFilter(filter).map((e) => ({
    path: e.path ? `event.run_filter.${e.path}` : 'event.run_filter',
    message: e.message,
  }));
}

function mapIssues(issues: readonly z.core.$ZodIssue[], input: unknown): FieldError[] {
  const errors: FieldError[] = [];
  for (const issue of issues) {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        errors.push({ path: [...path, key].join('.'), message: `unknown field '${key}'` });
      }
    } else if (issue.code === 'invalid_union' && 'discriminator' in issue && issue.discriminator) {
      const options = (issue as { options?: unknown[] }).options ?? [];
      const given = valueAt(input, path);
      errors.push({
        path: path.join('.'),
        message: given === undefined ? 'is required' : oneOf(options.map(String)),
      });
    } else if (issue.code === 'invalid_type' && valueAt(input, path) === undefined) {
      errors.push({ path: path.join('.') || '(body)', message: 'is required' });
    } else if (issue.code === 'invalid_type' && path.length === 0) {
      errors.push({ path: '(body)', message: 'must be a JSON object' });
    } else if (issue.code === 'invalid_type' && issue.expected === 'object') {
      errors.push({ path: path.join('.'), message: 'must be a JSON object' });
    } else {
      errors.push({ path: path.join('.'), message: issue.message });
    }
  }
  return errors;
}

function valueAt(input: unknown, path: readonly string[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function dedupe(errors: readonly FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.path}\u0000${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

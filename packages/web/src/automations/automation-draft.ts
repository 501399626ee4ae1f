/**
 * The automation editor's form state, shared by Basic and Advanced mode so that what was entered
 * in one carries over to the other, and its conversion to and from the wire shape (SPEC §8).
 * Numbers are kept as the text the user typed; conversion turns them into numbers and leaves
 * validation to the API, whose 422 names the field.
 */

/** The event types the editor offers. */
export type DraftEventType =
  | 'RUN_METRIC_THRESHOLD'
  | 'RUN_METRIC_CHANGE'
  | 'RUN_METRIC_ZSCORE'
  | 'RUN_STATE'
  | 'CREATE_ARTIFACT'
  | 'LINK_ARTIFACT'
  | 'UNLINK_ARTIFACT'
  | 'ADD_ARTIFACT_ALIAS'
  | 'ADD_ARTIFACT_TAG'
  | 'REMOVE_ARTIFACT_TAG';

/** Which runs a run event watches. */
export type RunFilterMode = 'all' | 'selected' | 'regex';

/** Everything the editor holds, in both modes. */
export interface AutomationDraft {
  name: string;
  description: string;
  enabled: boolean;
  scope: Record<string, string>;
  eventType: DraftEventType;
  metric: string;
  window: string;
  agg: 'AVERAGE' | 'MIN' | 'MAX' | 'NONE';
  cmp: '$gt' | '$gte' | '$lt' | '$lte' | '$eq' | '$ne';
  threshold: string;
  currentWindow: string;
  priorWindow: string;
  changeType: 'RELATIVE' | 'ABSOLUTE';
  direction: 'INCREASE' | 'DECREASE' | 'ANY';
  amount: string;
  zWindow: string;
  zThreshold: string;
  states: string[];
  aliasRegex: string;
  tagRegex: string;
  collection: string;
  runFilterMode: RunFilterMode;
  runIds: string[];
  nameRegex: string;
  cooldownSeconds: string;
  actionType: 'GENERIC_WEBHOOK' | 'NOTIFICATION' | 'NO_OP';
  webhookId: string;
  payload: string;
  slackIntegrationId: string;
  title: string;
  message: string;
  severity: 'INFO' | 'WARN' | 'ERROR';
}

/** True for the events that watch runs (and so take a run filter). */
export function isRunEvent(type: DraftEventType): boolean {
  return type.startsWith('RUN_');
}

/** True for the events that watch one metric. */
export function isMetricEvent(type: DraftEventType): boolean {
  return type.startsWith('RUN_METRIC_');
}

/**
 * A fresh draft for a scope, optionally with a metric and the runs plotted (the bell). The run
 * filter starts at every run of the project, future ones included (as W&B's bell does); the
 * plotted runs are offered as a choice, never chosen silently.
 */
export function newDraft(scope: Record<string, string>, metric = '', runIds: string[] = []): AutomationDraft {
  const runScope = scope.type === 'project' || scope.type === 'team';
  return {
    name: metric ? `${metric} alert` : '',
    description: '',
    enabled: true,
    scope,
    eventType: runScope ? 'RUN_METRIC_THRESHOLD' : 'ADD_ARTIFACT_ALIAS',
    metric,
    window: '5',
    agg: 'AVERAGE',
    cmp: '$gt',
    threshold: '',
    currentWindow: '10',
    priorWindow: '50',
    changeType: 'RELATIVE',
    direction: 'INCREASE',
    amount: '',
    zWindow: '30',
    zThreshold: '3',
    states: ['failed'],
    aliasRegex: '',
    tagRegex: '',
    collection: '',
    runFilterMode: 'all',
    runIds,
    nameRegex: '',
    cooldownSeconds: '86400',
    actionType: 'NOTIFICATION',
    webhookId: '',
    payload: '{\n  "text": "${automation_name}: ${event_type}"\n}',
    slackIntegrationId: '',
    title: '',
    message: '',
    severity: 'INFO',
  };
}

/** Text → number; empty or malformed text stays as the text so the API names the field. */
function num(text: string): number | string {
  const trimmed = text.trim();
  if (trimmed === '') return trimmed;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : trimmed;
}

function runFilter(draft: AutomationDraft): Record<string, unknown> | undefined {
  if (draft.runFilterMode === 'selected' && draft.runIds.length > 0) {
    return { $and: [{ run_id: { $in: draft.runIds } }] };
  }
  if (draft.runFilterMode === 'regex' && draft.nameRegex !== '') {
    return { $and: [{ display_name: { $regex: draft.nameRegex } }] };
  }
  return undefined;
}

function metricPart(draft: AutomationDraft): Record<string, unknown> {
  switch (draft.eventType) {
    case 'RUN_METRIC_CHANGE':
      return {
        name: draft.metric,
        current_window: num(draft.currentWindow),
        prior_window: num(draft.priorWindow),
        agg: draft.agg === 'NONE' ? 'AVERAGE' : draft.agg,
        change_type: draft.changeType,
        direction: draft.direction,
        amount: num(draft.amount),
      };
    case 'RUN_METRIC_ZSCORE':
      return {
        name: draft.metric,
        window: num(draft.zWindow),
        threshold: num(draft.zThreshold),
        direction: draft.direction,
      };
    default:
      return draft.agg === 'NONE'
        ? { name: draft.metric, agg: null, cmp: draft.cmp, threshold: num(draft.threshold) }
        : {
            name: draft.metric,
            window: num(draft.window),
            agg: draft.agg,
            cmp: draft.cmp,
            threshold: num(draft.threshold),
          };
  }
}

/** The event part of the wire automation. */
export function eventOf(draft: AutomationDraft): Record<string, unknown> {
  const event: Record<string, unknown> = { type: draft.eventType };
  if (isRunEvent(draft.eventType)) {
    if (isMetricEvent(draft.eventType)) event.metric = metricPart(draft);
    else event.states = draft.states;
    const filter = runFilter(draft);
    if (filter) event.run_filter = filter;
    event.cooldown_seconds = num(draft.cooldownSeconds);
    return event;
  }
  if (draft.collection !== '') event.collection = draft.collection;
  if (draft.eventType === 'ADD_ARTIFACT_ALIAS' || (draft.eventType === 'LINK_ARTIFACT' && draft.aliasRegex)) {
    event.alias_regex = draft.aliasRegex;
  }
  if (draft.eventType === 'ADD_ARTIFACT_TAG' || draft.eventType === 'REMOVE_ARTIFACT_TAG') {
    event.tag_regex = draft.tagRegex;
  }
  return event;
}

/**
 * The payload as sent: a JSON object when the text parses as one, else the template text itself
 * (the API accepts both, and text lets `${metric_value}` stand unquoted as a number).
 */
export function payloadOf(text: string): Record<string, unknown> | string {
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // Not plain JSON: a template with unquoted variables, sent as text.
  }
  return text;
}

/** The action part of the wire automation. */
export function actionOf(draft: AutomationDraft): Record<string, unknown> {
  switch (draft.actionType) {
    case 'GENERIC_WEBHOOK':
      return { type: 'GENERIC_WEBHOOK', webhook_id: draft.webhookId, payload: payloadOf(draft.payload) };
    case 'NOTIFICATION':
      return {
        type: 'NOTIFICATION',
        slack_integration_id: draft.slackIntegrationId,
        title: draft.title || draft.name,
        message: draft.message,
        severity: draft.severity,
      };
    default:
      return { type: 'NO_OP' };
  }
}

/** The whole automation as POSTed to /teams/{team}/automations. */
export function draftToInput(draft: AutomationDraft): Record<string, unknown> {
  return {
    name: draft.name,
    description: draft.description,
    enabled: draft.enabled,
    scope: draft.scope,
    event: eventOf(draft),
    action: actionOf(draft),
  };
}

const str = (value: unknown, fallback: string): string =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : fallback;

/** A draft holding a stored automation, for editing it. */
export function draftFromAutomation(automation: {
  name: string;
  description: string;
  enabled: boolean;
  scope: Record<string, unknown>;
  event: Record<string, unknown>;
  action: Record<string, unknown>;
}): AutomationDraft {
  const scope = Object.fromEntries(Object.entries(automation.scope).map(([k, v]) => [k, String(v)]));
  const draft = newDraft(scope);
  const event = automation.event;
  const action = automation.action;
  const metric = (event.metric ?? {}) as Record<string, unknown>;
  draft.name = automation.name;
  draft.description = automation.description;
  draft.enabled = automation.enabled;
  draft.eventType = event.type as DraftEventType;
  draft.metric = str(metric.name, '');
  if (draft.eventType === 'RUN_METRIC_ZSCORE') {
    draft.zWindow = str(metric.window, draft.zWindow);
    draft.zThreshold = str(metric.threshold, draft.zThreshold);
  } else {
    draft.window = str(metric.window, draft.window);
    draft.threshold = str(metric.threshold, draft.threshold);
  }
  draft.agg = metric.agg === null ? 'NONE' : (str(metric.agg, draft.agg) as AutomationDraft['agg']);
  draft.cmp = str(metric.cmp, draft.cmp) as AutomationDraft['cmp'];
  draft.currentWindow = str(metric.current_window, draft.currentWindow);
  draft.priorWindow = str(metric.prior_window, draft.priorWindow);
  draft.changeType = str(metric.change_type, draft.changeType) as AutomationDraft['changeType'];
  draft.direction = str(metric.direction, draft.direction) as AutomationDraft['direction'];
  draft.amount = str(metric.amount, draft.amount);
  if (Array.isArray(event.states)) draft.states = event.states.map(String);
  draft.aliasRegex = str(event.alias_regex, '');
  draft.tagRegex = str(event.tag_regex, '');
  draft.collection = str(event.collection, '');
  draft.cooldownSeconds = str(event.cooldown_seconds, draft.cooldownSeconds);
  const clause = ((event.run_filter as { $and?: unknown[] } | undefined)?.$and?.[0] ?? {}) as Record<
    string,
    Record<string, unknown>
  >;
  const ids = clause.run_id?.$in;
  const regex = clause.display_name?.$regex;
  if (Array.isArray(ids)) {
    draft.runFilterMode = 'selected';
    draft.runIds = ids.map(String);
  } else if (typeof regex === 'string') {
    draft.runFilterMode = 'regex';
    draft.nameRegex = regex;
  } else {
    draft.runFilterMode = 'all';
  }
  draft.actionType = action.type as AutomationDraft['actionType'];
  draft.webhookId = str(action.webhook_id, '');
  if (action.payload !== undefined) {
    draft.payload =
      typeof action.payload === 'string' ? action.payload : JSON.stringify(action.payload, null, 2);
  }
  draft.slackIntegrationId = str(action.slack_integration_id, '');
  draft.title = str(action.title, '');
  draft.message = str(action.message, '');
  draft.severity = str(action.severity, 'INFO') as AutomationDraft['severity'];
  return draft;
}

/** Maps an API field path (`event.metric.window`) to the draft field it came from. */
export function draftFieldOfPath(path: string, eventType: DraftEventType): keyof AutomationDraft | undefined {
  if (eventType === 'RUN_METRIC_ZSCORE') {
    if (path === 'event.metric.window') return 'zWindow';
    if (path === 'event.metric.threshold') return 'zThreshold';
  }
  const table: [string, keyof AutomationDraft][] = [
    ['name', 'name'],
    ['description', 'description'],
    ['event.metric.name', 'metric'],
    ['event.metric.current_window', 'currentWindow'],
    ['event.metric.prior_window', 'priorWindow'],
    ['event.metric.amount', 'amount'],
    ['event.metric.window', 'window'],
    ['event.metric.threshold', 'threshold'],
    ['event.metric.direction', 'direction'],
    ['event.metric.cmp', 'cmp'],
    ['event.metric.agg', 'agg'],
    ['event.run_filter', 'nameRegex'],
    ['event.cooldown_seconds', 'cooldownSeconds'],
    ['event.states', 'states'],
    ['event.alias_regex', 'aliasRegex'],
    ['event.tag_regex', 'tagRegex'],
    ['event.collection', 'collection'],
    ['action.webhook_id', 'webhookId'],
    ['action.payload', 'payload'],
    ['action.slack_integration_id', 'slackIntegrationId'],
    ['action.title', 'title'],
    ['action.message', 'message'],
    ['action.severity', 'severity'],
  ];
  const hit = table.find(
    ([prefix]) => path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`),
  );
  return hit?.[1];
}

/** Each draft field's name in words, for error lists ("Threshold", not `event.metric.threshold`). */
export const FIELD_LABELS: Record<keyof AutomationDraft, string> = {
  name: 'Name',
  description: 'Description',
  enabled: 'Enabled',
  scope: 'Scope',
  eventType: 'Event',
  metric: 'Metric',
  window: 'Window (last N values)',
  agg: 'Aggregate',
  cmp: 'Comparison',
  threshold: 'Threshold',
  currentWindow: 'Newest values',
  priorWindow: 'Prior values',
  changeType: 'Measured as',
  direction: 'Direction',
  amount: 'Change amount',
  zWindow: 'Z-score window',
  zThreshold: 'Z-score threshold',
  states: 'States',
  aliasRegex: 'Alias regex',
  tagRegex: 'Tag regex',
  collection: 'Collection',
  runFilterMode: 'Runs',
  runIds: 'Runs',
  nameRegex: 'Run name regex',
  cooldownSeconds: 'Cooldown per run',
  actionType: 'Action',
  webhookId: 'Webhook',
  payload: 'Payload',
  slackIntegrationId: 'Slack destination',
  title: 'Title',
  message: 'Message',
  severity: 'Severity',
};

/** The wizard step (0 Event, 1 Action, 2 Name) that holds a draft field. */
export function stepOfField(field: keyof AutomationDraft): number {
  if (field === 'name' || field === 'description' || field === 'enabled') return 2;
  const action: readonly (keyof AutomationDraft)[] = [
    'actionType',
    'webhookId',
    'payload',
    'slackIntegrationId',
    'title',
    'message',
    'severity',
  ];
  return action.includes(field) ? 1 : 0;
}

/** An API path in words: the field's label when the path maps to one, else the path itself. */
export function pathInWords(path: string, eventType: DraftEventType): string {
  const field = draftFieldOfPath(path, eventType);
  return field ? FIELD_LABELS[field] : path;
}

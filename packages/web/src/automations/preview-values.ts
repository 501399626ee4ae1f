import { type MetricEventSpec, sampleTemplateValues } from '@bellwether/core';
import { describeMetricCondition } from '@bellwether/engine';
import type { Run } from '../api/api-types.js';
import { type AutomationDraft, eventOf, isMetricEvent, isRunEvent } from './automation-draft.js';

/** The values a preview renders with, and the words saying where they come from. */
export interface PreviewValues {
  values: Record<string, unknown>;
  /** "run cnn-2, the newest run of the project" or "sample values: …". */
  source: string;
  sample: boolean;
}

/** The run the preview reads: the newest of the scope's runs, or undefined when it has none. */
export function newestRun(runs: readonly Run[] | undefined): Run | undefined {
  let newest: Run | undefined;
  for (const run of runs ?? []) if (!newest || run.created_at > newest.created_at) newest = run;
  return newest;
}

/**
 * The template values of a delivery this draft would make, as the worker computes them, read from
 * the newest real run of the scope (its latest value of the metric): `metric_filter` is the
 * engine's own text. Values no real run can give before a firing (the execution id) stay samples;
 * with no run at all, every value is a sample and `source` says so.
 */
export function previewValues(
  draft: AutomationDraft,
  run: Run | undefined,
  origin: string,
  existingId?: string,
): PreviewValues {
  const values = sampleTemplateValues(draft.eventType);
  if (draft.name) values.automation_name = draft.name;
  if (existingId) values.automation_url = `${origin}/automations/${existingId}`;
  if (isMetricEvent(draft.eventType)) {
    try {
      const text = describeMetricCondition(eventOf(draft) as unknown as MetricEventSpec);
      values.metric_filter = text.filter;
      values.metric_filter_short = text.short;
    } catch {
      // An incomplete condition: its text is not known yet, the sample stays.
    }
    if (draft.metric) values.metric_name = draft.metric;
  }
  const team = draft.scope.team;
  const project = draft.scope.project;
  if (!isRunEvent(draft.eventType) || !run || !team || !project) {
    const why = !isRunEvent(draft.eventType)
      ? 'an artifact event has no real values before it happens'
      : 'this project has no runs yet';
    return { values, source: `sample values (${why})`, sample: true };
  }
  values.entity_name = team;
  values.project_name = project;
  values.run_id = run.run_id;
  values.run_name = run.display_name;
  values.run_status = run.state;
  values.run_url = `${origin}/${encodeURIComponent(team)}/${encodeURIComponent(project)}/runs/${encodeURIComponent(run.run_id)}`;
  if (run.user) values.event_author = run.user;
  values.event_time = new Date().toISOString();
  let metricWords = '';
  if (isMetricEvent(draft.eventType)) {
    const latest = run.summary[draft.metric];
    if (typeof latest === 'number' || typeof latest === 'string') {
      values.metric_value = latest;
      values.metric_values = [latest];
      metricWords = `, its latest ${draft.metric}`;
    } else {
      metricWords = draft.metric ? ` (it has no ${draft.metric} yet: the value is a sample)` : '';
    }
  }
  return {
    values,
    source: `run ${run.display_name}, the newest run of the project${metricWords}; the execution id is a sample`,
    sample: false,
  };
}

import { EVENT_SCOPES } from '@bellwether/core';
import { type DraftEventType, isMetricEvent, isRunEvent } from './automation-draft.js';
import { type DraftFormProps, Field } from './draft-form.js';
import { MetricConditionFields, RunFilterFields } from './metric-condition-fields.js';

/** Human names of the events, as the wizard lists them. */
export const EVENT_LABELS: Record<DraftEventType, string> = {
  RUN_METRIC_THRESHOLD: 'Run metric crosses a threshold',
  RUN_METRIC_CHANGE: 'Run metric changes',
  RUN_METRIC_ZSCORE: 'Run metric is an outlier (z-score)',
  RUN_STATE: 'Run state changes',
  CREATE_ARTIFACT: 'A new artifact version is created',
  LINK_ARTIFACT: 'A version is linked to the registry',
  UNLINK_ARTIFACT: 'A version is unlinked from the registry',
  ADD_ARTIFACT_ALIAS: 'An alias is added to a version',
  ADD_ARTIFACT_TAG: 'A tag is added to a version',
  REMOVE_ARTIFACT_TAG: 'A tag is removed from a version',
};

/** Step 1 of the wizard: the event, its parameters and its filters. */
export function EventStep(props: DraftFormProps & { metricKeys?: readonly string[] }) {
  const { draft, set, errors } = props;
  const scopeType = draft.scope.type ?? 'project';
  const types = (Object.keys(EVENT_LABELS) as DraftEventType[]).filter((t) =>
    (EVENT_SCOPES[t] as readonly string[]).includes(scopeType),
  );
  return (
    <div className="step">
      <Field label="Event" field="eventType" errors={errors}>
        <select
          name="eventType"
          value={draft.eventType}
          onChange={(e) => set('eventType', e.target.value as DraftEventType)}
        >
          {types.map((t) => (
            <option key={t} value={t}>
              {EVENT_LABELS[t]}
            </option>
          ))}
        </select>
      </Field>
      {isMetricEvent(draft.eventType) ? (
        <>
          <Field label="Metric" field="metric" errors={errors}>
            <input
              name="metric"
              list="metric-keys"
              value={draft.metric}
              onChange={(e) => set('metric', e.target.value)}
            />
          </Field>
          <datalist id="metric-keys">
            {props.metricKeys?.map((k) => (
              <option key={k} value={k} />
            ))}
          </datalist>
          <MetricConditionFields {...props} />
        </>
      ) : null}
      {draft.eventType === 'RUN_STATE' ? (
        <Field label="States" field="states" errors={errors}>
          <span className="checks">
            {['running', 'finished', 'failed'].map((state) => (
              <label key={state} className="inline">
                <input
                  type="checkbox"
                  checked={draft.states.includes(state)}
                  onChange={(e) =>
                    set(
                      'states',
                      e.target.checked ? [...draft.states, state] : draft.states.filter((s) => s !== state),
                    )
                  }
                />
                {state}
              </label>
            ))}
          </span>
        </Field>
      ) : null}
      {draft.eventType === 'ADD_ARTIFACT_ALIAS' || draft.eventType === 'LINK_ARTIFACT' ? (
        <Field label="Alias regex" field="aliasRegex" errors={errors} hint="e.g. ^production$">
          <input
            name="aliasRegex"
            value={draft.aliasRegex}
            onChange={(e) => set('aliasRegex', e.target.value)}
          />
        </Field>
      ) : null}
      {draft.eventType === 'ADD_ARTIFACT_TAG' || draft.eventType === 'REMOVE_ARTIFACT_TAG' ? (
        <Field label="Tag regex" field="tagRegex" errors={errors}>
          <input name="tagRegex" value={draft.tagRegex} onChange={(e) => set('tagRegex', e.target.value)} />
        </Field>
      ) : null}
      {!isRunEvent(draft.eventType) && !draft.scope.collection ? (
        <Field label="Only in collection (optional)" field="collection" errors={errors}>
          <input
            name="collection"
            value={draft.collection}
            onChange={(e) => set('collection', e.target.value)}
          />
        </Field>
      ) : null}
      {isRunEvent(draft.eventType) ? (
        <>
          <RunFilterFields {...props} />
          <Field
            label="Cooldown per run (seconds)"
            field="cooldownSeconds"
            errors={errors}
            hint="0 = none; default one day"
          >
            <input
              name="cooldownSeconds"
              inputMode="numeric"
              value={draft.cooldownSeconds}
              onChange={(e) => set('cooldownSeconds', e.target.value)}
            />
          </Field>
        </>
      ) : null}
    </div>
  );
}

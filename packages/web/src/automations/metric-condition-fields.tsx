import { eventOf } from './automation-draft.js';
import { describeRunFilter } from './automation-summary.js';
import { Choice, type DraftFormProps, Field } from './draft-form.js';

const AGGS = [
  ['AVERAGE', 'average'],
  ['MIN', 'minimum'],
  ['MAX', 'maximum'],
  ['NONE', 'latest value'],
] as const;
const CMPS = [
  ['$gt', '>'],
  ['$gte', '≥'],
  ['$lt', '<'],
  ['$lte', '≤'],
  ['$eq', '='],
  ['$ne', '≠'],
] as const;
const DIRECTIONS = [
  ['INCREASE', 'increases'],
  ['DECREASE', 'decreases'],
  ['ANY', 'changes either way'],
] as const;

/** The parameters of a metric condition (threshold, change or z-score), read as a sentence. */
export function MetricConditionFields({ draft, set, errors }: DraftFormProps) {
  if (draft.eventType === 'RUN_METRIC_CHANGE') {
    return (
      <div className="sentence">
        <Field label="Aggregate" field="agg" errors={errors}>
          <Choice
            name="agg"
            value={draft.agg === 'NONE' ? 'AVERAGE' : draft.agg}
            options={AGGS.slice(0, 3)}
            onChange={(v) => set('agg', v)}
          />
        </Field>
        <Field label="of the newest" field="currentWindow" errors={errors}>
          <input
            name="currentWindow"
            inputMode="numeric"
            value={draft.currentWindow}
            onChange={(e) => set('currentWindow', e.target.value)}
          />
        </Field>
        <Field label="vs. the prior" field="priorWindow" errors={errors}>
          <input
            name="priorWindow"
            inputMode="numeric"
            value={draft.priorWindow}
            onChange={(e) => set('priorWindow', e.target.value)}
          />
        </Field>
        <Field label="Direction" field="direction" errors={errors}>
          <Choice
            name="direction"
            value={draft.direction}
            options={DIRECTIONS}
            onChange={(v) => set('direction', v)}
          />
        </Field>
        <Field label="by at least" field="amount" errors={errors}>
          <input
            name="amount"
            inputMode="decimal"
            value={draft.amount}
            onChange={(e) => set('amount', e.target.value)}
          />
        </Field>
        <Field label="Measured as" field="changeType" errors={errors}>
          <Choice
            name="changeType"
            value={draft.changeType}
            options={[
              ['RELATIVE', 'relative (0.1 = 10%)'],
              ['ABSOLUTE', 'absolute'],
            ]}
            onChange={(v) => set('changeType', v)}
          />
        </Field>
      </div>
    );
  }
  if (draft.eventType === 'RUN_METRIC_ZSCORE') {
    return (
      <div className="sentence">
        <Field label="Window (earlier values)" field="zWindow" errors={errors}>
          <input
            name="zWindow"
            inputMode="numeric"
            value={draft.zWindow}
            onChange={(e) => set('zWindow', e.target.value)}
          />
        </Field>
        <Field label="Z-score at least" field="zThreshold" errors={errors}>
          <input
            name="zThreshold"
            inputMode="decimal"
            value={draft.zThreshold}
            onChange={(e) => set('zThreshold', e.target.value)}
          />
        </Field>
        <Field label="Direction" field="direction" errors={errors}>
          <Choice
            name="direction"
            value={draft.direction}
            options={[
              ['INCREASE', 'above the mean'],
              ['DECREASE', 'below the mean'],
              ['ANY', 'either side'],
            ]}
            onChange={(v) => set('direction', v)}
          />
        </Field>
      </div>
    );
  }
  return (
    <div className="sentence">
      <Field label="Aggregate" field="agg" errors={errors}>
        <Choice name="agg" value={draft.agg} options={AGGS} onChange={(v) => set('agg', v)} />
      </Field>
      {draft.agg === 'NONE' ? null : (
        <Field label="of the last" field="window" errors={errors}>
          <input
            name="window"
            inputMode="numeric"
            value={draft.window}
            onChange={(e) => set('window', e.target.value)}
          />
        </Field>
      )}
      <Field label="is" field="cmp" errors={errors}>
        <Choice name="cmp" value={draft.cmp} options={CMPS} onChange={(v) => set('cmp', v)} />
      </Field>
      <Field label="Threshold" field="threshold" errors={errors}>
        <input
          name="threshold"
          inputMode="decimal"
          value={draft.threshold}
          onChange={(e) => set('threshold', e.target.value)}
        />
      </Field>
    </div>
  );
}

/** Which runs a run event watches: the selected ones, a display-name regex, or all. */
export function RunFilterFields({ draft, set, errors }: DraftFormProps) {
  const summary =
    describeRunFilter(eventOf(draft), draft.scope.type ?? 'project') ?? 'all runs of the project';
  return (
    <fieldset className="run-filter">
      <legend>Runs</legend>
      <label className="inline">
        <input
          type="radio"
          name="runFilterMode"
          checked={draft.runFilterMode === 'all'}
          onChange={() => set('runFilterMode', 'all')}
        />
        All runs of the project, new ones included
      </label>
      {draft.runIds.length > 0 ? (
        <label className="inline">
          <input
            type="radio"
            name="runFilterMode"
            checked={draft.runFilterMode === 'selected'}
            onChange={() => set('runFilterMode', 'selected')}
          />
          {draft.runIds.length === 1
            ? 'Only the 1 plotted run'
            : `Only the ${draft.runIds.length} plotted runs`}
        </label>
      ) : null}
      <label className="inline">
        <input
          type="radio"
          name="runFilterMode"
          checked={draft.runFilterMode === 'regex'}
          onChange={() => set('runFilterMode', 'regex')}
        />
        Runs whose name matches
      </label>
      {draft.runFilterMode === 'regex' ? (
        <Field
          label="Name regex"
          field="nameRegex"
          errors={errors}
          hint="RE2 syntax, searched anywhere; anchor with ^ and $."
        >
          <input
            name="nameRegex"
            value={draft.nameRegex}
            placeholder="^resnet"
            onChange={(e) => set('nameRegex', e.target.value)}
          />
        </Field>
      ) : null}
      <p className="run-filter-summary muted" data-testid="run-filter-summary">
        Watches {summary}.
      </p>
    </fieldset>
  );
}

import {
  BellwetherError,
  checkRunFilter,
  parseAutomationInput,
  templateVariablesFor,
  validateMessageTemplate,
  validatePayloadTemplate,
} from '@bellwether/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, api, apiPath } from '../api/api-client.js';
import type { Automation } from '../api/api-types.js';
import { queries } from '../api/queries.js';
import { ErrorBox } from '../components/status-views.js';
import { useModalFocus } from '../components/use-modal-focus.js';
import { ActionStep } from './action-step.js';
import {
  type AutomationDraft,
  draftFieldOfPath,
  draftToInput,
  isMetricEvent,
  pathInWords,
  payloadOf,
  stepOfField,
} from './automation-draft.js';
import { Field } from './draft-form.js';
import { EventStep } from './event-step.js';
import { MetricConditionFields, RunFilterFields } from './metric-condition-fields.js';
import { OwnerTeamField } from './owner-team-field.js';
import { ServerCheckStatus } from './server-check-status.js';
import { useServerCheck } from './use-server-check.js';

type Errors = Partial<Record<keyof AutomationDraft, string>>;

/** Field errors by draft field, from an API or core validation error. */
function errorsByField(errors: readonly { path: string; message: string }[], draft: AutomationDraft): Errors {
  const out: Errors = {};
  for (const error of errors) {
    const field = draftFieldOfPath(error.path, draft.eventType);
    if (field && out[field] === undefined) out[field] = error.message;
  }
  return out;
}

/**
 * The API's schema checks, run in the browser as the user types (core is I/O-free): the body to
 * save when it passes them, else null and the errors by field.
 */
function localCheck(
  draft: AutomationDraft,
  secrets: ReadonlySet<string>,
): { input: Record<string, unknown> | null; errors: Errors } {
  const wire = draftToInput(draft);
  const errors: Errors = {};
  let input: Record<string, unknown> | null = wire;
  try {
    // The server's own options: the run filter (its regexes compiled with RE2) is checked too.
    parseAutomationInput(wire, { checkRunFilter: (filter: unknown) => checkRunFilter(filter, '') });
  } catch (error) {
    input = null;
    if (error instanceof BellwetherError) Object.assign(errors, errorsByField(error.errors, draft));
  }
  // The template's names are checked here too, whatever else is wrong, so a mistyped variable
  // ("did you mean ${run_name}?") shows at the payload while it is typed.
  const options = { variables: templateVariablesFor(draft.eventType), secrets };
  const templates: [keyof AutomationDraft, () => void][] =
    draft.actionType === 'GENERIC_WEBHOOK'
      ? [['payload', () => validatePayloadTemplate(payloadOf(draft.payload), options)]]
      : draft.actionType === 'NOTIFICATION'
        ? [
            ['title', () => validateMessageTemplate(draft.title, { ...options, path: 'action.title' })],
            ['message', () => validateMessageTemplate(draft.message, { ...options, path: 'action.message' })],
          ]
        : [];
  for (const [field, check] of templates) {
    try {
      check();
    } catch (error) {
      if (error instanceof BellwetherError && error.errors[0]) errors[field] ??= error.errors[0].message;
    }
  }
  return { input, errors };
}

const STEPS = ['Event', 'Action', 'Name'] as const;

/** The wizard step showing the field of an error path, if one does. */
function stepOfPath(path: string): number | undefined {
  if (path.startsWith('event.')) return 0;
  if (path.startsWith('action.')) return 1;
  return path === 'name' || path === 'description' ? 2 : undefined;
}

/**
 * The automation editor, as a dialog: Basic mode (a metric condition, a run filter and a Slack
 * destination) and Advanced mode (the three-step wizard). Both edit one draft, so switching
 * modes keeps what was entered. Saves with POST (new) or PATCH (existing). A new automation
 * that several `teams` may own asks which one (`team` is the default, '' for none yet).
 */
export function AutomationEditor(props: {
  team: string;
  teams?: readonly string[];
  initial: AutomationDraft;
  existingId?: string;
  startBasic?: boolean;
  metricKeys?: readonly string[];
  onClose: () => void;
  onSaved?: (automation: Automation, team: string) => void;
  /** Told of every edit (the workspace draws the threshold being edited on its plot). */
  onDraftChange?: (draft: AutomationDraft) => void;
}) {
  const client = useQueryClient();
  const [team, setTeam] = useState(props.team);
  const [draft, setDraft] = useState(props.initial);
  const [basic, setBasic] = useState(Boolean(props.startBasic) && isMetricEvent(props.initial.eventType));
  const [step, setStep] = useState(0);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [showAll, setShowAll] = useState(false);
  const dialog = useRef<HTMLDivElement>(null);
  const onDraftChange = props.onDraftChange;
  useEffect(() => {
    onDraftChange?.(draft);
  }, [draft, onDraftChange]);

  const set = <K extends keyof AutomationDraft>(key: K, value: AutomationDraft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setTouched((t) => new Set(t).add(key));
  };
  const choosingTeam = !props.existingId && props.teams !== undefined && props.teams.length > 1;
  const changeTeam = (next: string) => {
    setTeam(next);
    // Webhooks and Slack integrations belong to a team: another team's ids mean nothing here.
    setDraft((d) => ({ ...d, webhookId: '', slackIntegrationId: '' }));
  };
  const save = useMutation({
    mutationFn: () =>
      props.existingId
        ? api<Automation>(apiPath`/automations/${props.existingId}`, {
            method: 'PATCH',
            body: draftToInput(draft),
          })
        : api<Automation>(apiPath`/teams/${team}/automations`, {
            method: 'POST',
            body: draftToInput(draft),
          }),
    onSuccess: (automation) => {
      void client.invalidateQueries({ queryKey: ['automations'] });
      void client.invalidateQueries({ queryKey: ['automation', automation.id] });
      props.onSaved?.(automation, team);
      props.onClose();
    },
  });
  const webhooks = useQuery({ ...queries.webhooks(team), enabled: team !== '' });
  const slack = useQuery({ ...queries.slack(team), enabled: team !== '' });
  // A new automation starts on what exists: Slack when the team has a channel, else its webhook,
  // else record only; a lone webhook or channel is chosen already. Never over the user's choice.
  const untouchedAction = !props.existingId && !touched.has('actionType');
  useEffect(() => {
    if (!untouchedAction || !webhooks.data || !slack.data) return;
    const hooks = webhooks.data;
    const channels = slack.data;
    setDraft((d) => {
      const actionType =
        channels.length > 0 ? 'NOTIFICATION' : hooks.length > 0 ? 'GENERIC_WEBHOOK' : 'NO_OP';
      return {
        ...d,
        actionType: d.actionType === 'NOTIFICATION' || d.actionType === 'NO_OP' ? actionType : d.actionType,
        webhookId: d.webhookId || (hooks.length === 1 ? (hooks[0]?.id ?? '') : ''),
        slackIntegrationId: d.slackIntegrationId || (channels.length === 1 ? (channels[0]?.id ?? '') : ''),
      };
    });
  }, [untouchedAction, webhooks.data, slack.data]);
  const webhook = webhooks.data?.find((w) => w.id === draft.webhookId);
  const secretKey = [
    ...(webhook?.access_token_secret ? ['ACCESS_TOKEN'] : []),
    ...(webhook?.secret ? [webhook.secret] : []),
  ].join(',');
  const local = useMemo(
    () => localCheck(draft, new Set(secretKey ? secretKey.split(',') : [])),
    [draft, secretKey],
  );
  // The server checks only drafts that pass the browser's checks, which stay the first line.
  const check = useServerCheck(team, props.existingId, team ? local.input : null);
  const saved = save.error instanceof ApiError ? errorsByField(save.error.errors, draft) : {};
  const checked = check.verdict?.valid === false ? errorsByField(check.verdict.errors, draft) : {};
  const errors: Errors = { ...checked, ...saved };
  for (const [field, message] of Object.entries(local.errors) as [keyof AutomationDraft, string][]) {
    if (showAll || touched.has(field)) errors[field] ??= message;
  }
  // The steps holding an error shown now, so the tabs can say where to look.
  const stepsWithErrors = new Set(
    (Object.keys(errors) as (keyof AutomationDraft)[]).filter((f) => errors[f]).map(stepOfField),
  );
  const firstErrorStep = Math.min(...stepsWithErrors);
  const [jumpToError, setJumpToError] = useState(false);
  useEffect(() => {
    if (jumpToError && Number.isFinite(firstErrorStep)) {
      setStep(firstErrorStep);
      setJumpToError(false);
    }
  }, [jumpToError, firstErrorStep]);
  const shownAtField = (path: string) =>
    draftFieldOfPath(path, draft.eventType) !== undefined &&
    (basic ? path !== 'description' : stepOfPath(path) === step);

  useModalFocus(dialog, props.onClose);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // Enter in a field of an earlier wizard step moves on rather than saving half an automation.
    if (!basic && step < STEPS.length - 1) {
      setStep(step + 1);
      return;
    }
    setShowAll(true);
    const problems = Object.keys(local.errors).length > 0;
    // Refused before asking: show the step with the first problem rather than a banner.
    if (problems || !team) {
      setJumpToError(true);
      return;
    }
    save.mutate(undefined, { onError: () => setJumpToError(true) });
  };
  const form = { draft, set, errors };
  const existing = props.existingId ? { existingId: props.existingId } : {};
  const title = props.existingId ? `Edit ${props.initial.name}` : 'New automation';
  return (
    <div className="modal-backdrop">
      <div ref={dialog} className="modal" role="dialog" aria-modal="true" aria-labelledby="editor-title">
        <form onSubmit={submit}>
          <header className="modal-head">
            <h2 id="editor-title">{title}</h2>
            {isMetricEvent(draft.eventType) ? (
              <fieldset className="segmented">
                <legend className="sr-only">Editor mode</legend>
                <button type="button" aria-pressed={basic} onClick={() => setBasic(true)}>
                  Basic
                </button>
                <button type="button" aria-pressed={!basic} onClick={() => setBasic(false)}>
                  Advanced
                </button>
              </fieldset>
            ) : null}
            <button type="button" className="close" aria-label="Close" onClick={props.onClose}>
              ×
            </button>
          </header>
          {choosingTeam ? (
            <OwnerTeamField
              teams={props.teams ?? []}
              value={team}
              error={showAll && !team ? 'Choose the team that owns this automation.' : undefined}
              onChange={changeTeam}
            />
          ) : null}
          {basic ? (
            <div className="step">
              <Field label="Condition" field="eventType" errors={errors}>
                <select
                  name="condition"
                  value={draft.eventType}
                  onChange={(e) => set('eventType', e.target.value as AutomationDraft['eventType'])}
                >
                  <option value="RUN_METRIC_THRESHOLD">Threshold</option>
                  <option value="RUN_METRIC_CHANGE">Change</option>
                  <option value="RUN_METRIC_ZSCORE">Z-score (outlier)</option>
                </select>
              </Field>
              <Field label="Metric" field="metric" errors={errors}>
                <input
                  name="metric"
                  list="basic-metric-keys"
                  value={draft.metric}
                  onChange={(e) => set('metric', e.target.value)}
                />
              </Field>
              <datalist id="basic-metric-keys">
                {props.metricKeys?.map((k) => (
                  <option key={k} value={k} />
                ))}
              </datalist>
              <MetricConditionFields {...form} />
              <RunFilterFields {...form} />
              <ActionStep {...form} team={team} basic {...existing} />
              <Field label="Name" field="name" errors={errors}>
                <input name="name" value={draft.name} onChange={(e) => set('name', e.target.value)} />
              </Field>
            </div>
          ) : (
            <>
              <ol className="stepper">
                {STEPS.map((label, i) => (
                  <li key={label}>
                    <button
                      type="button"
                      aria-current={i === step ? 'step' : undefined}
                      data-error={stepsWithErrors.has(i) ? 'true' : undefined}
                      aria-label={stepsWithErrors.has(i) ? `${i + 1}. ${label} (has a problem)` : undefined}
                      onClick={() => setStep(i)}
                    >
                      {i + 1}. {label}
                      {stepsWithErrors.has(i) ? (
                        <span className="step-error" aria-hidden="true">
                          {' '}
                          !
                        </span>
                      ) : null}
                    </button>
                  </li>
                ))}
              </ol>
              {step === 0 ? (
                <EventStep {...form} {...(props.metricKeys ? { metricKeys: props.metricKeys } : {})} />
              ) : null}
              {step === 1 ? <ActionStep {...form} team={team} {...existing} /> : null}
              {step === 2 ? (
                <div className="step">
                  <Field label="Name" field="name" errors={errors}>
                    <input name="name" value={draft.name} onChange={(e) => set('name', e.target.value)} />
                  </Field>
                  <Field label="Description" field="description" errors={errors}>
                    <textarea
                      name="description"
                      rows={3}
                      value={draft.description}
                      onChange={(e) => set('description', e.target.value)}
                    />
                  </Field>
                  <label className="inline">
                    <input
                      type="checkbox"
                      checked={draft.enabled}
                      onChange={(e) => set('enabled', e.target.checked)}
                    />
                    Enabled
                  </label>
                </div>
              ) : null}
            </>
          )}
          <ServerCheckStatus check={check} eventType={draft.eventType} shownAtField={shownAtField} />
          {save.error instanceof ApiError && save.error.errors.length > 0 ? (
            save.error.errors.some((e) => !shownAtField(e.path)) ? (
              <div className="error" role="alert">
                Not saved:
                <ul>
                  {save.error.errors
                    .filter((e) => !shownAtField(e.path))
                    .map((e) => (
                      <li key={e.path}>
                        <strong title={e.path}>{pathInWords(e.path, draft.eventType)}</strong>: {e.message}
                      </li>
                    ))}
                </ul>
              </div>
            ) : null
          ) : save.error ? (
            <ErrorBox error={save.error} />
          ) : null}
          <footer className="modal-foot">
            <button type="button" onClick={props.onClose}>
              Cancel
            </button>
            <span className="spacer" />
            {!basic && step > 0 ? (
              <button type="button" onClick={() => setStep(step - 1)}>
                Back
              </button>
            ) : null}
            {!basic && step < STEPS.length - 1 ? (
              // Keys keep Next and Save distinct elements: if React reused the button and turned it into
              // a submit button during the click, the browser would submit the form at once.
              <button key="next" type="button" className="primary" onClick={() => setStep(step + 1)}>
                Next
              </button>
            ) : (
              <button key="save" type="submit" className="primary" disabled={save.isPending}>
                {save.isPending ? 'Saving…' : props.existingId ? 'Save changes' : 'Create automation'}
              </button>
            )}
          </footer>
        </form>
      </div>
    </div>
  );
}

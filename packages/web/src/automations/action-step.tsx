import {
  renderMessageTemplate,
  renderPayloadTemplate,
  TEMPLATE_VARIABLES,
  templateVariablesFor,
} from '@bellwether/core';
import { useQuery } from '@tanstack/react-query';
import { useRef } from 'react';
import { Link } from 'react-router';
import { queries } from '../api/queries.js';
import { ErrorBox } from '../components/status-views.js';
import { isRunEvent, payloadOf } from './automation-draft.js';
import { Choice, type DraftFormProps, Field } from './draft-form.js';
import { newestRun, previewValues } from './preview-values.js';

const ACTIONS = [
  ['GENERIC_WEBHOOK', 'Webhook'],
  ['NOTIFICATION', 'Slack message'],
  ['NO_OP', 'Nothing (record only)'],
] as const;

/** The preview of a template rendered against the event's sample values, or why it cannot render. */
function preview(render: () => string): string {
  try {
    return render();
  } catch (error) {
    return error instanceof Error ? `Cannot render yet: ${error.message}` : 'Cannot render yet.';
  }
}

/** Buttons inserting `${variable}` for each variable this event has (and the webhook's secrets). */
function VariablePicker(props: {
  eventType: string;
  extra: readonly string[];
  onPick: (name: string) => void;
}) {
  const names = templateVariablesFor(props.eventType);
  const variables = TEMPLATE_VARIABLES.filter((v) => names.has(v.name));
  return (
    <fieldset className="variable-picker">
      <legend className="sr-only">Insert a variable</legend>
      {variables.map((v) => (
        <button
          key={v.name}
          type="button"
          className="chip"
          title={v.description}
          onClick={() => props.onPick(v.name)}
        >
          {v.name}
        </button>
      ))}
      {props.extra.map((name) => (
        <button
          key={name}
          type="button"
          className="chip secret"
          title="A secret of this webhook"
          onClick={() => props.onPick(name)}
        >
          {name}
        </button>
      ))}
    </fieldset>
  );
}

/** Step 2 of the wizard: a webhook with a JSON payload, a Slack message, or nothing. */
export function ActionStep(props: DraftFormProps & { team: string; basic?: boolean; existingId?: string }) {
  const { draft, set, errors, team } = props;
  // No team chosen yet: nothing to offer until one is.
  const webhooks = useQuery({ ...queries.webhooks(team), enabled: team !== '' });
  const slack = useQuery({ ...queries.slack(team), enabled: team !== '' });
  const payloadRef = useRef<HTMLTextAreaElement>(null);
  const messageRef = useRef<HTMLTextAreaElement>(null);
  const webhook = webhooks.data?.find((w) => w.id === draft.webhookId);
  const secrets = [
    ...(webhook?.access_token_secret ? ['ACCESS_TOKEN'] : []),
    ...(webhook?.secret ? [webhook.secret] : []),
  ];
  const insert = (target: HTMLTextAreaElement | null, key: 'payload' | 'message', name: string) => {
    const text = draft[key];
    const at = target?.selectionStart ?? text.length;
    const end = target?.selectionEnd ?? at;
    set(key, `${text.slice(0, at)}\${${name}}${text.slice(end)}`);
    requestAnimationFrame(() => {
      target?.focus();
      const caret = at + name.length + 3;
      target?.setSelectionRange(caret, caret);
    });
  };
  // The preview reads the newest real run of the scope (sample values only when there is none).
  const scopeTeam = draft.scope.team ?? '';
  const scopeProject = draft.scope.project ?? '';
  const runs = useQuery({
    ...queries.runs(scopeTeam, scopeProject),
    enabled: draft.scope.type === 'project' && isRunEvent(draft.eventType),
  });
  const {
    values: samples,
    source,
    sample,
  } = previewValues(draft, newestRun(runs.data), window.location.origin, props.existingId);
  const previewLabel = (
    <div className="label-text preview-source" data-sample={sample}>
      Preview with {source}
    </div>
  );
  // Basic offers a Slack destination, plus whatever Advanced chose, so switching modes never
  // silently swaps a webhook for Slack.
  const actionOptions = ACTIONS.filter(
    ([type]) => !props.basic || type === 'NOTIFICATION' || type === draft.actionType,
  );
  const settings = `/${encodeURIComponent(team)}/settings`;
  return (
    <div className="step">
      <Field label="Action" field="actionType" errors={errors}>
        <Choice
          name="actionType"
          value={draft.actionType}
          options={actionOptions}
          onChange={(v) => set('actionType', v)}
        />
      </Field>
      {draft.actionType === 'GENERIC_WEBHOOK' ? (
        <>
          <Field label="Webhook" field="webhookId" errors={errors}>
            <select
              name="webhookId"
              value={draft.webhookId}
              onChange={(e) => set('webhookId', e.target.value)}
            >
              <option value="">Choose a webhook</option>
              {webhooks.data?.map((w) => (
                <option key={w.id} value={w.id}>
                  {w.name} — {w.url}
                </option>
              ))}
            </select>
          </Field>
          <ErrorBox error={webhooks.error} />
          {webhooks.data?.length === 0 ? (
            <p className="muted">
              No webhooks yet: <Link to={settings}>add one in Team settings</Link>.
            </p>
          ) : null}
          <Field
            label="Payload (JSON)"
            field="payload"
            errors={errors}
            hint="Use ${variable}; inside a JSON string it is escaped."
          >
            <textarea
              ref={payloadRef}
              name="payload"
              rows={8}
              className="code"
              spellCheck={false}
              value={draft.payload}
              onChange={(e) => set('payload', e.target.value)}
            />
          </Field>
          <VariablePicker
            eventType={draft.eventType}
            extra={secrets}
            onPick={(n) => insert(payloadRef.current, 'payload', n)}
          />
          <div className="preview">
            {previewLabel}
            <pre>{preview(() => renderPayloadTemplate(payloadOf(draft.payload), samples))}</pre>
          </div>
        </>
      ) : null}
      {draft.actionType === 'NOTIFICATION' ? (
        <>
          <Field label="Slack destination" field="slackIntegrationId" errors={errors}>
            <select
              name="slackIntegrationId"
              value={draft.slackIntegrationId}
              onChange={(e) => set('slackIntegrationId', e.target.value)}
            >
              <option value="">Choose a Slack channel</option>
              {slack.data?.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name ?? s.workspace ?? s.type} {s.channel ? `#${s.channel.replace(/^#/, '')}` : ''}
                </option>
              ))}
            </select>
          </Field>
          <ErrorBox error={slack.error} />
          {slack.data?.length === 0 ? (
            <p className="muted">
              No Slack integrations yet: <Link to={settings}>connect Slack in Team settings</Link>.
            </p>
          ) : null}
          <Field label="Title" field="title" errors={errors}>
            <input
              name="title"
              value={draft.title}
              placeholder={draft.name}
              onChange={(e) => set('title', e.target.value)}
            />
          </Field>
          <Field label="Message" field="message" errors={errors}>
            <textarea
              ref={messageRef}
              name="message"
              rows={3}
              value={draft.message}
              onChange={(e) => set('message', e.target.value)}
            />
          </Field>
          <VariablePicker
            eventType={draft.eventType}
            extra={[]}
            onPick={(n) => insert(messageRef.current, 'message', n)}
          />
          <Field label="Severity" field="severity" errors={errors}>
            <Choice
              name="severity"
              value={draft.severity}
              options={[
                ['INFO', 'Info'],
                ['WARN', 'Warning'],
                ['ERROR', 'Error'],
              ]}
              onChange={(v) => set('severity', v)}
            />
          </Field>
          <div className="preview">
            {previewLabel}
            <pre>
              {preview(() => renderMessageTemplate(draft.title || draft.name, samples))}
              {'\n'}
              {preview(() => renderMessageTemplate(draft.message, samples))}
            </pre>
          </div>
        </>
      ) : null}
    </div>
  );
}

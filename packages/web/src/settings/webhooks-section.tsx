import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, api, apiPath, listOf } from '../api/api-client.js';
import type { Secret, Webhook, WebhookTestResult } from '../api/api-types.js';
import { queries } from '../api/queries.js';
import { ConfirmButton } from '../components/confirm-button.js';
import { Empty, ErrorBox, QueryView } from '../components/status-views.js';

interface WebhookForm {
  name: string;
  url: string;
  access_token_secret: string;
  secret: string;
}

const EMPTY: WebhookForm = { name: '', url: '', access_token_secret: '', secret: '' };

/** Send a test body with the webhook's credentials and show what came back (nothing is saved). */
function WebhookTest({ team, webhook }: { team: string; webhook: Webhook }) {
  const [body, setBody] = useState('{\n  "text": "Hello from Bellwether"\n}');
  const [parseError, setParseError] = useState<string | null>(null);
  const test = useMutation({
    mutationFn: (parsed: unknown) =>
      api<WebhookTestResult>(apiPath`/teams/${team}/webhooks/${webhook.id}/test`, {
        method: 'POST',
        body: { body: parsed },
      }),
  });
  const send = () => {
    try {
      const parsed: unknown = JSON.parse(body);
      setParseError(null);
      test.mutate(parsed);
    } catch (error) {
      setParseError(error instanceof Error ? error.message : 'not JSON');
    }
  };
  const result = test.data;
  return (
    <section className="webhook-test" aria-label={`Test ${webhook.name}`}>
      <label>
        <span className="label-text">Test body (JSON)</span>
        <textarea
          className="code"
          rows={4}
          value={body}
          onChange={(e) => setBody(e.target.value)}
          spellCheck={false}
        />
      </label>
      {parseError ? <div className="field-error">{parseError}</div> : null}
      <button type="button" onClick={send} disabled={test.isPending}>
        {test.isPending ? 'Sending…' : 'Send test'}
      </button>
      <ErrorBox error={test.error} />
      {result ? (
        <div className="test-result" role="status">
          <div>
            Status <strong className="test-status">{result.status ?? 'no response'}</strong> in{' '}
            {Math.round(result.latency_ms)} ms
          </div>
          {result.error ? <div className="error">{result.error}</div> : null}
          <pre>
            {Object.entries(result.headers)
              .map(([k, v]) => `${k}: ${v}`)
              .join('\n')}
            {'\n\n'}
            {result.body ?? ''}
          </pre>
        </div>
      ) : null}
    </section>
  );
}

/** Team webhooks: create, edit, delete and Test. */
export function WebhooksSection({ team }: { team: string }) {
  const client = useQueryClient();
  const webhooks = useQuery(queries.webhooks(team));
  const secrets = useQuery({
    queryKey: ['secrets', team],
    queryFn: async () => listOf<Secret>(await api<unknown>(apiPath`/teams/${team}/secrets`)),
  });
  const [form, setForm] = useState<WebhookForm>(EMPTY);
  const [editing, setEditing] = useState<string | null>(null);
  const [testing, setTesting] = useState<string | null>(null);
  // A webhook's secrets show as "Used by" in the secrets list: refresh that too.
  const refresh = () =>
    Promise.all([
      client.invalidateQueries({ queryKey: ['webhooks', team] }),
      client.invalidateQueries({ queryKey: ['secrets', team] }),
    ]);
  const save = useMutation({
    mutationFn: () => {
      const body = {
        name: form.name,
        url: form.url,
        access_token_secret: form.access_token_secret || null,
        secret: form.secret || null,
      };
      return editing
        ? api<Webhook>(apiPath`/teams/${team}/webhooks/${editing}`, { method: 'PATCH', body })
        : api<Webhook>(apiPath`/teams/${team}/webhooks`, { method: 'POST', body });
    },
    onSuccess: () => {
      setForm(EMPTY);
      setEditing(null);
      void refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => api<void>(apiPath`/teams/${team}/webhooks/${id}`, { method: 'DELETE' }),
    onSuccess: refresh,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const fieldError = (path: string) =>
    save.error instanceof ApiError ? save.error.fieldError(path) : undefined;
  const secretOptions = (
    <>
      <option value="">none</option>
      {secrets.data?.map((s) => (
        <option key={s.name} value={s.name}>
          {s.name}
        </option>
      ))}
    </>
  );
  return (
    <section className="card" aria-labelledby="webhooks-title">
      <h2 id="webhooks-title">Webhooks</h2>
      <QueryView query={webhooks} what="Loading webhooks">
        {(list) =>
          list.length === 0 ? (
            <Empty>No webhooks yet.</Empty>
          ) : (
            <ul className="plain">
              {list.map((w) => (
                <li key={w.id} className="webhook" data-webhook={w.name}>
                  <div className="row">
                    <strong>{w.name}</strong> <code>{w.url}</code>
                    {w.access_token_secret ? (
                      <span className="tag">token: {w.access_token_secret}</span>
                    ) : null}
                    {w.secret ? <span className="tag">signing: {w.secret}</span> : null}
                    {w.disabled_at ? (
                      <span className="badge badge-failed">disabled: {w.disabled_reason}</span>
                    ) : null}
                    <span className="spacer" />
                    <button
                      type="button"
                      className="small"
                      onClick={() => setTesting(testing === w.id ? null : w.id)}
                    >
                      Test
                    </button>
                    <button
                      type="button"
                      className="small"
                      onClick={() => {
                        setEditing(w.id);
                        setForm({
                          name: w.name,
                          url: w.url,
                          access_token_secret: w.access_token_secret ?? '',
                          secret: w.secret ?? '',
                        });
                      }}
                    >
                      Edit
                    </button>
                    <ConfirmButton label="Delete" what={w.name} onConfirm={() => remove.mutate(w.id)} />
                  </div>
                  {testing === w.id ? <WebhookTest team={team} webhook={w} /> : null}
                </li>
              ))}
            </ul>
          )
        }
      </QueryView>
      <form className="grid-form" onSubmit={submit} aria-label={editing ? 'Edit webhook' : 'New webhook'}>
        <label>
          Name
          <input
            name="webhook-name"
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.target.value })}
            required
          />
          {fieldError('name') ? <span className="field-error">{fieldError('name')}</span> : null}
        </label>
        <label>
          URL
          <input
            name="webhook-url"
            value={form.url}
            placeholder="https://…"
            onChange={(e) => setForm({ ...form, url: e.target.value })}
            required
          />
          {fieldError('url') ? <span className="field-error">{fieldError('url')}</span> : null}
        </label>
        <label>
          Access token secret
          <select
            name="webhook-token"
            value={form.access_token_secret}
            onChange={(e) => setForm({ ...form, access_token_secret: e.target.value })}
          >
            {secretOptions}
          </select>
        </label>
        <label>
          Signing secret
          <select
            name="webhook-secret"
            value={form.secret}
            onChange={(e) => setForm({ ...form, secret: e.target.value })}
          >
            {secretOptions}
          </select>
        </label>
        <div className="row">
          <button type="submit" className="primary" disabled={save.isPending}>
            {editing ? 'Save webhook' : 'Add webhook'}
          </button>
          {editing ? (
            <button
              type="button"
              onClick={() => {
                setEditing(null);
                setForm(EMPTY);
              }}
            >
              Cancel
            </button>
          ) : null}
        </div>
      </form>
      {/* A field's error shows at the field only, not again in a banner. */}
      <ErrorBox
        error={
          save.error instanceof ApiError && save.error.errors.length > 0
            ? remove.error
            : (save.error ?? remove.error)
        }
      />
    </section>
  );
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, apiPath } from '../api/api-client.js';
import type { Execution } from '../api/api-types.js';
import { ShowHideButton } from '../components/show-hide-button.js';
import { Empty, ErrorBox, formatTime, QueryView, StatusBadge } from '../components/status-views.js';
import { describeAction } from './automation-summary.js';
import { useActionNames } from './use-action-names.js';

/** A link to what triggered an execution: the run, or the artifact/registry version. */
function TriggerLink({ event }: { event: Record<string, unknown> }) {
  const s = (key: string) => (typeof event[key] === 'string' ? (event[key] as string) : undefined);
  const team = s('entity_name') ?? s('team');
  const project = s('project_name') ?? s('project');
  const runId = s('run_id');
  if (runId && team && project) {
    return (
      <Link
        to={`/${encodeURIComponent(team)}/${encodeURIComponent(project)}/runs/${encodeURIComponent(runId)}`}
      >
        run {s('run_name') ?? runId}
      </Link>
    );
  }
  if (runId) return <span>run {runId}</span>;
  const version = s('artifact_version_string') ?? s('artifact');
  // A registry event names the registry as project_name and carries its id in refs.
  const refs = (event.refs ?? {}) as Record<string, unknown>;
  const registry = typeof refs.registry_id === 'string' ? project : undefined;
  if (registry) return <Link to={`/registries/${encodeURIComponent(registry)}`}>{version ?? registry}</Link>;
  if (version && team && project)
    return (
      <Link to={`/${encodeURIComponent(team)}/${encodeURIComponent(project)}/artifacts`}>{version}</Link>
    );
  return <span className="muted">{String(event.type ?? '')}</span>;
}

/** Delivery states the API can queue again (`POST /deliveries/{id}/redeliver`). */
const REDELIVERABLE: ReadonlySet<string> = new Set(['failed', 'dead']);

/** Pretty JSON when the text is JSON, else the text. */
function pretty(text: string | null): string {
  if (text === null) return '';
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** One execution with its deliveries and every attempt: payload sent, response, Redeliver. */
export function ExecutionView({ id, canRedeliver }: { id: string; canRedeliver: boolean }) {
  const client = useQueryClient();
  const execution = useQuery({
    queryKey: ['execution', id],
    queryFn: () => api<Execution>(apiPath`/executions/${id}`),
    // A pending execution is being delivered (or redelivered): watch its attempts arrive.
    refetchInterval: (query) => (query.state.data?.status === 'pending' ? 1_000 : false),
  });
  const redeliver = useMutation({
    mutationFn: (deliveryId: string) =>
      api<unknown>(apiPath`/deliveries/${deliveryId}/redeliver`, { method: 'POST' }),
    onSettled: () => {
      void client.invalidateQueries({ queryKey: ['execution', id] });
      void client.invalidateQueries({ queryKey: ['executions'] });
    },
  });
  return (
    <QueryView query={execution} what="Loading the execution">
      {(e) => (
        <div className="execution" data-execution={e.id}>
          {e.reason ? <p className="muted">{e.reason}</p> : null}
          <details>
            <summary>Event</summary>
            <pre>{JSON.stringify(e.event, null, 2)}</pre>
          </details>
          {e.deliveries.length === 0 ? <Empty>No delivery (nothing to send for this action).</Empty> : null}
          {e.deliveries.map((d) => (
            <div key={d.id} className="delivery">
              <div className="row">
                <strong>{describeAction({ type: d.action_type })}</strong> <StatusBadge status={d.status} />
                <span className="muted">
                  {d.attempt_count} attempt{d.attempt_count === 1 ? '' : 's'}
                  {d.finished_at === null ? ` · next at ${formatTime(d.next_attempt_at)}` : ''}
                </span>
                <span className="spacer" />
                {canRedeliver && REDELIVERABLE.has(d.status) ? (
                  <button type="button" onClick={() => redeliver.mutate(d.id)} disabled={redeliver.isPending}>
                    Redeliver
                  </button>
                ) : null}
              </div>
              {d.last_error ? <div className="error">{d.last_error}</div> : null}
              {d.attempts.map((attempt) => (
                <div
                  key={attempt.id}
                  className="attempt"
                  data-attempt={attempt.attempt_no}
                  data-status={attempt.status_code ?? ''}
                >
                  <div className="muted">
                    Attempt {attempt.attempt_no} · {formatTime(attempt.started_at)} · {attempt.outcome} ·{' '}
                    <span className="response-status">response {attempt.status_code ?? '—'}</span> ·{' '}
                    {Math.round(attempt.duration_ms)} ms
                    {attempt.request_headers['webhook-id'] ? (
                      <>
                        {' '}
                        · webhook-id{' '}
                        <code className="webhook-id">{attempt.request_headers['webhook-id']}</code>
                      </>
                    ) : null}
                  </div>
                  <div className="two-col">
                    <div>
                      <div className="label-text">Payload sent to {attempt.request_url}</div>
                      <pre className="payload">{pretty(attempt.request_body)}</pre>
                    </div>
                    <div>
                      <div className="label-text">Response</div>
                      <pre className="response">
                        {[attempt.error, pretty(attempt.response_body)].filter(Boolean).join('\n')}
                      </pre>
                    </div>
                  </div>
                </div>
              ))}
            </div>
          ))}
          <ErrorBox error={redeliver.error} />
        </div>
      )}
    </QueryView>
  );
}

/** An automation's history: newest first, each row opening to its deliveries. */
export function ExecutionHistory({
  automationId,
  team,
  canRedeliver,
}: {
  automationId: string;
  team: string;
  canRedeliver: boolean;
}) {
  const [open, setOpen] = useState<string | null>(null);
  const actionInWords = useActionNames(team);
  const list = useQuery({
    queryKey: ['executions', automationId],
    queryFn: async () =>
      (await api<{ executions: Execution[] }>(apiPath`/automations/${automationId}/executions`)).executions,
    refetchInterval: 3_000,
  });
  return (
    <QueryView query={list} what="Loading history">
      {(executions) =>
        executions.length === 0 ? (
          <Empty>Nothing has fired yet.</Empty>
        ) : (
          <>
            <div className="table-scroll">
              <table className="history stack">
                <thead>
                  <tr>
                    <th scope="col">Time</th>
                    <th scope="col">Status</th>
                    <th scope="col">Triggered by</th>
                    <th scope="col">Target</th>
                    <th scope="col">Details</th>
                  </tr>
                </thead>
                <tbody>
                  {executions.map((e) => (
                    <tr key={e.id} data-status={e.status} className={open === e.id ? 'selected' : undefined}>
                      <td data-label="Time">{formatTime(e.created_at)}</td>
                      <td data-label="Status">
                        <StatusBadge status={e.status} />
                      </td>
                      <td data-label="Triggered by">
                        <TriggerLink event={e.event} />
                      </td>
                      <td data-label="Target">
                        {e.deliveries
                          .map((d) => actionInWords({ ...d.action, type: d.action_type }))
                          .join(', ') || '—'}
                      </td>
                      <td data-label="Details">
                        <ShowHideButton id={e.id} open={open} setOpen={setOpen} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {/* Outside the table, so a narrow window shows payloads at full width. */}
            {open && executions.some((e) => e.id === open) ? (
              <section className="execution-open" aria-label="Execution details">
                <ExecutionView id={open} canRedeliver={canRedeliver} />
              </section>
            ) : null}
          </>
        )
      }
    </QueryView>
  );
}

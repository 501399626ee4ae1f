import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, apiPath } from '../api/api-client.js';
import type { Automation } from '../api/api-types.js';
import { queries } from '../api/queries.js';
import { ErrorBox, QueryView } from '../components/status-views.js';
import { draftFromAutomation } from './automation-draft.js';
import { AutomationEditor } from './automation-editor.js';
import { describeAction, describeEvent, describeRunFilter } from './automation-summary.js';
import { ExecutionHistory } from './execution-history.js';

/** One automation: what it watches and does, edit and delete (with confirmation), and its history. */
export function AutomationDetails(props: {
  id: string;
  team: string;
  canManage: boolean;
  onDeleted: () => void;
}) {
  const client = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const automation = useQuery({
    queryKey: ['automation', props.id],
    queryFn: () => api<Automation>(apiPath`/automations/${props.id}`),
  });
  const scope = automation.data?.scope;
  const projectRuns = useQuery({
    ...queries.runs(String(scope?.team ?? ''), String(scope?.project ?? '')),
    enabled: scope?.type === 'project',
  });
  const runNames = new Map((projectRuns.data ?? []).map((r) => [r.run_id, r.display_name]));
  const remove = useMutation({
    mutationFn: () => api<void>(apiPath`/automations/${props.id}`, { method: 'DELETE' }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['automations'] });
      props.onDeleted();
    },
  });
  return (
    <section className="card details" aria-label="Automation details">
      <QueryView query={automation} what="Loading the automation">
        {(a) => (
          <>
            <header className="row">
              <h2>{a.name}</h2>
              <span className="spacer" />
              {props.canManage && !a.details_hidden ? (
                <>
                  <button type="button" onClick={() => setEditing(true)}>
                    Edit
                  </button>
                  <button type="button" className="danger" onClick={() => setConfirming(true)}>
                    Delete
                  </button>
                </>
              ) : null}
            </header>
            {a.description ? <p>{a.description}</p> : null}
            <dl className="facts">
              <dt>Event</dt>
              <dd>{a.details_hidden ? a.event.type : describeEvent(a.event)}</dd>
              {describeRunFilter(a.event, a.scope.type, runNames) ? (
                <>
                  <dt>Runs</dt>
                  <dd className="run-filter-words">{describeRunFilter(a.event, a.scope.type, runNames)}</dd>
                </>
              ) : null}
              <dt>Action</dt>
              <dd>{describeAction(a.action)}</dd>
              <dt>Scope</dt>
              <dd>{Object.values(a.scope).join(' / ')}</dd>
              <dt>Enabled</dt>
              <dd>{a.enabled ? 'yes' : 'no'}</dd>
            </dl>
            {a.details_hidden ? null : (
              <details>
                <summary>Definition (JSON)</summary>
                <pre>{JSON.stringify({ event: a.event, action: a.action }, null, 2)}</pre>
              </details>
            )}
            {confirming ? (
              <div className="confirm" role="alertdialog" aria-label="Confirm delete">
                <p>
                  Delete <strong>{a.name}</strong>? Its history goes with it.
                </p>
                <button
                  type="button"
                  className="danger"
                  onClick={() => remove.mutate()}
                  disabled={remove.isPending}
                >
                  Yes, delete
                </button>
                <button type="button" onClick={() => setConfirming(false)}>
                  Keep it
                </button>
                <ErrorBox error={remove.error} />
              </div>
            ) : null}
            <h3>History</h3>
            <ExecutionHistory automationId={a.id} canRedeliver={props.canManage} />
            {editing ? (
              <AutomationEditor
                team={props.team}
                existingId={a.id}
                initial={draftFromAutomation(a)}
                onClose={() => setEditing(false)}
              />
            ) : null}
          </>
        )}
      </QueryView>
    </section>
  );
}

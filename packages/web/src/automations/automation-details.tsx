import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, apiPath } from '../api/api-client.js';
import type { Automation } from '../api/api-types.js';
import { queries } from '../api/queries.js';
import { ErrorBox, QueryView } from '../components/status-views.js';
import { draftFromAutomation } from './automation-draft.js';
import { AutomationEditor } from './automation-editor.js';
import { describeEvent, describeRunFilter } from './automation-summary.js';
import { ExecutionHistory } from './execution-history.js';
import { useActionNames } from './use-action-names.js';

/** What the details open with: reading, the editor, or the delete confirmation (from the … menu). */
export type DetailsMode = 'view' | 'edit' | 'delete';

/**
 * One automation, at a URL of its own: what it watches (the run filter in words) and does (the
 * webhook or Slack channel named), edit and delete (with confirmation), and its history.
 */
export function AutomationDetails(props: {
  id: string;
  team: string;
  canManage: boolean;
  mode?: DetailsMode;
  onModeChange?: (mode: DetailsMode) => void;
  onDeleted: (name: string) => void;
}) {
  const client = useQueryClient();
  const [ownMode, setOwnMode] = useState<DetailsMode>('view');
  const mode = props.mode ?? ownMode;
  const setMode = props.onModeChange ?? setOwnMode;
  const [saved, setSaved] = useState(false);
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
  const actionInWords = useActionNames(props.team);
  const remove = useMutation({
    mutationFn: () => api<void>(apiPath`/automations/${props.id}`, { method: 'DELETE' }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['automations'] });
      props.onDeleted(automation.data?.name ?? '');
    },
  });
  return (
    <section className="card details" aria-label="Automation details">
      <QueryView query={automation} what="Loading the automation">
        {(a) => {
          const runs = describeRunFilter(a.event, a.scope.type, runNames);
          return (
            <>
              <header className="row">
                <h2>{a.name}</h2>
                <span className="spacer" />
                {props.canManage && !a.details_hidden ? (
                  <>
                    <button type="button" onClick={() => setMode('edit')}>
                      Edit
                    </button>
                    <button type="button" className="danger" onClick={() => setMode('delete')}>
                      Delete
                    </button>
                  </>
                ) : null}
              </header>
              {saved ? (
                <p className="ok" role="status">
                  Saved.
                </p>
              ) : null}
              {a.description ? <p>{a.description}</p> : null}
              <dl className="facts">
                <dt>Event</dt>
                <dd>{a.details_hidden ? a.event.type : describeEvent(a.event)}</dd>
                {runs && !a.details_hidden ? (
                  <>
                    <dt>Runs</dt>
                    <dd className="run-filter-words">{runs}</dd>
                  </>
                ) : null}
                <dt>Action</dt>
                <dd className="action-words">{actionInWords(a.action)}</dd>
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
              {mode === 'delete' && props.canManage ? (
                <div className="confirm" role="alertdialog" aria-label="Confirm delete">
                  <p>
                    Delete <strong>{a.name}</strong>? It stops firing at once. Its history is kept: runs and
                    versions it fired on still show it, by this name, as deleted.
                  </p>
                  <button
                    type="button"
                    className="danger"
                    onClick={() => remove.mutate()}
                    disabled={remove.isPending}
                  >
                    Yes, delete
                  </button>
                  <button type="button" onClick={() => setMode('view')}>
                    Keep it
                  </button>
                  <ErrorBox error={remove.error} />
                </div>
              ) : null}
              <h3>History</h3>
              <ExecutionHistory automationId={a.id} team={props.team} canRedeliver={props.canManage} />
              {mode === 'edit' && props.canManage ? (
                <AutomationEditor
                  team={props.team}
                  existingId={a.id}
                  initial={draftFromAutomation(a)}
                  onClose={() => setMode('view')}
                  onSaved={() => setSaved(true)}
                />
              ) : null}
            </>
          );
        }}
      </QueryView>
    </section>
  );
}

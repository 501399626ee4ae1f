import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useParams } from 'react-router';
import { api, apiPath } from '../api/api-client.js';
import type { RunDetail } from '../api/api-types.js';
import { ExecutionView } from '../automations/execution-history.js';
import { LinePlotPanel } from '../components/line-plot-panel.js';
import { metricKeys } from '../components/metric-keys.js';
import { ShowHideButton } from '../components/show-hide-button.js';
import { Empty, formatTime, QueryView, StatusBadge } from '../components/status-views.js';

/** One run: state, config, summary, its plots, and the automations it triggered. */
export function RunPage() {
  const { team = '', project = '', runId = '' } = useParams();
  const [open, setOpen] = useState<string | null>(null);
  const run = useQuery({
    queryKey: ['run', team, project, runId],
    queryFn: () => api<RunDetail>(apiPath`/teams/${team}/projects/${project}/runs/${runId}`),
  });
  return (
    <QueryView query={run} what="Loading the run">
      {(r) => (
        <>
          <h1>
            {r.display_name} <StatusBadge status={r.state} />
          </h1>
          <p className="muted">
            {r.run_id} · by {r.user ?? 'unknown'} · created {formatTime(r.created_at)} · last step{' '}
            {r.last_step}
            {r.tags.map((t) => (
              <span key={t} className="tag">
                {t}
              </span>
            ))}
          </p>
          <div className="two-col">
            <section className="card">
              <h2>Config</h2>
              {Object.keys(r.config).length === 0 ? (
                <Empty>No config.</Empty>
              ) : (
                <pre>{JSON.stringify(r.config, null, 2)}</pre>
              )}
            </section>
            <section className="card">
              <h2>Summary</h2>
              {Object.keys(r.summary).length === 0 ? (
                <Empty>Nothing logged yet.</Empty>
              ) : (
                <pre>{JSON.stringify(r.summary, null, 2)}</pre>
              )}
            </section>
          </div>
          <section className="card">
            <h2>Automations this run triggered</h2>
            {r.triggered_automations.length === 0 ? (
              <Empty>None yet.</Empty>
            ) : (
              <ul className="link-list">
                {r.triggered_automations.map((t) => (
                  <li key={t.execution_id} data-status={t.status}>
                    {t.name ?? t.automation_id} <StatusBadge status={t.status} /> {formatTime(t.created_at)}{' '}
                    <ShowHideButton id={t.execution_id} open={open} setOpen={setOpen} />
                    {open === t.execution_id ? (
                      <ExecutionView id={t.execution_id} canRedeliver={false} />
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
          </section>
          <h2>Charts</h2>
          <div className="panels">
            {metricKeys([r]).map((key) => (
              <LinePlotPanel key={key} team={team} project={project} metric={key} runs={[r]} />
            ))}
          </div>
        </>
      )}
    </QueryView>
  );
}

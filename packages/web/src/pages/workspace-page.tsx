import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useCallback, useMemo, useState } from 'react';
import { useParams } from 'react-router';
import type { RunState } from '../api/api-types.js';
import { queries } from '../api/queries.js';
import { useTeamRole } from '../app/viewer-context.js';
import { type AutomationDraft, newDraft } from '../automations/automation-draft.js';
import { LinePlotPanel } from '../components/line-plot-panel.js';
import { DEFAULT_PLOTTED, metricKeys } from '../components/metric-keys.js';
import { RunsTable } from '../components/runs-table.js';
import { Empty, QueryView } from '../components/status-views.js';

// The editor brings the automation schema (zod, RE2) along: load it when the bell is first clicked.
const AutomationEditor = lazy(() =>
  import('../automations/automation-editor.js').then((m) => ({ default: m.AutomationEditor })),
);

/** A project's workspace: the runs table with filters, and one line plot per metric. */
export function WorkspacePage() {
  const { team = '', project = '' } = useParams();
  const runs = useQuery(queries.runs(team, project));
  const { canManage } = useTeamRole(team);
  const [nameFilter, setNameFilter] = useState('');
  const [stateFilter, setStateFilter] = useState<RunState | ''>('');
  const [picked, setPicked] = useState<Set<string> | null>(null);
  const [bellMetric, setBellMetric] = useState<string | null>(null);
  // The threshold being edited in the bell's editor, drawn on its metric's plot.
  const [editing, setEditing] = useState<{ metric: string; threshold: number } | null>(null);
  const onDraftChange = useCallback((draft: AutomationDraft) => {
    const value = Number(draft.threshold);
    setEditing(
      draft.eventType === 'RUN_METRIC_THRESHOLD' && draft.threshold.trim() !== '' && Number.isFinite(value)
        ? { metric: draft.metric, threshold: value }
        : null,
    );
  }, []);

  const visible = useMemo(
    () =>
      (runs.data ?? []).filter(
        (r) =>
          (stateFilter === '' || r.state === stateFilter) &&
          r.display_name.toLowerCase().includes(nameFilter.toLowerCase()),
      ),
    [runs.data, nameFilter, stateFilter],
  );
  const selected = useMemo(
    () => picked ?? new Set(visible.slice(0, DEFAULT_PLOTTED).map((r) => r.run_id)),
    [picked, visible],
  );
  const plotted = useMemo(() => visible.filter((r) => selected.has(r.run_id)), [visible, selected]);
  const keys = useMemo(() => metricKeys(runs.data ?? []), [runs.data]);
  const toggle = (runId: string) => {
    const next = new Set(selected);
    if (next.has(runId)) next.delete(runId);
    else next.add(runId);
    setPicked(next);
  };

  return (
    <>
      <h1>
        {team} / {project}
      </h1>
      <QueryView query={runs} what="Loading runs">
        {() => (
          <>
            <div className="filters">
              <label>
                Name
                <input
                  type="search"
                  value={nameFilter}
                  placeholder="Filter runs by name"
                  onChange={(e) => setNameFilter(e.target.value)}
                />
              </label>
              <label>
                State
                <select value={stateFilter} onChange={(e) => setStateFilter(e.target.value as RunState | '')}>
                  <option value="">any</option>
                  {['running', 'finished', 'failed', 'crashed', 'killed'].map((s) => (
                    <option key={s} value={s}>
                      {s}
                    </option>
                  ))}
                </select>
              </label>
              <span className="muted">
                {visible.length} {visible.length === 1 ? 'run' : 'runs'}, {plotted.length} plotted
              </span>
            </div>
            <RunsTable
              team={team}
              project={project}
              runs={visible}
              summaryKeys={keys.slice(0, 4)}
              selected={selected}
              onToggle={toggle}
            />
            <h2>Charts</h2>
            {keys.length === 0 ? <Empty>No numeric metrics logged yet.</Empty> : null}
            <div className="panels">
              {keys.map((key) => (
                <LinePlotPanel
                  key={key}
                  team={team}
                  project={project}
                  metric={key}
                  runs={plotted}
                  {...(canManage ? { onBell: setBellMetric } : {})}
                  {...(editing && editing.metric === key ? { threshold: editing.threshold } : {})}
                />
              ))}
            </div>
          </>
        )}
      </QueryView>
      {bellMetric ? (
        <Suspense fallback={null}>
          <AutomationEditor
            team={team}
            initial={newDraft(
              { type: 'project', team, project },
              bellMetric,
              plotted.map((r) => r.run_id),
            )}
            startBasic
            metricKeys={keys}
            onDraftChange={onDraftChange}
            onClose={() => {
              setBellMetric(null);
              setEditing(null);
            }}
          />
        </Suspense>
      ) : null}
    </>
  );
}

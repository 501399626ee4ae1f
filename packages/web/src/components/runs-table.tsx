import { Link } from 'react-router';
import type { Run } from '../api/api-types.js';
import { runColour } from './run-colours.js';
import { Empty, formatTime, StatusBadge } from './status-views.js';

/** A summary value as a short cell text (numbers to 4 significant digits). */
function cell(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toPrecision(4);
  if (value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The runs table of a workspace: selection checkboxes, state, user, tags, created and summary values. */
export function RunsTable(props: {
  team: string;
  project: string;
  runs: readonly Run[];
  summaryKeys: readonly string[];
  selected: ReadonlySet<string>;
  onToggle: (runId: string) => void;
}) {
  const { runs, selected } = props;
  if (runs.length === 0) return <Empty>No runs match. Log one with the SDK, the CLI or the API.</Empty>;
  const selectedOrder = runs.filter((r) => selected.has(r.run_id)).map((r) => r.run_id);
  return (
    <div className="table-scroll">
      <table>
        <caption className="sr-only">Runs</caption>
        <thead>
          <tr>
            <th scope="col">Plot</th>
            <th scope="col">Name</th>
            <th scope="col">State</th>
            <th scope="col">User</th>
            <th scope="col">Tags</th>
            <th scope="col">Created</th>
            {props.summaryKeys.map((key) => (
              <th scope="col" key={key}>
                {key}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => {
            const at = selectedOrder.indexOf(run.run_id);
            return (
              <tr key={run.id}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Plot ${run.display_name}`}
                    checked={selected.has(run.run_id)}
                    onChange={() => props.onToggle(run.run_id)}
                  />
                  {at >= 0 ? <span className="swatch" style={{ background: runColour(at) }} /> : null}
                </td>
                <td>
                  <Link
                    to={`/${encodeURIComponent(props.team)}/${encodeURIComponent(props.project)}/runs/${encodeURIComponent(run.run_id)}`}
                  >
                    {run.display_name}
                  </Link>
                </td>
                <td>
                  <StatusBadge status={run.state} />
                </td>
                <td>{run.user ?? '—'}</td>
                <td>
                  {run.tags.map((t) => (
                    <span key={t} className="tag">
                      {t}
                    </span>
                  ))}
                </td>
                <td>{formatTime(run.created_at)}</td>
                {props.summaryKeys.map((key) => (
                  <td key={key} className="num">
                    {cell(run.summary[key])}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

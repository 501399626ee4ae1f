import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, apiPath } from '../api/api-client.js';
import type { Automation } from '../api/api-types.js';
import { Empty, ErrorBox, formatTime, QueryView, StatusBadge } from '../components/status-views.js';
import { AutomationDetails } from './automation-details.js';
import { newDraft } from './automation-draft.js';
import { AutomationEditor } from './automation-editor.js';
import { type AutomationSource, automationListQuery } from './automation-list-query.js';
import { describeAction, describeEvent, describeRunFilter } from './automation-summary.js';

/**
 * The Automations tab of a project or registry: list with search and sort, enable toggle,
 * and the details (with history) of the chosen one; create/edit/delete only when allowed.
 * `source` is what is listed (a team's automations, or a registry's whatever team owns them);
 * `teams` are the teams that may own a new one; with `showTeam` the list names each automation's
 * owning team (a registry's automations may belong to several).
 */
export function AutomationList(props: {
  source: AutomationSource;
  teams: readonly string[];
  filter: Record<string, string>;
  scope: Record<string, string>;
  canManage: boolean;
  showTeam?: boolean;
}) {
  const client = useQueryClient();
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<'name' | 'last_execution'>('name');
  // The open automation by id with its owning team, which edits go through.
  const [open, setOpen] = useState<{ id: string; team: string } | null>(null);
  const [creating, setCreating] = useState(false);
  const filter = { ...props.filter, sort, ...(search ? { search } : {}) };
  const list = useQuery(automationListQuery(props.source, filter));
  const toggle = useMutation({
    mutationFn: (a: Automation) =>
      api<Automation>(apiPath`/automations/${a.id}`, { method: 'PATCH', body: { enabled: !a.enabled } }),
    onSettled: () => client.invalidateQueries({ queryKey: ['automations'] }),
  });
  return (
    <>
      <div className="filters">
        <label>
          Search
          <input
            type="search"
            value={search}
            placeholder="Automation name"
            onChange={(e) => setSearch(e.target.value)}
          />
        </label>
        <label>
          Sort by
          <select value={sort} onChange={(e) => setSort(e.target.value as 'name' | 'last_execution')}>
            <option value="name">name</option>
            <option value="last_execution">last execution</option>
          </select>
        </label>
        <span className="spacer" />
        {props.canManage ? (
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            New automation
          </button>
        ) : null}
      </div>
      <ErrorBox error={toggle.error} />
      <QueryView query={list} what="Loading automations">
        {(automations) =>
          automations.length === 0 ? (
            <Empty>{search ? 'No automation matches that name.' : 'No automations here yet.'}</Empty>
          ) : (
            <div className="table-scroll">
              <table className="stack">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    {props.showTeam ? <th scope="col">Team</th> : null}
                    <th scope="col">Event</th>
                    <th scope="col">Action</th>
                    <th scope="col">Enabled</th>
                    <th scope="col">Last execution</th>
                  </tr>
                </thead>
                <tbody>
                  {automations.map((a) => (
                    <tr key={a.id} className={open?.id === a.id ? 'selected' : undefined}>
                      <td data-label="Name">
                        <button
                          type="button"
                          className="link"
                          onClick={() => setOpen(open?.id === a.id ? null : { id: a.id, team: a.team })}
                        >
                          {a.name}
                        </button>
                      </td>
                      {props.showTeam ? <td data-label="Team">{a.team}</td> : null}
                      <td data-label="Event">
                        {a.details_hidden ? a.event.type : describeEvent(a.event)}
                        {a.details_hidden || !describeRunFilter(a.event, a.scope.type) ? null : (
                          <div className="muted run-filter-words">
                            on {describeRunFilter(a.event, a.scope.type)}
                          </div>
                        )}
                      </td>
                      <td data-label="Action">{describeAction(a.action)}</td>
                      <td data-label="Enabled">
                        <label className="switch">
                          <input
                            type="checkbox"
                            role="switch"
                            aria-checked={a.enabled}
                            aria-label={`${a.name} enabled`}
                            checked={a.enabled}
                            disabled={!props.canManage || toggle.isPending}
                            onChange={() => toggle.mutate(a)}
                          />
                          {a.enabled ? 'on' : 'off'}
                        </label>
                      </td>
                      <td data-label="Last execution">
                        {a.last_execution ? (
                          <>
                            <StatusBadge status={a.last_execution.status} />{' '}
                            {formatTime(a.last_execution.created_at)}
                          </>
                        ) : a.last_execution_at ? (
                          formatTime(a.last_execution_at)
                        ) : (
                          <span className="muted">never</span>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryView>
      {open ? (
        <AutomationDetails
          key={open.id}
          id={open.id}
          team={open.team}
          canManage={props.canManage}
          onDeleted={() => setOpen(null)}
        />
      ) : null}
      {creating ? (
        <AutomationEditor
          team={props.teams.length === 1 ? (props.teams[0] ?? '') : ''}
          teams={props.teams}
          initial={newDraft(props.scope)}
          onClose={() => setCreating(false)}
          onSaved={(a, team) => setOpen({ id: a.id, team })}
        />
      ) : null}
    </>
  );
}

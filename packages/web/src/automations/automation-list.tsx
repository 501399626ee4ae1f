import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { api, apiPath } from '../api/api-client.js';
import type { Automation } from '../api/api-types.js';
import { queries } from '../api/queries.js';
import { Empty, ErrorBox, formatTime, QueryView, StatusBadge } from '../components/status-views.js';
import { AutomationDetails, type DetailsMode } from './automation-details.js';
import { newDraft } from './automation-draft.js';
import { AutomationEditor } from './automation-editor.js';
import { type AutomationSource, automationListQuery } from './automation-list-query.js';
import { describeEvent, describeRunFilter } from './automation-summary.js';
import { describeActionNamed } from './use-action-names.js';

/**
 * The Automations tab of a project or registry: list with search and sort, enable toggle,
 * and the details (with history) of the chosen one; create/edit/delete only when allowed.
 * `source` is what is listed (a team's automations, or a registry's whatever team owns them);
 * `teams` are the teams that may own a new one; with `showTeam` the list names each automation's
 * owning team (a registry's automations may belong to several).
 */
/** The … menu of one automation row: Edit automation, Delete automation. */
function RowMenu(props: { name: string; onPick: (mode: DetailsMode) => void }) {
  const [open, setOpen] = useState(false);
  const menu = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent | KeyboardEvent) => {
      if (
        event instanceof KeyboardEvent
          ? event.key === 'Escape'
          : !menu.current?.contains(event.target as Node)
      )
        setOpen(false);
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);
  const pick = (mode: DetailsMode) => {
    setOpen(false);
    props.onPick(mode);
  };
  return (
    <div className="row-menu" ref={menu}>
      <button
        type="button"
        aria-label={`Actions for ${props.name}`}
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        …
      </button>
      {open ? (
        <div role="menu" className="menu">
          <button type="button" role="menuitem" onClick={() => pick('edit')}>
            Edit automation
          </button>
          <button type="button" role="menuitem" className="danger" onClick={() => pick('delete')}>
            Delete automation
          </button>
        </div>
      ) : null}
    </div>
  );
}

export function AutomationList(props: {
  source: AutomationSource;
  teams: readonly string[];
  filter: Record<string, string>;
  scope: Record<string, string>;
  canManage: boolean;
  showTeam?: boolean;
  /** The list's URL; an open automation's details are at `${basePath}/${id}`. */
  basePath: string;
}) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const { automationId } = useParams();
  const [mode, setMode] = useState<DetailsMode>('view');
  const [deleted, setDeleted] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<'name' | 'last_execution'>('name');
  const [creating, setCreating] = useState(false);
  // A team's list names each action's webhook or Slack channel (a registry's spans several teams).
  const listTeam = 'team' in props.source ? props.source.team : '';
  const webhooks = useQuery({ ...queries.webhooks(listTeam), enabled: listTeam !== '', retry: false });
  const slack = useQuery({ ...queries.slack(listTeam), enabled: listTeam !== '', retry: false });
  const actionInWords = (team: string) => (action: Record<string, unknown>) =>
    team === listTeam
      ? describeActionNamed(action, webhooks.data, slack.data)
      : describeActionNamed(action, undefined, undefined);
  const filter = { ...props.filter, sort, ...(search ? { search } : {}) };
  const list = useQuery(automationListQuery(props.source, filter));
  // The open automation comes from the URL, so details can be linked and reloaded; its owning
  // team (which edits go through) from the list, or the source's team.
  const openTeam =
    list.data?.find((a) => a.id === automationId)?.team ?? ('team' in props.source ? props.source.team : '');
  const open = automationId ? { id: automationId, team: openTeam } : null;
  const setOpen = (next: { id: string } | null, nextMode: DetailsMode = 'view') => {
    setMode(nextMode);
    setDeleted(null);
    navigate(next ? `${props.basePath}/${encodeURIComponent(next.id)}` : props.basePath);
  };
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
                    {props.canManage ? (
                      <th scope="col">
                        <span className="sr-only">Actions</span>
                      </th>
                    ) : null}
                  </tr>
                </thead>
                <tbody>
                  {automations.map((a) => (
                    <tr key={a.id} className={open?.id === a.id ? 'selected' : undefined}>
                      <td data-label="Name">
                        <button
                          type="button"
                          className="link"
                          onClick={() => setOpen(open?.id === a.id ? null : { id: a.id })}
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
                      <td data-label="Action">{actionInWords(a.team)(a.action)}</td>
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
                      {props.canManage ? (
                        <td data-label="Actions" className="row-actions">
                          {a.details_hidden ? null : (
                            <RowMenu name={a.name} onPick={(m) => setOpen({ id: a.id }, m)} />
                          )}
                        </td>
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryView>
      {deleted ? (
        <p className="ok" role="status">
          Deleted {deleted}. Its history is kept.
        </p>
      ) : null}
      {open ? (
        <AutomationDetails
          key={open.id}
          id={open.id}
          team={open.team}
          canManage={props.canManage}
          mode={mode}
          onModeChange={setMode}
          onDeleted={(name) => {
            setOpen(null);
            setDeleted(name);
          }}
        />
      ) : null}
      {creating ? (
        <AutomationEditor
          team={props.teams.length === 1 ? (props.teams[0] ?? '') : ''}
          teams={props.teams}
          initial={newDraft(props.scope)}
          onClose={() => setCreating(false)}
          onSaved={(a) => setOpen({ id: a.id })}
        />
      ) : null}
    </>
  );
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, apiPath, listOf } from '../api/api-client.js';
import type { Registry, RegistryCollection, RegistryMember, RegistryVersion } from '../api/api-types.js';
import { useViewer } from '../app/viewer-context.js';
import { AutomationList } from '../automations/automation-list.js';
import { Empty, ErrorBox, formatTime, QueryView } from '../components/status-views.js';

/** The versions linked into one registry collection. */
function RegistryVersions(props: { registry: string; collection: string; canEdit: boolean }) {
  const { registry, collection } = props;
  const client = useQueryClient();
  const [alias, setAlias] = useState<Record<string, string>>({});
  const addAlias = useMutation({
    mutationFn: (v: { version: string; alias: string }) =>
      api<unknown>(
        apiPath`/registries/${registry}/collections/${collection}/versions/${v.version}/aliases/${v.alias}`,
        {
          method: 'PUT',
        },
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: ['registry-versions', registry, collection] }),
  });
  const versions = useQuery({
    queryKey: ['registry-versions', registry, collection],
    queryFn: async () =>
      listOf<RegistryVersion>(
        await api<unknown>(apiPath`/registries/${registry}/collections/${collection}/versions`),
      ),
  });
  return (
    <>
      <QueryView query={versions} what="Loading versions">
        {(list) =>
          list.length === 0 ? (
            <Empty>Nothing linked yet: link a version from a project's Artifacts page.</Empty>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">Version</th>
                  <th scope="col">Aliases</th>
                  <th scope="col">Tags</th>
                  <th scope="col">Artifact</th>
                  <th scope="col">Linked</th>
                </tr>
              </thead>
              <tbody>
                {list.map((v) => (
                  <tr key={v.id}>
                    <td>{v.version}</td>
                    <td>
                      {v.aliases.map((a) => (
                        <span key={a} className="tag alias">
                          @{a}
                        </span>
                      ))}
                    </td>
                    <td>
                      {v.tags.map((t) => (
                        <span key={t} className="tag">
                          {t}
                        </span>
                      ))}
                    </td>
                    <td>
                      {v.artifact}
                      {props.canEdit ? (
                        <span className="row">
                          <input
                            aria-label={`Alias for ${v.version}`}
                            placeholder="alias"
                            value={alias[v.version] ?? ''}
                            onChange={(e) => setAlias({ ...alias, [v.version]: e.target.value })}
                          />
                          <button
                            type="button"
                            className="small"
                            disabled={!alias[v.version]}
                            onClick={() =>
                              addAlias.mutate({ version: v.version, alias: alias[v.version] ?? '' })
                            }
                          >
                            Add alias
                          </button>
                        </span>
                      ) : null}
                    </td>
                    <td>
                      {formatTime(v.created_at)} {v.created_by ?? ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </QueryView>
      <ErrorBox error={addAlias.error} />
    </>
  );
}

/** A registry: its collections and linked versions, its members, and its Automations tab. */
export function RegistryPage({ tab }: { tab?: 'automations' }) {
  const { registry = '' } = useParams();
  const viewer = useViewer();
  const [open, setOpen] = useState<string | null>(null);
  const info = useQuery({
    queryKey: ['registry', registry],
    queryFn: () => api<Registry>(apiPath`/registries/${registry}`),
  });
  const collections = useQuery({
    queryKey: ['registry-collections', registry],
    queryFn: async () =>
      listOf<RegistryCollection>(await api<unknown>(apiPath`/registries/${registry}/collections`)),
  });
  const members = useQuery({
    queryKey: ['registry-members', registry],
    queryFn: async () => listOf<RegistryMember>(await api<unknown>(apiPath`/registries/${registry}/members`)),
  });
  const base = `/registries/${encodeURIComponent(registry)}`;
  const canManage = info.data?.role === 'admin' || info.data?.role === 'member';
  const team = viewer.teams.find((t) => t.role === 'admin')?.name ?? viewer.teams[0]?.name ?? '';
  return (
    <>
      <h1>Registry {registry}</h1>
      <nav className="tabs" aria-label="Registry sections">
        <Link to={base} aria-current={tab ? undefined : 'page'}>
          Collections
        </Link>
        <Link to={`${base}/automations`} aria-current={tab === 'automations' ? 'page' : undefined}>
          Automations
        </Link>
      </nav>
      {tab === 'automations' ? (
        <AutomationList
          team={team}
          filter={{ scope_type: 'registry', registry }}
          scope={{ type: 'registry', registry }}
          canManage={canManage}
        />
      ) : (
        <div className="two-col">
          <section className="card">
            <h2>Collections</h2>
            <QueryView query={collections} what="Loading collections">
              {(list) =>
                list.length === 0 ? (
                  <Empty>No collections yet.</Empty>
                ) : (
                  <ul className="link-list">
                    {list.map((c) => (
                      <li key={c.id}>
                        <button
                          type="button"
                          className="link"
                          aria-expanded={open === c.name}
                          onClick={() => setOpen(open === c.name ? null : c.name)}
                        >
                          {c.name}
                        </button>{' '}
                        <span className="muted">
                          {c.type} · {c.version_count} versions
                        </span>
                        {open === c.name ? (
                          <RegistryVersions registry={registry} collection={c.name} canEdit={canManage} />
                        ) : null}
                      </li>
                    ))}
                  </ul>
                )
              }
            </QueryView>
          </section>
          <section className="card">
            <h2>Members</h2>
            <QueryView query={members} what="Loading members">
              {(list) => (
                <ul className="link-list">
                  {list.map((m) => (
                    <li key={m.member}>
                      {m.kind === 'team' ? `team ${m.name}` : m.name} <span className="muted">{m.role}</span>
                    </li>
                  ))}
                </ul>
              )}
            </QueryView>
          </section>
        </div>
      )}
    </>
  );
}

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, apiPath, listOf } from '../api/api-client.js';
import type { Registry, RegistryCollection } from '../api/api-types.js';
import { useViewer } from '../app/viewer-context.js';
import { AutomationList } from '../automations/automation-list.js';
import { useRegistryTeams } from '../automations/use-registry-teams.js';
import { CreateForm } from '../components/create-form.js';
import { Empty, ErrorBox, QueryView } from '../components/status-views.js';
import { RegistryMembersSection } from './registry-members-section.js';
import { RegistryVersions } from './registry-versions.js';

/** A registry: its collections and linked versions, its members, and its Automations tab. */
export function RegistryPage({ tab }: { tab?: 'automations' }) {
  const { registry = '' } = useParams();
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
  const base = `/registries/${encodeURIComponent(registry)}`;
  const canManage = info.data?.role === 'admin' || info.data?.role === 'member';
  const teams = useRegistryTeams(registry, useViewer());
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
      {info.error ? (
        <ErrorBox error={info.error} />
      ) : tab === 'automations' ? (
        // Every automation of the registry, whatever team owns it; `teams` may own new ones.
        <AutomationList
          source={{ registry }}
          teams={teams ?? []}
          filter={{}}
          scope={{ type: 'registry', registry }}
          canManage={canManage && teams !== undefined && teams.length > 0}
          showTeam
          basePath={`${base}/automations`}
        />
      ) : (
        <>
          <section className="card">
            <h2>Collections</h2>
            <QueryView query={collections} what="Loading collections">
              {(list) =>
                list.length === 0 ? (
                  <Empty>
                    No collections yet.{' '}
                    {canManage ? 'Create one below.' : 'Registry admins and members create them.'}
                  </Empty>
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
                          {c.type} · {c.version_count} {c.version_count === 1 ? 'version' : 'versions'}
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
            {canManage ? (
              <CreateForm
                what="collection"
                withType
                path={apiPath`/registries/${registry}/collections`}
                invalidate={['registry-collections', registry]}
              />
            ) : null}
          </section>
          <RegistryMembersSection registry={registry} canManage={info.data?.role === 'admin'} />
        </>
      )}
    </>
  );
}

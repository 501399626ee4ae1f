import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useParams } from 'react-router';
import { api, apiPath, listOf } from '../api/api-client.js';
import type { ArtifactCollection, ArtifactVersion } from '../api/api-types.js';
import { queries } from '../api/queries.js';
import { useTeamRole, useViewer } from '../app/viewer-context.js';
import { VersionExecutions } from '../automations/version-executions.js';
import { AliasAdder } from '../components/alias-adder.js';
import { CreateForm } from '../components/create-form.js';
import { Empty, ErrorBox, formatTime, QueryView } from '../components/status-views.js';

/** Link one version to a registry collection (`POST …/collections/{c}/links`). */
function LinkToRegistry({ artifact }: { artifact: string }) {
  const registries = useQuery(queries.registries());
  const [registry, setRegistry] = useState('');
  const [collection, setCollection] = useState('');
  const link = useMutation({
    mutationFn: () =>
      api<unknown>(apiPath`/registries/${registry}/collections/${collection}/links`, {
        method: 'POST',
        body: { artifact },
      }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    link.mutate();
  };
  return (
    <form className="row" onSubmit={submit}>
      <select aria-label="Registry" value={registry} onChange={(e) => setRegistry(e.target.value)} required>
        <option value="">Registry…</option>
        {registries.data?.map((r) => (
          <option key={r.id} value={r.name}>
            {r.name}
          </option>
        ))}
      </select>
      <input
        aria-label="Registry collection"
        placeholder="collection"
        value={collection}
        onChange={(e) => setCollection(e.target.value)}
        required
      />
      <button type="submit">Link to registry</button>
      {link.isSuccess ? <span className="ok">Linked.</span> : null}
      <ErrorBox error={link.error} />
    </form>
  );
}

/** The versions of one collection: aliases, tags, metadata. */
function Versions({
  team,
  project,
  collection,
  canLink,
}: {
  team: string;
  project: string;
  collection: string;
  canLink: boolean;
}) {
  const client = useQueryClient();
  const versions = useQuery({
    queryKey: ['versions', team, project, collection],
    queryFn: async () =>
      listOf<ArtifactVersion>(
        await api<unknown>(apiPath`/teams/${team}/projects/${project}/artifacts/${collection}/versions`),
      ),
  });
  const addAlias = useMutation({
    mutationFn: (v: { version: string; alias: string }) =>
      api<unknown>(
        apiPath`/teams/${team}/projects/${project}/artifacts/${collection}/versions/${v.version}/aliases/${v.alias}`,
        { method: 'PUT' },
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: ['versions', team, project, collection] }),
  });
  // Registry automations fire on linked versions too; restricted viewers cannot read that history.
  const registries = useQuery(queries.registries());
  const places = [
    apiPath`/teams/${team}/projects/${project}/executions`,
    ...(registries.data ?? [])
      .filter((r) => r.role !== 'restricted_viewer')
      .map((r) => apiPath`/registries/${r.name}/executions`),
  ];
  return (
    <QueryView query={versions} what="Loading versions">
      {(list) =>
        list.length === 0 ? (
          <Empty>No versions.</Empty>
        ) : (
          <>
            {list.map((v) => (
              <div key={v.id} className="card version">
                <div className="row">
                  <strong>{v.version}</strong>
                  {v.aliases.map((a) => (
                    <span key={a} className="tag alias">
                      @{a}
                    </span>
                  ))}
                  {v.tags.map((t) => (
                    <span key={t} className="tag">
                      {t}
                    </span>
                  ))}
                  <span className="muted">
                    {formatTime(v.created_at)} · {v.created_by ?? ''} {v.run_id ? `· run ${v.run_id}` : ''}
                  </span>
                </div>
                {Object.keys(v.metadata).length > 0 ? <pre>{JSON.stringify(v.metadata, null, 2)}</pre> : null}
                {canLink ? (
                  <>
                    <AliasAdder
                      as="div"
                      version={v.version}
                      add={(alias, done) =>
                        addAlias.mutate({ version: v.version, alias }, { onSuccess: done })
                      }
                    />
                    <LinkToRegistry artifact={`${team}/${project}/${collection}:${v.version}`} />
                  </>
                ) : null}
                {registries.isPending ? null : <VersionExecutions versionId={v.id} places={places} />}
              </div>
            ))}
            <ErrorBox error={addAlias.error} />
          </>
        )
      }
    </QueryView>
  );
}

/** A project's artifact collections and their versions. */
export function ArtifactsPage() {
  const { team = '', project = '' } = useParams();
  const { role } = useTeamRole(team);
  const viewer = useViewer();
  const canCreate = role === 'admin' || role === 'member' || viewer.is_admin;
  const [open, setOpen] = useState<string | null>(null);
  const collections = useQuery({
    queryKey: ['collections', team, project],
    queryFn: async () =>
      listOf<ArtifactCollection>(await api<unknown>(apiPath`/teams/${team}/projects/${project}/artifacts`)),
  });
  return (
    <>
      <h1>
        {team} / {project} · Artifacts
      </h1>
      <QueryView query={collections} what="Loading artifacts">
        {(list) =>
          list.length === 0 ? (
            <Empty>No artifacts logged in this project.</Empty>
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
                    {c.type} · {c.version_count} {c.version_count === 1 ? 'version' : 'versions'}{' '}
                    {c.description}
                  </span>
                  {open === c.name ? (
                    <Versions
                      team={team}
                      project={project}
                      collection={c.name}
                      canLink={role === 'admin' || role === 'member'}
                    />
                  ) : null}
                </li>
              ))}
            </ul>
          )
        }
      </QueryView>
      {canCreate ? (
        <CreateForm
          what="artifact collection"
          withType
          path={apiPath`/teams/${team}/projects/${project}/artifacts`}
          invalidate={['collections', team, project]}
        />
      ) : null}
    </>
  );
}

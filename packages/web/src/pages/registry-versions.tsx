import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { api, apiPath, listOf } from '../api/api-client.js';
import type { RegistryVersion } from '../api/api-types.js';
import { VersionExecutions } from '../automations/version-executions.js';
import { AliasAdder } from '../components/alias-adder.js';
import { ShowHideButton } from '../components/show-hide-button.js';
import { Empty, ErrorBox, formatTime, QueryView } from '../components/status-views.js';

/** The versions linked into one registry collection: aliases, tags, and what each triggered. */
export function RegistryVersions(props: { registry: string; collection: string; canEdit: boolean }) {
  const { registry, collection } = props;
  const client = useQueryClient();
  const [open, setOpen] = useState<string | null>(null);
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
            <div className="table-scroll">
              <table className="stack">
                <thead>
                  <tr>
                    <th scope="col">Version</th>
                    <th scope="col">Aliases</th>
                    <th scope="col">Tags</th>
                    <th scope="col">Artifact</th>
                    <th scope="col">Linked</th>
                    <th scope="col">Automations</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((v) => (
                    <Fragment key={v.id}>
                      <tr>
                        <td data-label="Version">{v.version}</td>
                        <td data-label="Aliases">
                          {v.aliases.map((a) => (
                            <span key={a} className="tag alias">
                              @{a}
                            </span>
                          ))}
                        </td>
                        <td data-label="Tags">
                          {v.tags.map((t) => (
                            <span key={t} className="tag">
                              {t}
                            </span>
                          ))}
                        </td>
                        <td data-label="Artifact">
                          {v.artifact}
                          {props.canEdit ? (
                            <AliasAdder
                              as="span"
                              small
                              version={v.version}
                              add={(alias, done) =>
                                addAlias.mutate({ version: v.version, alias }, { onSuccess: done })
                              }
                            />
                          ) : null}
                        </td>
                        <td data-label="Linked">
                          {formatTime(v.created_at)} {v.created_by ?? ''}
                        </td>
                        <td data-label="Automations">
                          <ShowHideButton
                            id={v.id}
                            open={open}
                            setOpen={setOpen}
                            label={`Automations ${v.version} triggered`}
                          />
                        </td>
                      </tr>
                      {open === v.id ? (
                        <tr>
                          <td colSpan={6}>
                            <VersionExecutions
                              versionId={v.artifact_version_id}
                              places={[apiPath`/registries/${registry}/executions`]}
                            />
                          </td>
                        </tr>
                      ) : null}
                    </Fragment>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryView>
      <ErrorBox error={addAlias.error} />
    </>
  );
}

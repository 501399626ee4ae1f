import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/api-client.js';
import type { Execution } from '../api/api-types.js';
import { ShowHideButton } from '../components/show-hide-button.js';
import { Empty, formatTime, QueryView, StatusBadge } from '../components/status-views.js';
import { ExecutionView } from './execution-history.js';

/** How many of the version's executions each place lists. */
const SHOWN = 50;

/** The executions `versionId` triggered in each place, newest first, without duplicates. */
async function readVersionExecutions(places: readonly string[], versionId: string): Promise<Execution[]> {
  const query = `?artifact_version=${encodeURIComponent(versionId)}&limit=${SHOWN}`;
  const pages = await Promise.all(places.map((path) => api<{ executions: Execution[] }>(`${path}${query}`)));
  const byId = new Map<string, Execution>();
  for (const e of pages.flatMap((page) => page.executions)) byId.set(e.id, e);
  return [...byId.values()].sort((a, b) => b.created_at - a.created_at);
}

/**
 * "Automations this version triggered": one line per execution (automation, status, time), each
 * opening to what was sent and answered. `places` are execution list paths such as
 * `/teams/t/projects/p/executions` and `/registries/r/executions`.
 */
export function VersionExecutions({ versionId, places }: { versionId: string; places: readonly string[] }) {
  const [open, setOpen] = useState<string | null>(null);
  const list = useQuery({
    queryKey: ['version-executions', versionId, places],
    queryFn: () => readVersionExecutions(places, versionId),
    refetchInterval: 10_000,
  });
  return (
    <section className="version-executions" aria-label="Automations this version triggered">
      <div className="label-text">Automations this version triggered</div>
      <QueryView query={list} what="Loading triggered automations">
        {(executions) =>
          executions.length === 0 ? (
            <Empty>None yet.</Empty>
          ) : (
            <ul className="plain">
              {executions.map((e) => (
                <li key={e.id} data-status={e.status}>
                  <span className="row">
                    <strong>{e.automation_name ?? e.automation_id}</strong>
                    <StatusBadge status={e.status} />
                    <span className="muted">
                      {String(e.event.type ?? '')} · {formatTime(e.created_at)}
                    </span>
                    <ShowHideButton id={e.id} open={open} setOpen={setOpen} />
                  </span>
                  {open === e.id ? <ExecutionView id={e.id} canRedeliver={false} /> : null}
                </li>
              ))}
            </ul>
          )
        }
      </QueryView>
    </section>
  );
}

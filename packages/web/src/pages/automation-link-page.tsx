import { useQuery } from '@tanstack/react-query';
import { Navigate, useParams } from 'react-router';
import { api, apiPath } from '../api/api-client.js';
import type { Automation } from '../api/api-types.js';
import { useTeamRole } from '../app/viewer-context.js';
import { AutomationDetails } from '../automations/automation-details.js';
import { QueryView } from '../components/status-views.js';

/**
 * `/automations/{id}`, the `automation_url` payloads carry: the automation's details in its
 * project's or registry's Automations tab; one of a team scope, here on its own.
 */
export function AutomationLinkPage() {
  const { automationId = '' } = useParams();
  const automation = useQuery({
    queryKey: ['automation', automationId],
    queryFn: () => api<Automation & { team?: string }>(apiPath`/automations/${automationId}`),
  });
  const scope = automation.data?.scope;
  const team = String(scope?.team ?? '');
  const { canManage } = useTeamRole(team);
  return (
    <QueryView query={automation} what="Loading the automation">
      {(a) => {
        const id = encodeURIComponent(a.id);
        if (a.scope.type === 'project')
          return (
            <Navigate
              replace
              to={`/${encodeURIComponent(team)}/${encodeURIComponent(String(a.scope.project))}/automations/${id}`}
            />
          );
        if (typeof a.scope.registry === 'string')
          return (
            <Navigate replace to={`/registries/${encodeURIComponent(a.scope.registry)}/automations/${id}`} />
          );
        return <AutomationDetails id={a.id} team={team} canManage={canManage} onDeleted={() => undefined} />;
      }}
    </QueryView>
  );
}

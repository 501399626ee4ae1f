import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { queries } from '../api/queries.js';
import { useTeamRole } from '../app/viewer-context.js';
import { AutomationList } from '../automations/automation-list.js';
import { QueryView } from '../components/status-views.js';

/** A project's Automations tab (a project that does not exist shows the API's 404 detail). */
export function AutomationsPage() {
  const { team = '', project = '' } = useParams();
  const { canManage } = useTeamRole(team);
  const found = useQuery(queries.project(team, project));
  return (
    <>
      <h1>
        {team} / {project} · Automations
      </h1>
      <QueryView query={found} what="Loading the project">
        {() => (
          <AutomationList
            source={{ team }}
            teams={[team]}
            filter={{ scope_type: 'project', project }}
            scope={{ type: 'project', team, project }}
            canManage={canManage}
            basePath={`/${encodeURIComponent(team)}/${encodeURIComponent(project)}/automations`}
          />
        )}
      </QueryView>
    </>
  );
}

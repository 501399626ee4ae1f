import { useParams } from 'react-router';
import { useTeamRole } from '../app/viewer-context.js';
import { AutomationList } from '../automations/automation-list.js';

/** A project's Automations tab. */
export function AutomationsPage() {
  const { team = '', project = '' } = useParams();
  const { canManage } = useTeamRole(team);
  return (
    <>
      <h1>
        {team} / {project} · Automations
      </h1>
      <AutomationList
        team={team}
        filter={{ scope_type: 'project', project }}
        scope={{ type: 'project', team, project }}
        canManage={canManage}
      />
    </>
  );
}

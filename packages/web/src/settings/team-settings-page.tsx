import { useParams } from 'react-router';
import { useTeamRole, useViewer } from '../app/viewer-context.js';
import { MembersSection } from './members-section.js';
import { OutboundAllowSection } from './outbound-allow-section.js';
import { SecretsSection } from './secrets-section.js';
import { SlackSection } from './slack-section.js';
import { WebhooksSection } from './webhooks-section.js';

/** Team settings: members and roles; for admins also secrets, webhooks and Slack integrations. */
export function TeamSettingsPage() {
  const { team = '' } = useParams();
  const { role, canManage } = useTeamRole(team);
  const viewer = useViewer();
  return (
    <>
      <h1>{team} · Team settings</h1>
      <p className="muted">Your role: {role ?? 'site admin'}</p>
      <MembersSection team={team} canManage={canManage} />
      {canManage ? (
        <>
          <SecretsSection team={team} />
          <WebhooksSection team={team} />
          <SlackSection team={team} />
        </>
      ) : (
        <p className="muted">Secrets and integrations are managed by team admins.</p>
      )}
      {viewer.is_admin ? <OutboundAllowSection /> : null}
    </>
  );
}

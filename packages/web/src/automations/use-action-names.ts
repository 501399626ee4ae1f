import { useQuery } from '@tanstack/react-query';
import type { SlackIntegration, Webhook } from '../api/api-types.js';
import { queries } from '../api/queries.js';

/** A Slack integration in words: "#alerts (acme)". */
export function slackInWords(s: SlackIntegration): string {
  const channel = s.channel ? `#${s.channel.replace(/^#/, '')}` : '';
  const where = s.name ?? s.workspace ?? '';
  return [channel, where && channel ? `(${where})` : where].filter(Boolean).join(' ') || s.type;
}

/**
 * An action in words with what it targets named ("Webhook receiver — https://…", "Slack message
 * to #alerts"), from the owning team's webhooks and Slack integrations; the bare kind while they
 * load or when the caller may not read them, and "(deleted)" for one that no longer exists.
 */
export function useActionNames(team: string): (action: Record<string, unknown>) => string {
  const webhooks = useQuery({ ...queries.webhooks(team), enabled: team !== '', retry: false });
  const slack = useQuery({ ...queries.slack(team), enabled: team !== '', retry: false });
  return (action) => describeActionNamed(action, webhooks.data, slack.data);
}

/** {@link useActionNames} without the queries. */
export function describeActionNamed(
  action: Record<string, unknown>,
  webhooks: readonly Webhook[] | undefined,
  slack: readonly SlackIntegration[] | undefined,
): string {
  switch (action.type) {
    case 'GENERIC_WEBHOOK': {
      if (!webhooks) return 'Webhook';
      const w = webhooks.find((x) => x.id === action.webhook_id);
      return w ? `Webhook ${w.name} — ${w.url}` : 'Webhook (deleted)';
    }
    case 'NOTIFICATION': {
      if (!slack) return 'Slack message';
      const s = slack.find((x) => x.id === action.slack_integration_id);
      return s ? `Slack message to ${slackInWords(s)}` : 'Slack message (integration deleted)';
    }
    case 'NO_OP':
      return 'Record only';
    default:
      return String(action.type ?? '');
  }
}

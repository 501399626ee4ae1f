import type { ActionJson, AutomationJson, EventJson, ScopeJson } from './automation-wire.js';
import type { EventBuilder } from './event-builder.js';

/** Posts the payload template (`${run_name}` and the like) to a webhook integration. */
export function sendWebhook(webhookId: string, payload: Record<string, unknown> | string = {}): ActionJson {
  return { type: 'GENERIC_WEBHOOK', webhook_id: webhookId, payload };
}

/** Posts a Slack message through a Slack integration. */
export function sendNotification(
  slackIntegrationId: string,
  message: { title: string; message: string; severity?: 'INFO' | 'WARN' | 'ERROR' },
): ActionJson {
  return {
    type: 'NOTIFICATION',
    slack_integration_id: slackIntegrationId,
    title: message.title,
    message: message.message,
    severity: message.severity ?? 'INFO',
  };
}

/** Records the execution and does nothing else (to try an automation out). */
export function doNothing(): ActionJson {
  return { type: 'NO_OP' };
}

/** Where and under which name `on(…).then(…)` puts an automation. */
export interface AutomationMeta {
  name: string;
  scope: ScopeJson;
  description?: string;
  enabled?: boolean;
}

/** An event waiting for its action. */
export interface Trigger {
  /** Completes the automation with the action to take. */
  then(action: ActionJson): AutomationJson;
}

/**
 * Starts an automation, W&B style:
 * `on(RunEvent.metric('loss').avg(5).gt(2), { name, scope }).then(sendWebhook(id, payload))`.
 * The result is the wire JSON that POST /teams/{team}/automations takes.
 */
export function on(event: EventBuilder | EventJson, meta: AutomationMeta): Trigger {
  const eventJson =
    'toJSON' in event && typeof event.toJSON === 'function' ? event.toJSON() : (event as EventJson);
  return {
    // biome-ignore lint/suspicious/noThenProperty: `on(event).then(action)` mirrors W&B's builder API; a Trigger is never awaited.
    then(action) {
      const automation: AutomationJson = { name: meta.name, scope: meta.scope, event: eventJson, action };
      if (meta.description !== undefined) automation.description = meta.description;
      if (meta.enabled !== undefined) automation.enabled = meta.enabled;
      return automation;
    },
  };
}

import type { Automation, Delivery, DeliveryAttempt, Execution } from '@bellwether/storage';
import type { AutomationView } from './automation-access.js';

/** The latest firing of an automation, when it has one. */
export interface LastExecution {
  id: string;
  status: string;
  created_at: number;
}

/**
 * An automation on the wire (SPEC §8) with its identity and times. The outline (restricted
 * viewers) keeps the event and action types only.
 */
export function automationBody(a: Automation, view: AutomationView, last: LastExecution | null = null) {
  const d = a.definition;
  return {
    id: a.id,
    name: d.name,
    description: d.description,
    enabled: a.enabled,
    scope: d.scope as Record<string, unknown>,
    event: view === 'full' ? (d.event as Record<string, unknown>) : { type: d.event.type },
    action: view === 'full' ? (d.action as Record<string, unknown>) : { type: d.action.type },
    details_hidden: view !== 'full',
    created_at: a.createdAt,
    updated_at: a.updatedAt,
    last_execution_at: a.lastExecutionAt,
    last_execution: last,
  };
}

function attemptBody(a: DeliveryAttempt) {
  return {
    id: a.id,
    attempt_no: a.attemptNo,
    started_at: a.startedAt,
    duration_ms: a.durationMs,
    outcome: a.outcome,
    status_code: a.statusCode,
    request_url: a.requestUrl,
    request_headers: a.requestHeaders,
    request_body: a.requestBody,
    response_headers: a.responseHeaders,
    response_body: a.responseBody,
    error: a.error,
  };
}

function deliveryBody(d: Delivery) {
  return {
    id: d.id,
    action_type: d.actionType,
    action: d.action,
    status: d.status,
    attempt_count: d.attempts,
    next_attempt_at: d.nextAttemptAt,
    last_error: d.lastError,
    created_at: d.createdAt,
    updated_at: d.updatedAt,
    finished_at: d.finishedAt,
    attempts: d.attemptList.map(attemptBody),
  };
}

/** An execution on the wire: the event snapshot under `event` with `type` and `author` first. */
export function executionBody(e: Execution) {
  const { event_type, event_author, ...rest } = e.event;
  return {
    id: e.id,
    automation_id: e.automationId,
    automation_name: e.automationName,
    status: e.status,
    event: { type: event_type ?? e.eventType, author: event_author ?? null, ...rest },
    reason: e.reason,
    created_at: e.createdAt,
    finished_at: e.finishedAt,
    deliveries: e.deliveries.map(deliveryBody),
  };
}

/** A run's or artifact's line in "automations it triggered". */
export function triggeredBody(e: Execution) {
  return {
    automation_id: e.automationId,
    name: e.automationName,
    execution_id: e.id,
    status: e.status,
    created_at: e.createdAt,
  };
}

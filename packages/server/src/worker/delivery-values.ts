import { isSecretReference } from '@bellwether/core';

/** What the template values of one delivery are computed from. */
export interface DeliveryValuesInput {
  /** The execution's event snapshot, keyed by template variable names; the values are added to it. */
  event: Record<string, unknown>;
  automationId: string;
  automationName: string;
  executionId: string;
  publicUrl: string;
}

/**
 * The template values of a delivery (SPEC §4): the event snapshot plus the variables only known
 * at delivery time (`automation_name`, `execution_id`, `automation_url`, `run_url`), written into
 * `input.event` itself, which the caller owns (parsed for this delivery): a worker does this for
 * every delivery, and copying the snapshot's twenty-odd keys was a measurable part of it.
 */
export function deliveryValues(input: DeliveryValuesInput): Record<string, unknown> {
  const e = input.event;
  const runUrl =
    typeof e.run_url === 'string' && e.run_url !== ''
      ? e.run_url
      : typeof e.run_id === 'string' &&
          typeof e.entity_name === 'string' &&
          typeof e.project_name === 'string'
        ? `${input.publicUrl}/${encodeURIComponent(e.entity_name)}/${encodeURIComponent(e.project_name)}/runs/${encodeURIComponent(e.run_id)}`
        : '';
  e.automation_name = input.automationName;
  e.execution_id = input.executionId;
  e.automation_url = `${input.publicUrl}/automations/${input.automationId}`;
  e.run_url = runUrl;
  return e;
}

/**
 * Adds a webhook's secrets under `ACCESS_TOKEN` and their own names to `values` (the delivery's
 * own object from {@link deliveryValues}, changed in place rather than copied). Names the
 * variable catalogue owns are skipped: templates read those as variables, never as secrets.
 */
export function addSecretValues(
  values: Record<string, unknown>,
  secrets: ReadonlyArray<{ name: string; value: string; accessToken: boolean }>,
): Record<string, unknown> {
  for (const s of secrets) {
    if (s.accessToken) values.ACCESS_TOKEN = s.value;
    if (isSecretReference(s.name)) values[s.name] = s.value;
  }
  return values;
}

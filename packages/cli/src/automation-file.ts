import { type AutomationInput, BellwetherError, parseAutomationInput } from '@bellwether/core';
import { parse, stringify } from 'yaml';
import { usageError } from './cli-error.js';

/** An automations-as-code file: the team they belong to and the automations by name. */
export interface AutomationFile {
  team: string | undefined;
  automations: AutomationInput[];
}

/** The fields of an automation that a file holds (no ids or times). */
export const DEFINITION_FIELDS = ['name', 'description', 'enabled', 'scope', 'event', 'action'] as const;

/**
 * Parses a YAML or JSON file (`{ team?, automations: [...] }`, a bare list, or one automation) and validates each
 * automation as the server would, so mistakes show with their path before anything is sent:
 * `automations[2].event.metric.window: must be an integer between 1 and 1000`.
 */
export function parseAutomationFile(text: string, source: string): AutomationFile {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    throw usageError(`${source}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const single = typeof doc === 'object' && doc !== null && !Array.isArray(doc) && !('automations' in doc);
  const root = Array.isArray(doc) ? { automations: doc } : single ? { automations: [doc] } : doc;
  if (
    typeof root !== 'object' ||
    root === null ||
    !Array.isArray((root as { automations?: unknown }).automations)
  ) {
    throw usageError(`${source}: expected a list of automations or an object with "automations"`);
  }
  const { team, automations } = root as { team?: unknown; automations: unknown[] };
  if (team !== undefined && typeof team !== 'string') throw usageError(`${source}: "team" must be a string`);
  const names = new Set<string>();
  const parsed = automations.map((raw, i) => {
    try {
      const automation = parseAutomationInput(raw);
      if (names.has(automation.name)) {
        throw usageError(`${source}: automations[${i}].name: '${automation.name}' appears twice`);
      }
      names.add(automation.name);
      return automation;
    } catch (error) {
      if (error instanceof BellwetherError) {
        const lines = (error.errors.length > 0 ? error.errors : [{ path: '', message: error.message }]).map(
          (e) => `  automations[${i}]${e.path ? `.${e.path}` : ''}: ${e.message}`,
        );
        throw usageError(`${source} is invalid:\n${lines.join('\n')}`);
      }
      throw error;
    }
  });
  return { team, automations: parsed };
}

/** Writes automations as a file that `apply` takes back unchanged (YAML, or JSON for `.json`). */
export function formatAutomationFile(file: AutomationFile, format: 'yaml' | 'json'): string {
  const body = {
    ...(file.team !== undefined ? { team: file.team } : {}),
    automations: file.automations.map(definitionOf),
  };
  return format === 'json' ? `${JSON.stringify(body, null, 2)}\n` : stringify(body, { lineWidth: 0 });
}

/** The file fields of an automation, in a stable order. */
export function definitionOf(a: Record<string, unknown>): AutomationInput {
  const out: Record<string, unknown> = {};
  for (const field of DEFINITION_FIELDS) out[field] = a[field];
  return out as unknown as AutomationInput;
}

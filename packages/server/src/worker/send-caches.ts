import { type CompiledPayloadTemplate, compilePayloadTemplate } from '@bellwether/core';
import { createRedactor, type Redactor } from '@bellwether/delivery';

const MAX_ENTRIES = 1000;

/** A saved action parsed once, with its payload template compiled once (or why it cannot be). */
export interface ParsedAction {
  action: Record<string, unknown>;
  /** The compiled payload template of a webhook action; an Error when it does not compile. */
  payload: CompiledPayloadTemplate | Error | null;
}

/**
 * What a worker would otherwise redo for every delivery of the same automation: parsing the saved
 * action, compiling its payload template, and building the redactor of a set of secret values.
 * Keyed by the exact text (the action as saved on the delivery, the secret values themselves), so
 * an edited automation or a rotated secret is a new entry, never a stale one. Bounded: the oldest
 * entry goes when the cache is full.
 */
export interface SendCaches {
  action(text: string): ParsedAction;
  redactor(secretValues: readonly string[]): Redactor;
}

function remember<V>(map: Map<string, V>, key: string, value: V): V {
  if (map.size >= MAX_ENTRIES) map.delete(map.keys().next().value as string);
  map.set(key, value);
  return value;
}

/** Creates one worker's send caches. */
export function createSendCaches(): SendCaches {
  const actions = new Map<string, ParsedAction>();
  const redactors = new Map<string, Redactor>();
  return {
    action(text) {
      const hit = actions.get(text);
      if (hit !== undefined) return hit;
      const action = JSON.parse(text) as Record<string, unknown>;
      let payload: ParsedAction['payload'] = null;
      if (action.type === 'GENERIC_WEBHOOK') {
        try {
          payload = compilePayloadTemplate(action.payload);
        } catch (error) {
          payload = error instanceof Error ? error : new Error(String(error));
        }
      }
      return remember(actions, text, { action, payload });
    },
    redactor(secretValues) {
      // NUL cannot occur in a stored secret (the API refuses it), so it separates values safely.
      const key = secretValues.join('\0');
      return redactors.get(key) ?? remember(redactors, key, createRedactor(secretValues));
    },
  };
}

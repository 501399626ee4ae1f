import type { AutomationInput } from '@bellwether/core';
import { definitionOf } from './automation-file.js';

/** An automation as the server lists it (the fields a plan reads). */
export interface RemoteAutomation {
  id: string;
  name: string;
  details_hidden?: boolean;
  [field: string]: unknown;
}

/** One field that differs between the file and the server. */
export interface FieldChange {
  path: string;
  from: unknown;
  to: unknown;
}

/** What `apply` will do, by automation name. */
export interface ApplyPlan {
  added: AutomationInput[];
  changed: { id: string; name: string; automation: AutomationInput; changes: FieldChange[] }[];
  removed: { id: string; name: string }[];
  /** On the server, not in the file, and kept because --prune was not given. */
  kept: string[];
  unchanged: string[];
}

/**
 * Compares the file with the server by name. Both sides are fully normalized (defaults filled
 * in), so a file exported from the server plans no change.
 */
export function planApply(
  desired: readonly AutomationInput[],
  current: readonly RemoteAutomation[],
  options: { prune: boolean },
): ApplyPlan {
  const byName = new Map(current.map((a) => [a.name, a]));
  const plan: ApplyPlan = { added: [], changed: [], removed: [], kept: [], unchanged: [] };
  for (const automation of desired) {
    const remote = byName.get(automation.name);
    if (!remote) {
      plan.added.push(automation);
      continue;
    }
    const changes = diffValues(definitionOf(remote), automation, '');
    if (changes.length === 0) plan.unchanged.push(automation.name);
    else plan.changed.push({ id: remote.id, name: automation.name, automation, changes });
  }
  const wanted = new Set(desired.map((a) => a.name));
  for (const remote of current) {
    if (wanted.has(remote.name)) continue;
    if (options.prune) plan.removed.push({ id: remote.id, name: remote.name });
    else plan.kept.push(remote.name);
  }
  return plan;
}

/** Whether applying the plan would change anything. */
export function planIsEmpty(plan: ApplyPlan): boolean {
  return plan.added.length === 0 && plan.changed.length === 0 && plan.removed.length === 0;
}

/** The plan as lines for people: `+ added`, `~ changed (field: old → new)`, `- removed`. */
export function formatPlan(plan: ApplyPlan): string[] {
  const lines: string[] = [];
  for (const a of plan.added) lines.push(`+ ${a.name}`);
  for (const c of plan.changed) {
    lines.push(`~ ${c.name}`);
    for (const ch of c.changes) lines.push(`    ${ch.path}: ${show(ch.from)} → ${show(ch.to)}`);
  }
  for (const r of plan.removed) lines.push(`- ${r.name}`);
  if (lines.length === 0) lines.push('No changes.');
  if (plan.kept.length > 0) {
    lines.push(
      `${plan.kept.length} automation(s) not in the file are kept (--prune deletes them): ${plan.kept.join(', ')}`,
    );
  }
  return lines;
}

function show(value: unknown): string {
  return value === undefined ? '(none)' : JSON.stringify(value);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Field-level differences; objects are compared key by key (order-insensitive), arrays whole. */
function diffValues(from: unknown, to: unknown, path: string): FieldChange[] {
  if (isObject(from) && isObject(to)) {
    const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])].sort();
    return keys.flatMap((k) => diffValues(from[k], to[k], path ? `${path}.${k}` : k));
  }
  return canonical(from) === canonical(to) ? [] : [{ path, from, to }];
}

function canonical(value: unknown): string {
  return (
    JSON.stringify(value, (_key, v: unknown) =>
      isObject(v)
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, v[k]]),
          )
        : v,
    ) ?? 'undefined'
  );
}

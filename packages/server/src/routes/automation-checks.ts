import { type AutomationInput, applyAutomationPatch, notFound } from '@bellwether/core';
import { type Automation, type Database, findTeamById, type Team, type User } from '@bellwether/storage';
import type { Kysely } from 'kysely';
import {
  automationView,
  requireAutomationManager,
  requireIntegrationUse,
} from '../automations/automation-access.js';
import {
  parseAutomationBody,
  parsePatchBody,
  type ResolvedScope,
  resolveScope,
  validateAction,
} from '../automations/validate-automation.js';

/** The scope a body names, read loosely before validation so a forbidden caller gets 403 first. */
function claimedScope(json: Record<string, unknown>): AutomationInput['scope'] {
  const scope = json.scope as Record<string, unknown> | undefined;
  if (scope && typeof scope.registry === 'string' && typeof scope.type === 'string') {
    return scope.type === 'registry_collection'
      ? { type: 'registry_collection', registry: scope.registry, collection: String(scope.collection) }
      : { type: 'registry', registry: scope.registry };
  }
  return { type: 'team', team: '' };
}

/** A new automation that passed every check, with its scope resolved to ids. */
export interface CheckedAutomation {
  input: AutomationInput;
  scope: ResolvedScope;
}

/**
 * Every check creating an automation makes before it writes (403, 404 or 422 naming each field):
 * POST /teams/{team}/automations and its dry run both call this, so they cannot disagree.
 */
export async function checkNewAutomation(
  db: Kysely<Database>,
  user: User,
  team: Team,
  json: Record<string, unknown>,
): Promise<CheckedAutomation> {
  await requireAutomationManager(db, user, team, claimedScope(json));
  const input = parseAutomationBody(json);
  await requireAutomationManager(db, user, team, input.scope);
  await requireIntegrationUse(db, user, team, input.action);
  const scope = await resolveScope(db, user.orgId, team, input.scope);
  await validateAction(db, team.id, input.action);
  return { input, scope };
}

/** An edit that passed every check: the owning team, the merged definition and where it applies. */
export interface CheckedEdit {
  team: Team;
  merged: AutomationInput;
  scopeType: Automation['scopeType'];
  scopeKey: string;
}

/**
 * Every check editing an automation makes before it writes (403, 404 or 422 naming each field):
 * PATCH /automations/{id} and its dry run both call this, so they cannot disagree.
 */
export async function checkAutomationEdit(
  db: Kysely<Database>,
  user: User,
  current: Automation,
  json: Record<string, unknown>,
): Promise<CheckedEdit> {
  const team = await findTeamById(db, current.teamId);
  if (!team) throw notFound(`Automation '${current.id}'`);
  await automationView(db, user, current);
  await requireAutomationManager(db, user, team, current.definition.scope);
  const patch = parsePatchBody(json);
  const merged = applyAutomationPatch(current.definition, patch);
  await requireIntegrationUse(db, user, team, merged.action);
  let { scopeType, scopeKey } = current;
  if (patch.scope) {
    await requireAutomationManager(db, user, team, merged.scope);
    ({ scopeType, scopeKey } = await resolveScope(db, user.orgId, team, merged.scope));
  }
  if (patch.action) await validateAction(db, team.id, merged.action);
  return { team, merged, scopeType, scopeKey };
}
